import {
  InstrumentationBase,
  type InstrumentationModuleDefinition,
  InstrumentationNodeModuleDefinition,
} from '@opentelemetry/instrumentation';
import { EnvReader } from '../../src/config/env-reader';
import { GenAIMetrics } from '../../src/genai/genai-metrics';
import { DEFAULT_UNCONSUMED_TIMEOUT_MS } from '../../src/genai/unconsumed-timeout';
import { PACKAGE_VERSION } from '../../src/version';
import {
  AI_SDK_INSTRUMENTATION_NAME,
  GENAI_OTEL_INTEGRATION_MARK,
  GenAIOtelTelemetry,
} from './telemetry-integration';
import type { AISdkInstrumentationConfig } from './types';

/** `ai` majors whose telemetry integrations genai-otel registers itself (no code change). */
export const SUPPORTED_AI_SDK_VERSIONS = ['>=7.0.0 <8'];

interface AiModuleLike {
  registerTelemetry?: (...integrations: unknown[]) => void;
}

/**
 * OpenTelemetry instrumentation for the Vercel AI SDK (`ai` 7.x): when `ai` loads (CommonJS or
 * ESM), registers genai-otel's telemetry integration ({@link GenAIOtelTelemetry}) through the SDK's
 * public `registerTelemetry`, so that every `generateText`, `streamText`, `generateObject`,
 * `streamObject`, `embed`, `embedMany` and agent call is traced with GenAI spans and metrics, for
 * every provider, with no change to the app. Calls that opt out (`telemetry: { isEnabled: false }`)
 * or pass their own `integrations` are left alone, and when `@ai-sdk/otel` is registered too it
 * keeps the calls (one trace per call; see docs/ai-sdk.md).
 *
 * `ai` 5.x/6.x need `experimental_telemetry: { isEnabled: true }` per call; their `ai.*` spans are
 * mapped by `AISdkSpanProcessor`.
 */
export class AISdkInstrumentation extends InstrumentationBase<AISdkInstrumentationConfig> {
  declare private genaiMetrics: GenAIMetrics;
  declare private sharedIntegration: GenAIOtelTelemetry | undefined;
  declare private envUnconsumedTimeoutMs: number | undefined;

  constructor(config: AISdkInstrumentationConfig = {}) {
    super(AI_SDK_INSTRUMENTATION_NAME, PACKAGE_VERSION, config);
  }

  /** The integration this instrumentation registers with `ai`. */
  get integration(): GenAIOtelTelemetry {
    this.sharedIntegration ??= new GenAIOtelTelemetry({
      timeoutMs: this._config.runTimeoutMs,
      unconsumedTimeoutMs: () => this._config.unconsumedResponseTimeoutMs ?? this.unconsumedTimeoutFromEnv(),
      telemetry: () => ({ tracer: this.tracer, metrics: this.genaiMetrics, diag: this._diag }),
    });
    return this.sharedIntegration;
  }

  protected override init(): InstrumentationModuleDefinition[] {
    return [
      new InstrumentationNodeModuleDefinition(
        'ai',
        SUPPORTED_AI_SDK_VERSIONS,
        (moduleExports: unknown) => {
          this.patch(moduleExports);
          return moduleExports;
        },
        () => this.unregister(),
      ),
    ];
  }

  override enable(): void {
    super.enable();
    if (this.sharedIntegration !== undefined) this.sharedIntegration.enabled = true;
  }

  override disable(): void {
    super.disable();
    if (this.sharedIntegration !== undefined) this.sharedIntegration.enabled = false;
  }

  protected override _updateMetricInstruments(): void {
    this.genaiMetrics = new GenAIMetrics(this.meter);
  }

  /**
   * Registers the integration with an `ai` 7.x module that module hooks cannot see (bundled apps):
   * pass `import * as ai from 'ai'`. Returns 1 when it registered, 0 when it already was (by this
   * or another copy of genai-otel) or the module is not `ai` 7.
   */
  patch(moduleExports: unknown): number {
    try {
      const ai = unwrapNamespace(moduleExports) as AiModuleLike | undefined;
      if (typeof ai?.registerTelemetry !== 'function' || isRegistered()) return 0;
      const integration = this.integration;
      integration.enabled = this.isEnabled();
      ai.registerTelemetry(integration);
      return 1;
    } catch (error) {
      this.reportPatchFailure(error);
      return 0;
    }
  }

  /** Reports a failure of {@link patch} (never thrown at the app). */
  reportPatchFailure(error: unknown): void {
    this._diag.error('genai-otel: failed to register the AI SDK telemetry integration', error);
  }

  private unconsumedTimeoutFromEnv(): number {
    this.envUnconsumedTimeoutMs ??= new EnvReader().number(
      'GENAI_OTEL_UNCONSUMED_RESPONSE_TIMEOUT_MS',
      DEFAULT_UNCONSUMED_TIMEOUT_MS,
    );
    return this.envUnconsumedTimeoutMs;
  }

  /** Removes our integration from `ai`'s global list (the SDK has no unregister). */
  private unregister(): void {
    try {
      const registered = globalIntegrations();
      const index = registered?.indexOf(this.sharedIntegration) ?? -1;
      if (index >= 0) registered?.splice(index, 1);
    } catch (error) {
      this._diag.debug('genai-otel: could not unregister the AI SDK telemetry integration', error);
    }
  }
}

function unwrapNamespace(moduleExports: unknown): unknown {
  const candidate = moduleExports as { registerTelemetry?: unknown; default?: unknown } | undefined;
  if (typeof candidate?.registerTelemetry === 'function') return candidate;
  return candidate?.default ?? candidate;
}

function globalIntegrations(): unknown[] | undefined {
  const registered = (globalThis as { AI_SDK_TELEMETRY_INTEGRATIONS?: unknown })
    .AI_SDK_TELEMETRY_INTEGRATIONS;
  return Array.isArray(registered) ? registered : undefined;
}

/** Whether some genai-otel copy's integration is registered already (the list is process-wide). */
function isRegistered(): boolean {
  return (
    globalIntegrations()?.some(
      (integration) =>
        typeof integration === 'object' &&
        integration !== null &&
        (integration as Record<symbol, unknown>)[GENAI_OTEL_INTEGRATION_MARK] === true,
    ) ?? false
  );
}
