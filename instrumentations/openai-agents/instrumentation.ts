import { InstrumentationBase, InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import { GenAIMetrics } from '../../src/genai/genai-metrics';
import { wrapperMarker } from '../../src/genai/wrapper-marker';
import { PACKAGE_VERSION } from '../../src/version';
import { installContextStorage } from './agents-context-storage';
import { AgentsSpanBridge } from './agents-span-bridge';
import type { AgentsCoreModule, AgentsTraceProvider, AgentsTracingProcessor } from './internal-types';
import type { OpenAIAgentsInstrumentationConfig } from './types';

/** The instrumentation scope of the spans made from the SDK's. */
export const OPENAI_AGENTS_INSTRUMENTATION_NAME = 'genai-otel/openai-agents';

/** Supported `@openai/agents-core` versions (tested: 0.20; the tracing API we use is public). */
export const SUPPORTED_OPENAI_AGENTS_VERSIONS = ['>=0.20.0 <1'];

/** Marks our `setProcessors` wrapper so that nothing is wrapped twice (CJS + ESM copies). */
const ourWrappers = wrapperMarker('genai-otel.openai-agents.wrapper');

type SetProcessors = (this: AgentsTraceProvider, processors: AgentsTracingProcessor[]) => void;

/**
 * OpenTelemetry instrumentation for the OpenAI Agents SDK (`@openai/agents`): adds a tracing
 * processor to the SDK (its public extension point), so each run becomes `invoke_workflow` →
 * `invoke_agent {agent}` → `execute_tool {tool}` spans, with handoffs and guardrails as INTERNAL
 * spans; and makes the SDK's context storage enter the matching OpenTelemetry context, so the
 * model calls the SDK makes through `openai` (traced by the OpenAI instrumentation, one inference
 * span per call) and spans the app opens inside a tool nest under the right span.
 *
 * The SDK's own export to OpenAI's trace viewer is kept: `setTraceProcessors([])` after importing
 * `@openai/agents` turns it off and keeps ours (README "OpenAI Agents SDK").
 */
export class OpenAIAgentsInstrumentation extends InstrumentationBase<OpenAIAgentsInstrumentationConfig> {
  declare private sharedBridge: AgentsSpanBridge | undefined;
  declare private genaiMetrics: GenAIMetrics;

  constructor(config: OpenAIAgentsInstrumentationConfig = {}) {
    super(OPENAI_AGENTS_INSTRUMENTATION_NAME, PACKAGE_VERSION, config);
  }

  /** The SDK tracing processor this instrumentation adds. */
  get bridge(): AgentsSpanBridge {
    this.sharedBridge ??= new AgentsSpanBridge(
      { timeoutMs: this._config.runTimeoutMs },
      () => this.isEnabled(),
      () => ({ tracer: this.tracer, metrics: this.genaiMetrics, diag: this._diag }),
    );
    return this.sharedBridge;
  }

  protected override _updateMetricInstruments(): void {
    this.genaiMetrics = new GenAIMetrics(this.meter);
  }

  protected override init() {
    return [
      new InstrumentationNodeModuleDefinition(
        '@openai/agents-core',
        SUPPORTED_OPENAI_AGENTS_VERSIONS,
        (moduleExports: unknown) => {
          this.patch(moduleExports);
          return moduleExports;
        },
        () => {
          // The processor and the context storage stay; both do nothing while we are disabled.
        },
      ),
    ];
  }

  /**
   * Hooks into an `@openai/agents-core` module (what module hooks cannot see, e.g. bundled apps:
   * pass `import * as agentsCore from '@openai/agents-core'`). Returns 1 when it was hooked now,
   * 0 when it already was or is not the SDK. Never throws.
   */
  patch(moduleExports: unknown): number {
    try {
      const agentsCore = moduleExports as AgentsCoreModule | undefined;
      if (
        typeof agentsCore?.getGlobalTraceProvider !== 'function' ||
        typeof agentsCore.setTracingContextStorage !== 'function'
      ) {
        this._diag.warn(
          'genai-otel: this @openai/agents-core has no tracing processor API we know; agent runs are not traced',
        );
        return 0;
      }
      const provider = agentsCore.getGlobalTraceProvider();
      installContextStorage(agentsCore.setTracingContextStorage, this.bridge);
      return this.addProcessor(provider);
    } catch (error) {
      this._diag.error('genai-otel: failed to instrument @openai/agents-core', error);
      return 0;
    }
  }

  /**
   * Adds our processor to the SDK's (global) trace provider, and keeps it first when the app or
   * `@openai/agents` itself replaces the processors (`setTraceProcessors`): first, so our spans
   * start before the SDK runs the span's code whatever other processors wait for.
   */
  private addProcessor(provider: AgentsTraceProvider): number {
    if (ourWrappers.isMarked(provider.setProcessors)) return 0;
    const bridge = this.bridge;
    this._wrap(provider, 'setProcessors', (original) =>
      ourWrappers.mark(function genaiOtelSetProcessors(
        this: AgentsTraceProvider,
        processors: AgentsTracingProcessor[],
      ) {
        const others = Array.isArray(processors) ? processors.filter((p) => p !== bridge) : processors;
        return (original as SetProcessors).call(this, Array.isArray(others) ? [bridge, ...others] : others);
      }),
    );
    provider.registerProcessor(bridge);
    return 1;
  }
}
