import type { ModelPrice, PricingOverrides } from '../cost/pricing-overrides';
import { GENAI_CONVENTIONS, type GenAIConventions } from '../genai/semconv-version';
import type { HookModulePaths } from '../hooks/hook-modules';
import { type ContentCaptureMode, parseContentCaptureMode } from './content-capture';
import type { BatchOptions, ExporterName, LogLevelName, OtlpOptions, OtlpProtocol } from './register-options';
import { SAMPLER_NAMES, type SamplerName } from './sampler-spec';

/**
 * The saved configuration file (JSON): the register options that can be written down. Functions
 * cannot, so hooks are module paths and the sampler is named as in `OTEL_TRACES_SAMPLER`.
 */
export interface SavedConfig {
  /** Ignored; lets editors find a schema. */
  $schema?: string;
  serviceName?: string;
  resourceAttributes?: Record<string, string | number | boolean>;
  traceExporters?: ExporterName[];
  metricExporters?: ExporterName[];
  logExporters?: ExporterName[];
  otlp?: OtlpOptions;
  sampler?: { name: SamplerName; ratio?: number };
  batch?: BatchOptions;
  metricExportIntervalMillis?: number;
  /** See docs/semconv-versions.md. */
  genAIConventions?: GenAIConventions;
  captureMessageContent?: boolean | ContentCaptureMode;
  contentBudget?: number;
  /** The built-in filesystem store (a store of your own is given in code). */
  contentOffload?: { directory?: string; minTextChars?: number };
  enabledInstrumentations?: string[];
  disabledInstrumentations?: string[];
  logLevel?: LogLevelName;
  exitFlushTimeoutMillis?: number;
  flushOnExit?: boolean;
  /** Module paths, relative to the file's folder; see docs/saved-config.md. */
  hooks?: HookModulePaths;
  /** USD per million tokens, per model (see docs/cost.md). */
  pricing?: PricingOverrides;
  /** Defaults of event-source bridges. */
  events?: { ignoreEventStarts?: string[]; ignoreEventEnds?: string[] };
}

/** A saved configuration that cannot be used: names the file, the key and why. */
export class SavedConfigError extends Error {
  constructor(
    readonly file: string,
    /** Dotted path of the offending key, e.g. `otlp.protocol` or `pricing.gpt-4o.input`; `(file)` for the whole file. */
    readonly key: string,
    readonly reason: string,
  ) {
    super(`genai-otel config ${file}: "${key}" ${reason}`);
    this.name = 'SavedConfigError';
  }
}

const EXPORTERS: readonly ExporterName[] = ['otlp', 'console', 'none'];
const PROTOCOLS: readonly OtlpProtocol[] = ['http/protobuf', 'http/json'];
const LOG_LEVELS: readonly LogLevelName[] = ['none', 'error', 'warn', 'info', 'debug', 'verbose', 'all'];

type Check = (value: unknown, key: string) => void;

/**
 * Checks a parsed file against {@link SavedConfig}. Throws a {@link SavedConfigError} for the
 * first problem: an unknown key (typos), a wrong type, a value out of range.
 */
