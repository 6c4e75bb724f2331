import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ParentBasedSampler, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  loadConfig,
  readSavedConfig,
  saveConfig,
  withSavedConfigFromEnv,
} from '../../src/config/saved-config';
import { type SavedConfig, SavedConfigError } from '../../src/config/saved-config-schema';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'genai-otel-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const FULL: SavedConfig = {
  serviceName: 'load-test',
  resourceAttributes: { 'deployment.environment': 'staging', 'app.build': 42 },
  traceExporters: ['otlp', 'console'],
  metricExporters: ['otlp'],
  otlp: {
    endpoint: 'http://127.0.0.1:4318',
    protocol: 'http/json',
    headers: { authorization: 'Bearer x' },
    timeoutMillis: 5000,
  },
  sampler: { name: 'parentbased_traceidratio', ratio: 0.25 },
  batch: { maxQueueSize: 4096, scheduledDelayMillis: 1000 },
  captureMessageContent: true,
  disabledInstrumentations: ['openai'],
  logLevel: 'info',
  exitFlushTimeoutMillis: 2000,
  flushOnExit: true,
  hooks: { beforeRequest: ['./add-metadata.cjs'], afterResponse: ['./tag-response.mjs'] },
  pricing: { 'gpt-4o-mini': { input: 0.12, output: 0.48, cacheRead: 0.06 } },
  events: { ignoreEventStarts: ['templating'], ignoreEventEnds: ['exception'] },
};

function writeConfig(content: unknown): string {
  const file = join(dir, 'genai-otel.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function errorOf(fn: () => unknown): SavedConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SavedConfigError);
    return error as SavedConfigError;
  }
  throw new Error('expected a SavedConfigError');
}

describe('saved configuration', () => {
  it('round-trips every option through saveConfig / readSavedConfig', () => {
    const file = join(dir, 'saved.json');
    saveConfig(file, FULL);
    expect(readSavedConfig(file)).toEqual(FULL);
  });

  it('loads as register options: sampler built, hook modules loaded relative to the file', () => {
    copyFileSync(join(__dirname, 'fixtures/add-metadata.cjs'), join(dir, 'add-metadata.cjs'));
    copyFileSync(join(__dirname, 'fixtures/tag-response.mjs'), join(dir, 'tag-response.mjs'));
    const options = loadConfig(writeConfig(FULL));
    expect(options.serviceName).toBe('load-test');
    expect(options.pricing).toEqual(FULL.pricing);
    expect(options.sampler).toBeInstanceOf(ParentBasedSampler);
    expect(options.sampler?.toString()).toContain(new TraceIdRatioBasedSampler(0.25).toString());
    const [before] = (options.hooks?.beforeRequest ?? []) as Array<(p: object, i: object) => object>;
    expect(before?.({ model: 'm' }, { method: 'chat.completions.create' })).toEqual({
      model: 'm',
      metadata: { source: 'saved-config', method: 'chat.completions.create' },
    });
    expect(options.hooks?.afterResponse).toHaveLength(1);
  });

  it.each([
    ['{ "serviceName": ', '(file)', /is not valid JSON/],
    ['[1, 2]', '(file)', /must be a JSON object, got an array/],
    [{ serviceNam: 'x' }, 'serviceNam', /is not a known key; known keys here: .*serviceName/],
    [
      { otlp: { protocol: 'grpc' } },
      'otlp.protocol',
      /must be one of http\/protobuf, http\/json, got string "grpc"/,
    ],
    [{ otlp: { endpoint: 'localhost:4318' } }, 'otlp.endpoint', /must be an http\(s\) URL/],
    [{ traceExporters: ['otlp', 'jaeger'] }, 'traceExporters[1]', /must be one of otlp, console, none/],
    [{ sampler: { ratio: 0.5 } }, 'sampler.name', /is required/],
    [{ sampler: { name: 'traceidratio', ratio: 2 } }, 'sampler.ratio', /between 0 and 1/],
    [{ batch: { maxQueueSize: 0 } }, 'batch.maxQueueSize', /integer >= 1, got number 0/],
    [
      { captureMessageContent: 'yes' },
      'captureMessageContent',
      /must be true, false, NO_CONTENT, SPAN_ONLY, EVENT_ONLY or SPAN_AND_EVENT, got string "yes"/,
    ],
    [{ pricing: { 'gpt-4o': { input: 2.5 } } }, 'pricing.gpt-4o.output', /is required/],
    [{ pricing: { 'gpt-4o': { input: -1, output: 10 } } }, 'pricing.gpt-4o.input', /a number >= 0/],
    [{ hooks: { beforeRequest: 'hook.js' } }, 'hooks.beforeRequest', /must be an array/],
    [{ events: { ignoreEventStarts: [1] } }, 'events.ignoreEventStarts[0]', /non-empty string/],
  ])('rejects %j naming "%s" and why', (content, key, reason) => {
    const file = writeConfig(content);
    const error = errorOf(() => readSavedConfig(file));
    expect(error.key).toBe(key);
    expect(error.reason).toMatch(reason);
    expect(error.message).toContain(file);
    expect(error.message).toContain(`"${key}"`);
  });

  it('names a missing file, a missing hook module and a module without a function', () => {
    expect(errorOf(() => readSavedConfig(join(dir, 'nope.json'))).reason).toMatch(/cannot be read/);
    const missing = errorOf(() =>
      loadConfig(writeConfig({ hooks: { beforeRequest: ['./missing-hook.cjs'] } })),
    );
    expect(missing.key).toBe('hooks.beforeRequest[0]');
    expect(missing.reason).toMatch(/cannot load module "\.\/missing-hook\.cjs"/);
    writeFileSync(join(dir, 'not-a-hook.cjs'), 'module.exports = { answer: 42 };');
    const notFunction = errorOf(() =>
      loadConfig(writeConfig({ hooks: { afterResponse: ['./not-a-hook.cjs'] } })),
    );
    expect(notFunction.key).toBe('hooks.afterResponse[0]');
    expect(notFunction.reason).toMatch(/exports no function/);
  });

  it('saveConfig refuses what it could not load back (functions, bad values)', () => {
    const file = join(dir, 'bad.json');
    expect(() => saveConfig(file, { hooks: { beforeRequest: [(() => {}) as unknown as string] } })).toThrow(
      /"hooks.beforeRequest\[0\]" must be a non-empty string/,
    );
    expect(() => saveConfig(file, { logLevel: 'loud' as never })).toThrow(SavedConfigError);
  });

  it('GENAI_OTEL_CONFIG: the file goes under explicit options, otlp and batch merged key by key', () => {
    const file = writeConfig({
      serviceName: 'from-file',
      otlp: { endpoint: 'http://collector:4318', timeoutMillis: 3000 },
      flushOnExit: false,
    });
    const merged = withSavedConfigFromEnv(
      { serviceName: 'from-code', otlp: { timeoutMillis: 1000 } },
      { GENAI_OTEL_CONFIG: file },
    );
    expect(merged).toMatchObject({
      serviceName: 'from-code',
      flushOnExit: false,
      otlp: { endpoint: 'http://collector:4318', timeoutMillis: 1000 },
    });
    expect(withSavedConfigFromEnv({ serviceName: 'x' }, {})).toEqual({ serviceName: 'x' });
  });
});
