import type { Span } from '@opentelemetry/api';
import {
  InstrumentationBase,
  type InstrumentationModuleDefinition,
  InstrumentationNodeModuleDefinition,
  InstrumentationNodeModuleFile,
} from '@opentelemetry/instrumentation';
import { EnvReader } from '../config/env-reader';
import { PACKAGE_VERSION } from '../version';
import { type CommandOperation, followCommandCall } from './command-call-follower';
import type { Endpoint } from './endpoint';
import { GenAIMetrics } from './genai-metrics';
import type { GenAITelemetry } from './inference-recording';
import type { AnyFunction, SdkCallHost } from './model-call';
import type { OperationSpec } from './operation-spec';
import type { PayloadRecord } from './payload-readers';
import { followSdkCall } from './sdk-call-follower';
import type { GenAISdkInstrumentationConfig } from './sdk-instrumentation-config';
import type { ApiResourceLike, ResourceClassLike } from './sdk-shapes';
import { DEFAULT_UNCONSUMED_TIMEOUT_MS } from './unconsumed-timeout';
import { wrapOnTop } from './wrap-on-top';

/** One SDK method to trace: where its resource class is, and how its payloads map. */
export interface SdkPatchTarget<Sdk> {
  /** The resource class whose prototype holds the method (feature-detected: may be undefined). */
  resource(sdk: Sdk): ResourceClassLike | undefined;
  method: string;
  /** What diagnostics and hooks call the method, e.g. `chat.completions.create`. */
  label: string;
  /** How the method's calls map onto the recorder; each call gets a span. */
  spec?: OperationSpec;
  /**
   * Instead of `spec`, for a `send(command)` method (the AWS SDK v3): the traced command classes by
   * class name; other commands pass through untraced (see {@link followCommandCall}).
   */
  commands?: Readonly<Record<string, CommandOperation>>;
  /**
   * Instead of `spec`, for a method that is not traced itself but calls a traced one (an SDK's
   * stream helper): adjusts its arguments while the instrumentation is enabled.
   */
  prepareArguments?(args: unknown[], client: unknown): unknown[];
}

/** Everything provider-specific a model-SDK instrumentation declares; the base does the rest. */
export interface SdkDescription<Sdk> {
  /** The SDK's short name in diagnostics and hook info: `openai`, `anthropic`. */
  sdkName: string;
  /** The npm package the module hooks patch, and its supported versions. */
  moduleName: string;
  supportedVersions: string[];
  /**
   * Files inside the package (e.g. `client.js`, `client.mjs`) that also lead to the SDK, for
   * packages that load the SDK through a subpath and never through its main entry (the Anthropic
   * Bedrock and Vertex clients load `@anthropic-ai/sdk/client`). Patched like the main entry.
   */
  moduleFiles?: readonly string[];
  /**
   * The SDK (its client class, whose static resource classes lead to the prototypes) from a
   * module's CJS exports, an ESM namespace, or the class itself; undefined for anything else.
   */
  sdkOf(target: unknown): Sdk | undefined;
  patchTargets: readonly SdkPatchTarget<Sdk>[];
  /**
   * Where a client sends its calls; `params` for SDKs whose calls may override the client's base URL
   * (`config.httpOptions.baseUrl` in `@google/genai`).
   */
  endpointOf(client: unknown, params: PayloadRecord): Endpoint;
  /** The client of a patched method's `this`; default the Stainless resource's `_client`. */
  clientOf?(resource: unknown): unknown;
  /**
   * How a call is followed; default {@link followSdkCall} (Stainless APIPromises). SDKs returning
   * plain promises use `promiseCallFollower()` from promise-call-follower.ts.
   */
  followCall?: SdkCallFollower;
  /** The text a stream chunk adds, for opt-in `llm.token` events. */
  chunkText(chunk: unknown): string | undefined;
  /** The SDK's own `error.type` for an error; default the error's class name. */
  errorTypeOf?(error: unknown): string | undefined;
  /**
   * The call's arguments, given the span that stands for the call (ours, or a framework's
   * inference span). For SDKs that trace themselves: tells the SDK not to start a second span.
   */
  argumentsUnderSpan?(args: unknown[], callSpan: Span, client: unknown): unknown[];
}

