import {
  InstrumentationBase,
  type InstrumentationModuleDefinition,
  InstrumentationNodeModuleDefinition,
} from '@opentelemetry/instrumentation';
import { EnvReader } from '../../src/config/env-reader';
import { GenAIMetrics } from '../../src/genai/genai-metrics';
import type { GenAITelemetry } from '../../src/genai/inference-recording';
import { DEFAULT_UNCONSUMED_TIMEOUT_MS } from '../../src/genai/unconsumed-timeout';
import { PACKAGE_VERSION } from '../../src/version';
import { chatCompletionsSpec } from './chat-completions';
import { completionsSpec } from './completions';
import { embeddingsSpec } from './embeddings';
import type { ApiResourceLike, OpenAIClassLike, ResourceClassLike } from './internal-types';
import { openAIClassOf } from './openai-class';
import type { OperationSpec } from './operation-spec';
import { responsesSpec } from './responses';
import { type TracingHost, tracedCall } from './traced-call';
import type { OpenAIInstrumentationConfig } from './types';

/** The instrumentation scope name of every span and metric this instrumentation makes. */
export const OPENAI_INSTRUMENTATION_NAME = 'genai-otel/instrumentation-openai';

/** Supported `openai` majors: v4 (4.x … 4.104) through v7. */
export const SUPPORTED_OPENAI_VERSIONS = ['>=4.0.0 <8'];

/** Marks our wrappers so a class is never patched twice (hooks plus `instrument()`, two copies). */
const GENAI_OTEL_WRAPPER = Symbol.for('genai-otel.openai.wrapper');

interface PatchTarget {
  resource: (OpenAI: OpenAIClassLike) => ResourceClassLike | undefined;
  method: string;
  /** What the span calls it in diagnostics and hooks. */
  label: string;
  spec: OperationSpec;
}

const PATCH_TARGETS: readonly PatchTarget[] = [
  {
    resource: (OpenAI) => OpenAI.Chat?.Completions,
    method: 'create',
    label: 'chat.completions.create',
    spec: chatCompletionsSpec,
  },
  {
    resource: (OpenAI) => OpenAI.Responses,
    method: 'create',
    label: 'responses.create',
    spec: responsesSpec,
  },
  {
    resource: (OpenAI) => OpenAI.Embeddings,
    method: 'create',
    label: 'embeddings.create',
    spec: embeddingsSpec,
  },
  {
    resource: (OpenAI) => OpenAI.Completions,
    method: 'create',
    label: 'completions.create',
    spec: completionsSpec,
  },
];

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

/**
 * OpenTelemetry instrumentation for the `openai` package (v4–v7): GenAI spans and metrics for
 * `chat.completions.create` (with `.parse`, `.stream` and `.runTools`, which go through it),
 * `responses.create` (with `.parse` and `.stream`), `embeddings.create` and legacy
 * `completions.create`, streaming included.
 *
 * `register()` enables it; with your own SDK, pass it like any instrumentation:
 *
 * @example
 * import { NodeSDK } from '@opentelemetry/sdk-node';
 * import { OpenAIInstrumentation } from 'genai-otel';
 * new NodeSDK({ instrumentations: [new OpenAIInstrumentation()] }).start();
 *
 * Bundled apps, where module hooks never see `openai`, call {@link instrument} instead.
 */
export class OpenAIInstrumentation extends InstrumentationBase<OpenAIInstrumentationConfig> {
  // `declare`: the base constructor calls _updateMetricInstruments() before subclass fields would
  // be initialised, and an initialiser would then overwrite the instruments with undefined.
  declare private genaiMetrics: GenAIMetrics;
  declare private envUnconsumedTimeoutMs: number | undefined;
  declare private telemetryCache: GenAITelemetry | undefined;

  constructor(config: OpenAIInstrumentationConfig = {}) {
    super(OPENAI_INSTRUMENTATION_NAME, PACKAGE_VERSION, config);
  }

  protected override init(): InstrumentationModuleDefinition[] {
    return [
      new InstrumentationNodeModuleDefinition(
        'openai',
        SUPPORTED_OPENAI_VERSIONS,
        (moduleExports: unknown) => {
          this.patch(moduleExports);
          return moduleExports;
        },
        (moduleExports: unknown) => {
          if (moduleExports !== undefined) this.unpatch(moduleExports);
        },
      ),
    ];
  }

