import { type DiagLogger, DiagLogLevel, diag } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve-config';

let warnings: string[];
beforeEach(() => {
  warnings = [];
  const logger: DiagLogger = {
    error: () => {},
    warn: (message) => warnings.push(message),
    info: () => {},
    debug: () => {},
    verbose: () => {},
  };
  diag.setLogger(logger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
});
afterEach(() => diag.disable());

describe('resolveConfig', () => {
  it('uses the spec defaults, and the console tree when no OTLP endpoint is configured', () => {
    const config = resolveConfig({}, {});
    expect(config.disabled).toBe(false);
    expect(config.traces.exporters).toEqual(['console']);
    expect(config.metrics.exporters).toEqual(['none']);
    expect(config.traces.otlp).toEqual({
      url: 'http://localhost:4318/v1/traces',
      urlSource: 'the default http://localhost:4318',
      protocol: 'http/protobuf',
      headers: {},
      timeoutMillis: 10000,
    });
    expect(config.traces.sampler).toEqual({ name: 'parentbased_always_on', ratio: 1 });
    expect(config.traces.batch).toEqual({
      scheduledDelayMillis: 5000,
      exportTimeoutMillis: 30000,
      maxQueueSize: 16384,
      maxExportBatchSize: 512,
    });
    expect(config.captureMessageContent).toBe(false);
    expect(config.logLevel).toBe('warn');
    expect(warnings).toEqual([]);
  });

  it('exports OTLP for both signals once an endpoint is set, appending the signal paths', () => {
    const config = resolveConfig({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector.example:4318/otlp/' });
    expect(config.traces.exporters).toEqual(['otlp']);
    expect(config.metrics.exporters).toEqual(['otlp']);
    expect(config.traces.otlp.url).toBe('https://collector.example:4318/otlp/v1/traces');
    expect(config.metrics.otlp.url).toBe('https://collector.example:4318/otlp/v1/metrics');
  });

  it('lets per-signal variables win over the generic ones, used as given', () => {
    const config = resolveConfig(
      {},
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://generic:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://tempo:4318/custom/traces',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/protobuf',
        OTEL_EXPORTER_OTLP_HEADERS: 'a=1,b=2',
        OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'b=3',
        OTEL_EXPORTER_OTLP_TIMEOUT: '2000',
        OTEL_EXPORTER_OTLP_METRICS_TIMEOUT: '3000',
      },
    );
    expect(config.traces.otlp).toEqual({
      url: 'http://tempo:4318/custom/traces',
      urlSource: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=http://tempo:4318/custom/traces',
      protocol: 'http/json',
      headers: { a: '1', b: '3' },
      timeoutMillis: 2000,
    });
    expect(config.metrics.otlp).toEqual({
      url: 'http://generic:4318/v1/metrics',
      urlSource: 'OTEL_EXPORTER_OTLP_ENDPOINT=http://generic:4318',
      protocol: 'http/protobuf',
      headers: { a: '1', b: '2' },
      timeoutMillis: 3000,
    });
  });

  it('lets options win over the environment', () => {
    const config = resolveConfig(
      {
        serviceName: 'from-code',
        traceExporters: ['console'],
        otlp: { endpoint: 'http://code:4318', headers: { authorization: 'Bearer x' } },
        captureMessageContent: false,
        resourceAttributes: { 'deployment.environment.name': 'test' },
      },
      {
        OTEL_SERVICE_NAME: 'from-env',
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://env:4318',
        OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true',
        OTEL_RESOURCE_ATTRIBUTES: 'team=search,deployment.environment.name=prod',
      },
    );
    expect(config.serviceName).toBe('from-code');
    expect(config.traces.exporters).toEqual(['console']);
    expect(config.traces.otlp.url).toBe('http://code:4318/v1/traces');
    expect(config.traces.otlp.headers).toEqual({ authorization: 'Bearer x' });
    expect(config.captureMessageContent).toBe(false);
    expect(config.resourceAttributes).toEqual({ team: 'search', 'deployment.environment.name': 'test' });
  });

  it('reads exporter lists, sampler, batch, instrumentation and content switches', () => {
    const config = resolveConfig(
      {},
      {
        OTEL_TRACES_EXPORTER: 'otlp, console',
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.25',
        OTEL_BSP_MAX_QUEUE_SIZE: '8192',
        OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'openai,langchain',
        OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'langchain',
        OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'TRUE',
        OTEL_SDK_DISABLED: 'false',
        OTEL_LOG_LEVEL: 'DEBUG',
      },
    );
    expect(config.traces.exporters).toEqual(['otlp', 'console']);
    expect(config.metrics.exporters).toEqual(['none']);
    expect(config.traces.sampler).toEqual({ name: 'parentbased_traceidratio', ratio: 0.25 });
    expect(config.traces.batch.maxQueueSize).toBe(8192);
    expect(config.enabledInstrumentations).toEqual(['openai', 'langchain']);
    expect(config.disabledInstrumentations).toEqual(['langchain']);
    expect(config.captureMessageContent).toBe(true);
    expect(config.logLevel).toBe('debug');
    expect(warnings).toEqual([]);
  });

  it.each([
    ['OTEL_SDK_DISABLED', 'yes', 'false'],
    ['OTEL_TRACES_SAMPLER', 'jaeger_remote', 'parentbased_always_on'],
    ['OTEL_BSP_SCHEDULE_DELAY', '-5', '5000'],
    ['OTEL_BSP_MAX_EXPORT_BATCH_SIZE', '12.5', '512'],
    ['OTEL_EXPORTER_OTLP_PROTOCOL', 'grpc', 'http/protobuf'],
    ['OTEL_EXPORTER_OTLP_TIMEOUT', 'soon', '10000'],
    ['OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT', 'sometimes', 'false'],
    ['OTEL_LOG_LEVEL', 'loud', 'warn'],
    ['OTEL_TRACES_EXPORTER', 'zipkin', 'console'],
  ])('warns once about %s=%s and uses %s', (name, value, fallback) => {
    expect(() => resolveConfig({}, { [name]: value })).not.toThrow();
    const mentioning = warnings.filter((warning) => warning.includes(name));
    expect(mentioning).toHaveLength(1);
    expect(mentioning[0]).toContain(JSON.stringify(value));
    expect(mentioning[0]).toContain(`using ${fallback}`);
  });

  it('warns about a sampler ratio outside [0, 1] and samples everything', () => {
    const config = resolveConfig({}, { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '1.5' });
    expect(config.traces.sampler).toEqual({ name: 'traceidratio', ratio: 1 });
    expect(warnings.join('\n')).toContain('OTEL_TRACES_SAMPLER_ARG="1.5"');
  });

  it('keeps known exporters of a list with an unknown one, and treats none as off', () => {
    expect(resolveConfig({}, { OTEL_TRACES_EXPORTER: 'console,jaeger' }).traces.exporters).toEqual([
      'console',
    ]);
    expect(resolveConfig({}, { OTEL_TRACES_EXPORTER: 'none,otlp' }).traces.exporters).toEqual(['none']);
  });

  it('never puts a header value into a warning', () => {
    resolveConfig({}, { OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer sk-secret,=oops' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).not.toContain('sk-secret');
  });
});
