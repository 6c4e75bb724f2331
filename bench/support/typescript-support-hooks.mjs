/**
 * Lets this process import the project's TypeScript test helpers (test/support/*.ts) with Node's
 * own type stripping: the package is CommonJS and the helpers are ESM with extensionless
 * relative imports, so resolve those to `.ts` and load them as `module-typescript`.
 */
import { registerHooks } from 'node:module';

const TEST_SUPPORT = '/test/support/';

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (
      specifier.startsWith('.') &&
      context.parentURL?.includes(TEST_SUPPORT) &&
      !/\.[cm]?[jt]s$/.test(specifier)
    )
      return nextResolve(`${specifier}.ts`, context);
    return nextResolve(specifier, context);
  },
  load(url, context, nextLoad) {
    if (url.includes(TEST_SUPPORT) && url.endsWith('.ts'))
      return nextLoad(url, { ...context, format: 'module-typescript' });
    return nextLoad(url, context);
  },
});
