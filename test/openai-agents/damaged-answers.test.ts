import { SpanStatusCode } from '@opentelemetry/api';
import { beforeEach, describe, expect, it } from 'vitest';
import { finishedSpans } from '../support/instrumentation-telemetry';
import { response } from '../support/openai-wire-server';
import { useOpenAIWireServer } from '../support/use-openai-wire-server';
import {
  agents,
  openaiInstrumentation,
  resetAgentsTelemetry,
  useWireServerClient,
} from './support/load-agents';

const wire = useOpenAIWireServer();
beforeEach(() => {
  resetAgentsTelemetry();
  wire.reset();
  useWireServerClient(wire.baseURL);
  // Long enough that a span left to the unconsumed timeout would still be open when we look.
  openaiInstrumentation.setConfig({ unconsumedResponseTimeoutMs: 60_000 });
});

/** Runs one single-turn agent on `body`; what the app sees (its output or the error's message). */
async function runOn(body: Record<string, unknown>): Promise<unknown> {
  wire.enqueue('POST /v1/responses', { kind: 'json', body });
  const agent = new agents.Agent({ name: 'Geographer', model: 'gpt-4.1-mini' });
  try {
    return (await agents.run(agent, 'Which ocean?', { maxTurns: 1 })).finalOutput;
  } catch (error) {
    return (error as Error).message;
  }
}

function spanNames(): string[] {
  return finishedSpans()
    .map((span) => span.name)
    .sort();
}

const ENDED_RUN = ['chat gpt-4.1-mini', 'invoke_agent Geographer', 'invoke_workflow Agent workflow'];

describe('a damaged Responses answer', () => {
  it.each([
    ['output: null', { ...response(), output: null }, 'not iterable'],
    [
      'a null content part',
      { ...response(), output: [{ id: 'msg_1', type: 'message', status: 'completed', content: [null] }] },
      'null',
    ],
  ])('that the SDK cannot read (%s) ends every span, with one failed chat span', async (_, body, message) => {
    expect(await runOn(body)).toContain(message);
    expect(wire.requests).toHaveLength(1);
    // Ended by the time the run threw: not left to the unconsumed timeout.
    expect(spanNames()).toEqual(ENDED_RUN);
    const chat = finishedSpans().find((span) => span.name === 'chat gpt-4.1-mini');
    expect(chat?.status.code).toBe(SpanStatusCode.ERROR);
    expect(chat?.attributes['error.type']).toBe('TypeError');
  });

  it('with an id that is no string still makes one chat span', async () => {
    expect(await runOn({ ...response({ text: 'Atlantic.' }), id: {} })).toBe('Atlantic.');
    expect(wire.requests).toHaveLength(1);
    expect(spanNames()).toEqual(ENDED_RUN);
  });
});
