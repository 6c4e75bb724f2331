import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { withContentCapture } from '../../src/content/capture-policy';
import { scenarios } from '../langchain/support/langchain-scenarios';
import { lc, resetLangChainTelemetry } from '../langchain/support/load-langchain';
import {
  queueRetrieverReplies,
  queueStreamingReplies,
  queueToolAgentReplies,
} from '../langchain/support/wire-replies';
import { finishedSpans } from '../support/instrumentation-telemetry';
import { useOpenAIWireServer } from '../support/use-openai-wire-server';
import { CONVENTION_VERSIONS, conformanceViolations, writeConventions } from './conformance';

const wire = useOpenAIWireServer();
beforeEach(resetLangChainTelemetry);
afterEach(() => {
  vi.unstubAllEnvs();
});

describe.each(CONVENTION_VERSIONS)(
  'LangChain telemetry on the $conventions conventions',
  ({ conventions, optIn }) => {
    it('conforms: a tool agent, a LangGraph workflow with a ReAct agent, a retriever chain, a streamed chat', async () => {
      writeConventions(optIn);
      await withContentCapture(true, async () => {
        queueToolAgentReplies(wire);
        await scenarios.runToolAgent(lc, wire.baseURL);
        queueToolAgentReplies(wire);
        await scenarios.runLangGraphAgent(lc, wire.baseURL);
        queueRetrieverReplies(wire);
        await scenarios.runRetrieverChain(lc, wire.baseURL);
        queueStreamingReplies(wire);
        await scenarios.runStreamingChat(lc, wire.baseURL);
      });
      const operations = new Set(finishedSpans().map((span) => span.attributes['gen_ai.operation.name']));
      expect(operations).toEqual(
        new Set(['invoke_agent', 'invoke_workflow', 'chat', 'execute_tool', 'retrieval', undefined]),
      );
      expect(await conformanceViolations(conventions)).toEqual([]);
    });
  },
);