/** Runs one patched method call under a span; see {@link followSdkCall}. */
export type SdkCallFollower = (
  host: SdkCallHost,
  spec: OperationSpec,
  method: string,
  original: AnyFunction,
  resource: ApiResourceLike,
  args: unknown[],
) => unknown;

/** Marks our wrappers so a method is never wrapped twice (hooks plus `instrument()`, two copies). */
const GENAI_OTEL_WRAPPER = Symbol.for('genai-otel.sdk.wrapper');

/**
 * The instrumentation of a model SDK (`openai`, `@anthropic-ai/sdk`, `@google/genai`): module hooks,
 * idempotent patching of the declared methods, and the call follower that records each call
 * through the one GenAI recorder. A provider subclass only passes its {@link SdkDescription}.
 */
export abstract class GenAISdkInstrumentation<
  Sdk,
> extends InstrumentationBase<GenAISdkInstrumentationConfig> {
  // `declare`: the base constructor calls _updateMetricInstruments() before subclass fields would
  // be initialised, and an initialiser would then overwrite the instruments with undefined.
  declare private genaiMetrics: GenAIMetrics;
  declare private envUnconsumedTimeoutMs: number | undefined;
  declare private telemetryCache: GenAITelemetry | undefined;

  constructor(instrumentationName: string, config: GenAISdkInstrumentationConfig = {}) {
    super(instrumentationName, PACKAGE_VERSION, config);
  }

  /**
   * The provider's description, a module-level constant. A method rather than a constructor
   * argument: the base constructor calls init(), which needs it, before any field is set.
   */
  protected abstract get sdk(): SdkDescription<Sdk>;

  protected override init(): InstrumentationModuleDefinition[] {
    const sdk = this.sdk;
    const patch = (moduleExports: unknown) => {
      this.patch(moduleExports);
      return moduleExports;
    };
    const unpatch = (moduleExports: unknown) => {
      if (moduleExports !== undefined) this.unpatch(moduleExports);
    };
    const patchFile = (moduleExports: unknown) => {
      // A file that does not lead to the SDK (another version's layout) is left alone quietly.
      if (sdk.sdkOf(moduleExports) !== undefined) this.patch(moduleExports);
      return moduleExports;
    };
    const files = (sdk.moduleFiles ?? []).map(
      (file) =>
        new InstrumentationNodeModuleFile(
          `${sdk.moduleName}/${file}`,
          sdk.supportedVersions,
          patchFile,
          unpatch,
        ),
    );
    return [
      new InstrumentationNodeModuleDefinition(sdk.moduleName, sdk.supportedVersions, patch, unpatch, files),
    ];
  }

  protected override _updateMetricInstruments(): void {
    this.genaiMetrics = new GenAIMetrics(this.meter);
  }

  /**
   * Patches the SDK's module (CJS exports or ESM namespace) or its client class. Idempotent:
   * methods already wrapped by genai-otel are left alone. Returns the number of methods patched.
   */
  patch(target: unknown): number {
    const sdk = this.sdk.sdkOf(target);
    if (sdk === undefined) {
      this._diag.warn(
        `genai-otel: instrument() was given something that is not the ${this.sdk.moduleName} module or its client class`,
      );
      return 0;
    }
    let patched = 0;
    for (const patchTarget of this.sdk.patchTargets) {
      const prototype = patchTarget.resource(sdk)?.prototype;
      const method = prototype?.[patchTarget.method];
      // Feature detection: older SDK versions lack some resources; a future one may drop one.
      if (prototype === undefined || typeof method !== 'function') continue;
      if (isWrappedByUs(method)) continue;
      // Not `this._wrap`: it would unwrap another tool's wrapper first (wrap-on-top.ts).
      wrapOnTop(prototype, patchTarget.method, (original) => this.wrapper(original, patchTarget));
      patched++;
    }
    return patched;
  }

  /** Removes this instrumentation's wrappers (leaving any wrapper another tool put on top). */
  unpatch(target: unknown): void {
    const sdk = this.sdk.sdkOf(target);
    if (sdk === undefined) return;
    for (const patchTarget of this.sdk.patchTargets) {
      const prototype = patchTarget.resource(sdk)?.prototype;
      const method = prototype?.[patchTarget.method] as Record<symbol, unknown> | undefined;
      if (prototype !== undefined && method?.[GENAI_OTEL_WRAPPER] === this)
        this._unwrap(prototype, patchTarget.method);
    }
  }

  /** Reports a failure to patch to this instrumentation's `diag` logger. */
  reportPatchFailure(error: unknown): void {
    this._diag.error(`genai-otel: failed to instrument ${this.sdk.moduleName}`, error);
  }

  private wrapper(original: AnyFunction, target: SdkPatchTarget<Sdk>): AnyFunction {
    const wrapped =
      target.commands !== undefined
        ? this.commandWrapper(original, target.commands)
        : target.spec === undefined
          ? this.preparingWrapper(original, target)
          : this.tracingWrapper(original, target.spec, target.label);
    Object.defineProperty(wrapped, GENAI_OTEL_WRAPPER, { value: this });
    return wrapped;
  }

  private tracingWrapper(original: AnyFunction, spec: OperationSpec, label: string): AnyFunction {
    const host = this.callHost();
    const followCall = this.sdk.followCall ?? followSdkCall;
    return function genaiOtelTraced(this: unknown, ...args: unknown[]): unknown {
      return followCall(host, spec, label, original, this as ApiResourceLike, args);
    };
  }

  private commandWrapper(
    original: AnyFunction,
    commands: Readonly<Record<string, CommandOperation>>,
  ): AnyFunction {
    const host = this.callHost();
    const followCall = this.sdk.followCall ?? followSdkCall;
    return function genaiOtelTracedSend(this: unknown, ...args: unknown[]): unknown {
      return followCommandCall(host, commands, followCall, original, this, args);
    };
  }

  private preparingWrapper(original: AnyFunction, target: SdkPatchTarget<Sdk>): AnyFunction {
    const instrumentation = this;
    const clientOf = this.sdk.clientOf ?? stainlessClientOf;
    return function genaiOtelPrepared(this: unknown, ...args: unknown[]): unknown {
      let prepared = args;
      if (instrumentation.isEnabled() && target.prepareArguments !== undefined) {
        try {
          prepared = target.prepareArguments(args, clientOf(this));
        } catch (error) {
          instrumentation._diag.error(`genai-otel: could not prepare ${target.label}`, error);
        }
      }
      return original.apply(this, prepared);
    };
  }

  private callHost(): SdkCallHost {
    const sdk = this.sdk;
    const clientOf = sdk.clientOf ?? stainlessClientOf;
    const argumentsUnderSpan = sdk.argumentsUnderSpan;
    return {
      sdkName: sdk.sdkName,
      diag: this._diag,
      isEnabled: () => this.isEnabled(),
      telemetry: () => this.currentTelemetry(),
      config: () => this._config,
      unconsumedTimeoutMs: () => this._config.unconsumedResponseTimeoutMs ?? this.unconsumedTimeoutFromEnv(),
      endpointOf: (resource, params) => sdk.endpointOf(clientOf(resource), params),
      chunkText: sdk.chunkText,
      errorTypeOf: sdk.errorTypeOf,
      argumentsUnderSpan:
        argumentsUnderSpan === undefined
          ? undefined
          : (args, callSpan, resource) => argumentsUnderSpan(args, callSpan, clientOf(resource)),
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

function stainlessClientOf(resource: unknown): unknown {
  return (resource as ApiResourceLike | undefined)?._client;
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