export function validateSavedConfig(value: unknown, file: string): SavedConfig {
  const fail = (key: string, reason: string): never => {
    throw new SavedConfigError(file, key, reason);
  };
  const describe = (v: unknown) =>
    v === null ? 'null' : Array.isArray(v) ? 'an array' : `${typeof v} ${JSON.stringify(v)}`;
  const string: Check = (v, key) => {
    if (typeof v !== 'string' || v.trim() === '') fail(key, `must be a non-empty string, got ${describe(v)}`);
  };
  const boolean: Check = (v, key) => {
    if (typeof v !== 'boolean') fail(key, `must be true or false, got ${describe(v)}`);
  };
  const integer =
    (min: number): Check =>
    (v, key) => {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < min)
        fail(key, `must be an integer >= ${min}, got ${describe(v)}`);
    };
  const price: Check = (v, key) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      fail(key, `must be a price in USD per million tokens (a number >= 0), got ${describe(v)}`);
  };
  const oneOf =
    (allowed: readonly string[]): Check =>
    (v, key) => {
      if (typeof v !== 'string' || !allowed.includes(v))
        fail(key, `must be one of ${allowed.join(', ')}, got ${describe(v)}`);
    };
  const list =
    (item: Check): Check =>
    (v, key) => {
      if (!Array.isArray(v)) fail(key, `must be an array, got ${describe(v)}`);
      for (const [index, entry] of (v as unknown[]).entries()) item(entry, `${key}[${index}]`);
    };
  const object =
    (fields: Record<string, Check>, required: readonly string[] = []): Check =>
    (v, key) => {
      if (v === null || typeof v !== 'object' || Array.isArray(v))
        fail(key || '(file)', `must be a JSON object, got ${describe(v)}`);
      const record = v as Record<string, unknown>;
      for (const name of Object.keys(record)) {
        const check = fields[name];
        const path = key === '' ? name : `${key}.${name}`;
        if (check === undefined)
          fail(path, `is not a known key; known keys here: ${Object.keys(fields).join(', ')}`);
        else if (record[name] !== undefined) check(record[name], path);
      }
      for (const name of required)
        if (record[name] === undefined) fail(key === '' ? name : `${key}.${name}`, 'is required');
    };
  const map =
    (entry: Check): Check =>
    (v, key) => {
      if (v === null || typeof v !== 'object' || Array.isArray(v))
        fail(key, `must be an object, got ${describe(v)}`);
      for (const [name, item] of Object.entries(v as Record<string, unknown>)) entry(item, `${key}.${name}`);
    };
  const scalar: Check = (v, key) => {
    if (!['string', 'number', 'boolean'].includes(typeof v))
      fail(key, `must be a string, number or boolean, got ${describe(v)}`);
  };
  const ratio: Check = (v, key) => {
    if (typeof v !== 'number' || !(v >= 0 && v <= 1))
      fail(key, `must be a number between 0 and 1, got ${describe(v)}`);
  };

  const root = object({
    $schema: string,
    serviceName: string,
    resourceAttributes: map(scalar),
    traceExporters: list(oneOf(EXPORTERS)),
    metricExporters: list(oneOf(EXPORTERS)),
    logExporters: list(oneOf(EXPORTERS)),
    otlp: object({
      endpoint: url(fail, describe),
      tracesEndpoint: url(fail, describe),
      metricsEndpoint: url(fail, describe),
      logsEndpoint: url(fail, describe),
      protocol: oneOf(PROTOCOLS),
      headers: map(string),
      timeoutMillis: integer(1),
    }),
    sampler: object({ name: oneOf(SAMPLER_NAMES), ratio }, ['name']),
    batch: object({
      scheduledDelayMillis: integer(0),
      exportTimeoutMillis: integer(0),
      maxQueueSize: integer(1),
      maxExportBatchSize: integer(1),
    }),
    metricExportIntervalMillis: integer(1),
    genAIConventions: oneOf(GENAI_CONVENTIONS),
    captureMessageContent: (v, key) => {
      if (typeof v !== 'boolean' && (typeof v !== 'string' || parseContentCaptureMode(v) === undefined))
        fail(
          key,
          `must be true, false, NO_CONTENT, SPAN_ONLY, EVENT_ONLY or SPAN_AND_EVENT, got ${describe(v)}`,
        );
    },
    contentBudget: integer(0),
    contentOffload: object({ directory: string, minTextChars: integer(1) }),
    enabledInstrumentations: list(string),
    disabledInstrumentations: list(string),
    logLevel: oneOf(LOG_LEVELS),
    exitFlushTimeoutMillis: integer(1),
    flushOnExit: boolean,
    hooks: object({ beforeRequest: list(string), afterResponse: list(string) }),
    pricing: map(
      object(
        {
          input: price,
          output: price,
          cacheRead: price,
          cacheWrite: price,
          reasoning: price,
        } satisfies Record<keyof ModelPrice, Check>,
        ['input', 'output'],
      ),
    ),
    events: object({ ignoreEventStarts: list(string), ignoreEventEnds: list(string) }),
  });
  root(value, '');
  return value as SavedConfig;
}

function url(fail: (key: string, reason: string) => never, describe: (v: unknown) => string): Check {
  return (v, key) => {
    if (typeof v !== 'string' || !URL.canParse(v) || !/^https?:$/.test(new URL(v).protocol))
      fail(key, `must be an http(s) URL, got ${describe(v)}`);
  };
}
