/**
 * Lets this process import the project's TypeScript test helpers (test/support/*.ts, and the
 * src/ modules they share with the product, such as the OTLP protobuf schema) with Node's own type
 * stripping: the package is CommonJS and these files are ESM with extensionless relative imports,
 * so resolve those to `.ts` and load the project's `.ts` files as `module-typescript`.
 */
import { registerHooks } from 'node:module';

const PROJECT_ROOT = new URL('../../', import.meta.url).href;

function isProjectTypeScript(url) {
  return url?.startsWith(PROJECT_ROOT) && url.endsWith('.ts') && !url.includes('/node_modules/');
}

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (
      specifier.startsWith('.') &&
      isProjectTypeScript(context.parentURL) &&
      !/\.[cm]?[jt]s$/.test(specifier)
    )
      return nextResolve(`${specifier}.ts`, context);
    return nextResolve(specifier, context);
  },
  load(url, context, nextLoad) {
    if (isProjectTypeScript(url)) return nextLoad(url, { ...context, format: 'module-typescript' });
    return nextLoad(url, context);
  },
});