  protected override _updateMetricInstruments(): void {
    this.genaiMetrics = new GenAIMetrics(this.meter);
  }

  /**
   * Patches an `openai` module (CJS exports or ESM namespace) or the `OpenAI` class. Idempotent:
   * methods already wrapped by genai-otel are left alone. Returns the number of methods patched.
   */
  patch(target: unknown): number {
    const OpenAI = openAIClassOf(target);
    if (OpenAI === undefined) {
      this._diag.warn(
        'genai-otel: instrument() was given something that is not the openai module or the OpenAI class',
      );
      return 0;
    }
    let patched = 0;
    for (const patchTarget of PATCH_TARGETS) {
      const prototype = patchTarget.resource(OpenAI)?.prototype;
      const method = prototype?.[patchTarget.method];
      // Feature detection: Responses exists from openai 4.87; a future SDK may drop a resource.
      if (prototype === undefined || typeof method !== 'function') continue;
      if (isWrappedByUs(method)) continue;
      this._wrap(prototype, patchTarget.method, (original) =>
        this.wrapper(original as AnyFunction, patchTarget),
      );
      patched++;
    }
    return patched;
  }

  /** Removes this instrumentation's wrappers (leaving any wrapper another tool put on top). */
  unpatch(target: unknown): void {
    const OpenAI = openAIClassOf(target);
    if (OpenAI === undefined) return;
    for (const patchTarget of PATCH_TARGETS) {
      const prototype = patchTarget.resource(OpenAI)?.prototype;
      const method = prototype?.[patchTarget.method] as Record<symbol, unknown> | undefined;
      if (prototype !== undefined && method?.[GENAI_OTEL_WRAPPER] === this)
        this._unwrap(prototype, patchTarget.method);
    }
  }

  /** Reports a failure to patch to this instrumentation's `diag` logger. */
  reportPatchFailure(error: unknown): void {
    this._diag.error('genai-otel: failed to instrument openai', error);
  }

  private wrapper(original: AnyFunction, target: PatchTarget): AnyFunction {
    const host = this.tracingHost();
    const wrapped = function genaiOtelTraced(this: unknown, ...args: unknown[]): unknown {
      return tracedCall(host, target.spec, target.label, original, this as ApiResourceLike, args);
    };
    Object.defineProperty(wrapped, GENAI_OTEL_WRAPPER, { value: this });
    return wrapped;
  }

  private tracingHost(): TracingHost {
    return {
      isEnabled: () => this.isEnabled(),
      telemetry: () => this.currentTelemetry(),
      config: () => this._config,
      unconsumedTimeoutMs: () => this._config.unconsumedResponseTimeoutMs ?? this.unconsumedTimeoutFromEnv(),
      diag: this._diag,
    };
  }

  /** One object per tracer/meter pair rather than one per call; replaced when either changes. */
  private currentTelemetry(): GenAITelemetry {
    const tracer = this.tracer;
    const metrics = this.genaiMetrics;
    const cached = this.telemetryCache;
    if (cached?.tracer === tracer && cached.metrics === metrics) return cached;
    this.telemetryCache = { tracer, metrics, diag: this._diag };
    return this.telemetryCache;
  }

  private unconsumedTimeoutFromEnv(): number {
    this.envUnconsumedTimeoutMs ??= new EnvReader().number(
      'GENAI_OTEL_UNCONSUMED_RESPONSE_TIMEOUT_MS',
      DEFAULT_UNCONSUMED_TIMEOUT_MS,
    );
    return this.envUnconsumedTimeoutMs;
  }
}

/** Whether `fn`, or anything it wraps, is a genai-otel wrapper. */
function isWrappedByUs(fn: unknown): boolean {
  let current = fn as (Record<string | symbol, unknown> & { __original?: unknown }) | undefined;
  for (let depth = 0; current !== undefined && depth < 16; depth++) {
    if (current[GENAI_OTEL_WRAPPER] !== undefined) return true;
    current =
      typeof current.__original === 'function'
        ? (current.__original as unknown as typeof current)
        : undefined;
  }
  return false;
}
