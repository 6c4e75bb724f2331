import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { loadHookModules } from '../hooks/hook-modules';
import type { RegisterOptions } from './register-options';
import { createSampler } from './sampler-spec';
import { type SavedConfig, SavedConfigError, validateSavedConfig } from './saved-config-schema';

/** The environment variable naming a saved configuration file for the register entries. */
export const GENAI_OTEL_CONFIG_ENV = 'GENAI_OTEL_CONFIG';

/**
 * Reads and validates a saved configuration file. Throws a {@link SavedConfigError} naming the
 * file, the key and what is wrong (unreadable file, invalid JSON, unknown key, wrong type).
 */
export function readSavedConfig(path: string): SavedConfig {
  const file = resolve(path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SavedConfigError(file, '(file)', `cannot be read: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SavedConfigError(file, '(file)', `is not valid JSON: ${(error as Error).message}`);
  }
  return validateSavedConfig(parsed, file);
}

/**
 * Writes `config` as pretty JSON after validating it (so a file that `saveConfig` wrote always
 * loads). Hooks are saved as module paths; see docs/saved-config.md.
 *
 * @example
 * saveConfig('genai-otel.json', { serviceName: 'load-test', sampler: { name: 'traceidratio', ratio: 0.1 }, pricing: { 'gpt-4o-mini': { input: 0.12, output: 0.48 } } });
 */
export function saveConfig(path: string, config: SavedConfig): void {
  const file = resolve(path);
  // Round-trip through JSON first: what is validated is exactly what will be read back.
  const plain: unknown = JSON.parse(JSON.stringify(config));
  validateSavedConfig(plain, file);
  writeFileSync(file, `${JSON.stringify(plain, null, 2)}\n`, 'utf8');
}

/**
 * Loads a saved configuration as {@link RegisterOptions}: the sampler is built, hook modules are
 * loaded (paths relative to the file). Throws {@link SavedConfigError} on any problem.
 *
 * @example
 * register({ ...loadConfig('genai-otel.json'), serviceName: 'overrides-the-file' });
 */
export function loadConfig(path: string): RegisterOptions {
  const file = resolve(path);
  const saved = readSavedConfig(file);
  return savedConfigToOptions(saved, file);
}

/** Turns a validated {@link SavedConfig} into register options (`file` locates hook modules). */
export function savedConfigToOptions(saved: SavedConfig, file: string): RegisterOptions {
  const { $schema: _schema, sampler, hooks, ...plain } = saved;
  const options: RegisterOptions = { ...plain };
  if (sampler !== undefined)
    options.sampler = createSampler({ name: sampler.name, ratio: sampler.ratio ?? 1 });
  if (hooks !== undefined) {
    try {
      options.hooks = loadHookModules(hooks, dirname(file));
    } catch (error) {
      const message = (error as Error).message;
      const separator = message.indexOf(': ');
      throw new SavedConfigError(file, message.slice(0, separator), message.slice(separator + 2));
    }
  }
  return options;
}

/**
 * Merges the file named by `GENAI_OTEL_CONFIG` under `options` (options win; `otlp` and `batch`
 * merge key by key). Returns `options` unchanged when the variable is unset. Throws
 * {@link SavedConfigError}; `register()` reports it and goes on without the file.
 */
export function withSavedConfigFromEnv(
  options: RegisterOptions,
  env: Readonly<Record<string, string | undefined>> = process.env,
): RegisterOptions {
  const path = env[GENAI_OTEL_CONFIG_ENV]?.trim();
  if (!path) return options;
  const fromFile = loadConfig(path);
  return {
    ...fromFile,
    ...options,
    otlp: options.otlp || fromFile.otlp ? { ...fromFile.otlp, ...options.otlp } : undefined,
    batch: options.batch || fromFile.batch ? { ...fromFile.batch, ...options.batch } : undefined,
  };
}
