import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { SpanProcessor } from '@opentelemetry/sdk-trace';
import { OnDemandSpanProcessor } from './tracing/on-demand-span-processor';

/**
 * genai-otel's own instrumentations, by the short name used in `OTEL_NODE_ENABLED_INSTRUMENTATIONS`
 * and `OTEL_NODE_DISABLED_INSTRUMENTATIONS`. `create` loads the instrumentation's code only when it
 * is enabled.
 */
export interface InstrumentationEntry {
  name: string;
  /** The npm packages it patches: the ESM loader hook intercepts only these. */
  modules: readonly string[];
  /**
   * The versions it patches, as its module definitions declare them (a test keeps the two equal);
   * here for the doctor report, which must not load the instrumentation to tell.
   */
  supportedVersions: readonly string[];
  create(): Instrumentation;
  /**
   * A span processor `register()` adds to the pipeline it builds, for spans the library makes
   * itself and the instrumentation maps onto the conventions (`ai` 5/6 `experimental_telemetry`).
   */
  createSpanProcessor?(): SpanProcessor;
}

/** Every package some enabled-or-not instrumentation of ours may patch. */
export function instrumentedModuleNames(): string[] {
  return KNOWN_INSTRUMENTATIONS.flatMap((entry) => entry.modules);
}

export const KNOWN_INSTRUMENTATIONS: readonly InstrumentationEntry[] = [
  // Each instrumentation under instrumentations/<name>/ adds one entry here.
  {
    name: 'openai',
    modules: ['openai'],
    supportedVersions: ['>=4.0.0 <8'],
    // The process-wide instance, so that a later `instrumentOpenAI()` (bundled apps) reuses it.
    create: () =>
      (
        require('../instrumentations/openai/instrument') as typeof import('../instrumentations/openai/instrument')
      ).getSharedOpenAIInstrumentation(),
  },
  {
    name: 'anthropic',
    // The ESM hook matches import specifiers exactly, and the Bedrock and Vertex clients import the
    // SDK by subpath (`@anthropic-ai/sdk/client`), never by its main entry.
    modules: ['@anthropic-ai/sdk', '@anthropic-ai/sdk/client'],
    supportedVersions: ['>=0.50.0 <2'],
    create: () =>
      (
        require('../instrumentations/anthropic/instrument') as typeof import('../instrumentations/anthropic/instrument')
      ).getSharedAnthropicInstrumentation(),
  },
  {
    name: 'google-genai',
    // `@google/genai/node` is the Node build's own entry (ESM only), which Node apps may import.
    modules: ['@google/genai', '@google/genai/node'],
    supportedVersions: ['>=1.0.0 <4'],
    create: () =>
      (
        require('../instrumentations/google-genai/instrument') as typeof import('../instrumentations/google-genai/instrument')
      ).getSharedGoogleGenAIInstrumentation(),
  },
  {
    name: 'bedrock',
    modules: ['@aws-sdk/client-bedrock-runtime'],
    supportedVersions: ['>=3.0.0 <4'],
    create: () =>
      (
        require('../instrumentations/bedrock/instrument') as typeof import('../instrumentations/bedrock/instrument')
      ).getSharedBedrockInstrumentation(),
  },
  {
    name: 'langchain',
    // @langchain/core entry points that LangChain apps, provider packages and LangGraph import by
    // name: when any of them loads, the instrumentation patches that copy's callback manager and
    // model classes (which core itself reaches by relative imports the ESM hook never sees).
    modules: [
      '@langchain/core/callbacks/manager',
      '@langchain/core/runnables',
      '@langchain/core/language_models/chat_models',
      '@langchain/core/language_models/llms',
      '@langchain/core/tools',
      '@langchain/core/messages',
      '@langchain/core/prompts',
      '@langchain/core/retrievers',
    ],
    supportedVersions: ['>=1.0.0 <2'],
    create: () =>
      (
        require('../instrumentations/langchain/instrument') as typeof import('../instrumentations/langchain/instrument')
      ).getSharedLangChainInstrumentation(),
  },
  {
    name: 'ai-sdk',
    // `ai` 7 takes telemetry integrations (`registerTelemetry`); when it loads, ours is registered.
    // `ai` 5/6 trace only calls with `experimental_telemetry` (see docs/ai-sdk.md).
    modules: ['ai'],
    supportedVersions: ['>=7.0.0 <8'],
    create: () =>
      (
        require('../instrumentations/ai-sdk/instrument') as typeof import('../instrumentations/ai-sdk/instrument')
      ).getSharedAISdkInstrumentation(),
    // The 5/6 span mapper loads at the first `ai.*` span (`ai.generateText`, …), never otherwise.
    createSpanProcessor: () =>
      new OnDemandSpanProcessor(
        (span) => span.name.startsWith('ai.'),
        () =>
          new (
            require('../instrumentations/ai-sdk/legacy-span-processor') as typeof import('../instrumentations/ai-sdk/legacy-span-processor')
          ).AISdkLegacySpanProcessor(),
      ),
  },
  {
    name: 'mcp',
    // The entry points MCP apps import: 1.x by deep subpath (its client/server classes reach the
    // shared Protocol by relative imports the ESM hook never sees), 2.x as two packages.
    modules: [
      '@modelcontextprotocol/sdk/client/index.js',
      '@modelcontextprotocol/sdk/client',
      '@modelcontextprotocol/sdk/server/index.js',
      '@modelcontextprotocol/sdk/server',
      '@modelcontextprotocol/sdk/server/mcp.js',
      '@modelcontextprotocol/client',
      '@modelcontextprotocol/server',
    ],
    // 1.x for @modelcontextprotocol/sdk, 2.x for the split client/server packages.
    supportedVersions: ['>=1.0.0 <2', '>=2.0.0 <3'],
    create: () =>
      (
        require('../instrumentations/mcp/instrument') as typeof import('../instrumentations/mcp/instrument')
      ).getSharedMCPInstrumentation(),
  },
  {
    name: 'openai-agents',
    // @openai/agents imports @openai/agents-core by name, so hooking it covers both packages.
    modules: ['@openai/agents-core'],
    supportedVersions: ['>=0.20.0 <1'],
    create: () =>
      (
        require('../instrumentations/openai-agents/instrument') as typeof import('../instrumentations/openai-agents/instrument')
      ).getSharedOpenAIAgentsInstrumentation(),
  },
];
