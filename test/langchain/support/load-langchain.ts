/**
 * One in-process setup for the LangChain tests of a file: the shared test telemetry (in-memory
 * spans, on-demand metrics), then the LangChain and OpenAI instrumentations enabled BEFORE
 * @langchain/* is required, so that the require hooks patch @langchain/core and the openai@6 copy
 * nested in @langchain/openai exactly as `--require genai-otel/register` does.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { LangChainInstrumentation } from '../../../instrumentations/langchain';
import { OpenAIInstrumentation } from '../../../instrumentations/openai';
import { meterProvider, resetTelemetry, tracerProvider } from '../../support/instrumentation-telemetry';

export const langchainInstrumentation = new LangChainInstrumentation();
export const openaiInstrumentation = new OpenAIInstrumentation();
for (const instrumentation of [langchainInstrumentation, openaiInstrumentation]) {
  instrumentation.setTracerProvider(tracerProvider);
  instrumentation.setMeterProvider(meterProvider);
  instrumentation.enable();
}

/** Clears spans and metrics between tests and points both instrumentations at the fresh meters. */
export function resetLangChainTelemetry(): void {
  resetTelemetry([langchainInstrumentation, openaiInstrumentation]);
}

const requireFromRoot = createRequire(join(process.cwd(), 'package.json'));

const messages = requireFromRoot('@langchain/core/messages') as typeof import('@langchain/core/messages');

/** The modules the scenarios of test/fixtures/langchain/langchain-scenarios.cjs take. */
export const lc = {
  ChatOpenAI: (requireFromRoot('@langchain/openai') as typeof import('@langchain/openai')).ChatOpenAI,
  tool: (requireFromRoot('@langchain/core/tools') as typeof import('@langchain/core/tools')).tool,
  HumanMessage: messages.HumanMessage,
  ToolMessage: messages.ToolMessage,
  RunnableLambda: (requireFromRoot('@langchain/core/runnables') as typeof import('@langchain/core/runnables'))
    .RunnableLambda,
  z: (requireFromRoot('zod') as typeof import('zod')).z,
  BaseRetriever: (
    requireFromRoot('@langchain/core/retrievers') as typeof import('@langchain/core/retrievers')
  ).BaseRetriever,
  Document: (requireFromRoot('@langchain/core/documents') as typeof import('@langchain/core/documents'))
    .Document,
  ChatPromptTemplate: (requireFromRoot('@langchain/core/prompts') as typeof import('@langchain/core/prompts'))
    .ChatPromptTemplate,
  StringOutputParser: (
    requireFromRoot('@langchain/core/output_parsers') as typeof import('@langchain/core/output_parsers')
  ).StringOutputParser,
  RunnableSequence: (
    requireFromRoot('@langchain/core/runnables') as typeof import('@langchain/core/runnables')
  ).RunnableSequence,
  RunnablePassthrough: (
    requireFromRoot('@langchain/core/runnables') as typeof import('@langchain/core/runnables')
  ).RunnablePassthrough,
  createReactAgent: (
    requireFromRoot('@langchain/langgraph/prebuilt') as typeof import('@langchain/langgraph/prebuilt')
  ).createReactAgent,
  ...(() => {
    const langgraph = requireFromRoot('@langchain/langgraph') as typeof import('@langchain/langgraph');
    return {
      StateGraph: langgraph.StateGraph,
      MessagesAnnotation: langgraph.MessagesAnnotation,
      START: langgraph.START,
      END: langgraph.END,
    };
  })(),
};
export { requireFromRoot };
