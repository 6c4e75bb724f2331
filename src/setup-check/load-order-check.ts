import { dirname, relative } from 'node:path';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { CallingModule } from './calling-module';
import { type EarlyLoadedModule, patchEarlyLoadedModule } from './early-loaded-modules';
import { findInstalledPackage, packageNameOf } from './installed-packages';
import { isEsmFile } from './module-kind';
import { warnSetupMistake } from './setup-warning';
import { findStaticImports } from './static-imports';

/** An enabled instrumentation: its registry entry and the instance registered. */
export interface ActiveInstrumentation {
  name: string;
  modules: readonly string[];
  instance: Instrumentation;
}

/** How genai-otel was set up in this process. */
export type LoadedBy = 'require-flag' | 'import-flag' | 'code';

/**
 * Case "`require('openai')` before `register()`": the library is cached and unpatched. It is
 * patched now (see {@link patchEarlyLoadedModule}) and the app is told to change the order.
 * Returns the modules that stay unpatched.
 */
export function patchAndReportEarlyLoads(
  early: readonly EarlyLoadedModule[],
  active: readonly ActiveInstrumentation[],
  loadedBy: LoadedBy,
): EarlyLoadedModule[] {
  const unpatched: EarlyLoadedModule[] = [];
  const reported = new Set<string>();
  for (const module of early) {
    const instrumentation = active.find((entry) => entry.name === module.instrumentation);
    if (!instrumentation) continue;
    const patched = patchEarlyLoadedModule(module, instrumentation.instance);
    if (!patched) unpatched.push(module);
    const packageName = packageNameOf(module.moduleName);
    if (reported.has(packageName)) continue;
    reported.add(packageName);
    const before = loadedBy === 'code' ? 'register() ran' : 'genai-otel/register was loaded';
    const fix =
      loadedBy === 'code'
        ? `call register() before anything requires ${packageName} (make it the first line of your entry file), or start with \`node --require genai-otel/register ${mainScript()}\``
        : `load genai-otel/register before any other preload that requires ${packageName}`;
    warnSetupMistake(
      patched
        ? `genai-otel: ${packageName} was required before ${before}, so calls made until now were not traced; genai-otel patched the loaded copy late. Fix: ${fix}.`
        : `genai-otel: ${packageName} was required before ${before} and could not be patched afterwards, so it is not instrumented. Fix: ${fix}.`,
    );
  }
  return unpatched;
}

/**
 * Case "`register()` in an ES module (compiled ESM, tsx, ts-node ESM)": static imports are
 * hoisted, so the libraries are loaded before `register()` runs, and `register()` installs no ESM
 * loader hook, so ES module imports are never patched. Warned when the calling module is ESM and an
 * instrumented library is installed where the app would import it from.
 */
export function warnIfEsmImportsUnpatched(
  caller: CallingModule | undefined,
  active: readonly ActiveInstrumentation[],
  early: readonly EarlyLoadedModule[],
): void {
  if (!caller?.isEsm) return;
  const earlyPackages = new Set(early.map((module) => packageNameOf(module.moduleName)));
  const exposed = importedTargetPackages(active, caller.file).filter((name) => !earlyPackages.has(name));
  if (exposed.length === 0) return;
  warnSetupMistake(
    `genai-otel: register() was called in the ES module ${displayPath(caller.file)}, whose imports load before it runs and cannot be hooked from code, so ${listOf(exposed)} imported there ${exposed.length === 1 ? 'is' : 'are'} not instrumented. ` +
      `Fix: start the app with \`node --import genai-otel/register ${displayPath(caller.file)}\` (tsx: \`tsx --import genai-otel/register\`; Node type stripping and ts-node the same) and set options through OTEL_* variables or GENAI_OTEL_CONFIG.`,
  );
}

/**
 * Case "`--require genai-otel/register` on an ES module app": require hooks never see `import`.
 * Checked from the `--require` entry against the main script.
 */
export function warnIfRequireFlagOnEsmApp(active: readonly ActiveInstrumentation[]): void {
  const main = process.argv[1];
  if (!main || !isEsmFile(main)) return;
  const exposed = importedTargetPackages(active, main);
  if (exposed.length === 0) return;
  warnSetupMistake(
    `genai-otel: genai-otel/register was loaded with --require, but ${displayPath(main)} is an ES module, and --require cannot hook its imports: ${listOf(exposed)} imported there ${exposed.length === 1 ? 'is' : 'are'} not instrumented. ` +
      `Fix: use \`node --import genai-otel/register ${displayPath(main)}\` (it hooks both import and require).`,
  );
}

/** The instrumented packages installed for `entry` and imported by the app's code from there. */
function importedTargetPackages(active: readonly ActiveInstrumentation[], entry: string): string[] {
  const packages = [
    ...new Set(active.flatMap((instrumentation) => instrumentation.modules.map(packageNameOf))),
  ];
  const installed = packages.filter((name) => findInstalledPackage(name, dirname(entry)) !== undefined);
  if (installed.length === 0) return [];
  const imported = new Set(findStaticImports(entry, installed).map((found) => found.packageName));
  return installed.filter((name) => imported.has(name));
}

function mainScript(): string {
  return process.argv[1] ? displayPath(process.argv[1]) : 'app.js';
}

/** Relative to the working directory when inside it, so the fix can be pasted into a shell there. */
function displayPath(file: string): string {
  const fromCwd = relative(process.cwd(), file);
  return fromCwd && !fromCwd.startsWith('..') ? fromCwd : file;
}

function listOf(names: readonly string[]): string {
  return names.length === 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
