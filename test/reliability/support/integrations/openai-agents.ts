import { createRequire } from 'node:module';
import { join } from 'node:path';
import { getSharedOpenAIAgentsInstrumentation } from '../../../../instrumentations/openai-agents/instrument';
import {
  apiError,
  response,
  responseEvents,
  startOpenAIWireServer,
  type WireReply,
} from '../../../support/openai-wire-server';
import { canary } from './canary';
import type {
  ControllableInstrumentation,
  IntegrationClient,
  ReliabilityIntegration,
} from './integration-under-test';
import { repliesByStreamFlag } from './replies-by-stream-flag';
import { sseReply } from './sse-frames';

const MODEL = 'gpt-4.1-mini';
const requireFromRoot = createRequire(join(process.cwd(), 'package.json'));

interface RunStreamEvent {
  type: string;
  data?: { type?: string; delta?: unknown };
}

/**
 * How an app reads a streamed run: the model's text deltas (the other run events carry ids and
 * items that differ between any two runs), then the run's final output.
 */
async function* appReading(
  result: AsyncIterable<RunStreamEvent> & { completed: Promise<void>; finalOutput?: unknown },
): AsyncGenerator<unknown> {
  for await (const event of result) {
    if (event.type === 'raw_model_stream_event' && event.data?.type === 'output_text_delta')
      yield { delta: event.data.delta };
  }
  await result.completed;
  yield { finalOutput: result.finalOutput };
}

/**
 * The OpenAI Agents SDK (`@openai/agents`) running one agent on the Responses API of the OpenAI
 * wire server: `run(agent, prompt)` and the streamed `run(…, { stream: true })`. Each run makes
 * `invoke_workflow` → `invoke_agent` → `chat` spans; the model call's span is the OpenAI
 * instrumentation's (registered with the `openai` entry). The Agents SDK takes no request or
 * response hooks and records no metrics of its own on a plain run, so those faults do not apply.
 */
export const openaiAgents: ReliabilityIntegration = {
  name: 'openai-agents',
  instrumentation: () => getSharedOpenAIAgentsInstrumentation() as unknown as ControllableInstrumentation,
  unsupportedFaults: ['request hook', 'response hook', 'metrics'],
  knownGaps: {
    streamFaultReportedTwice:
      'a fault in the recorder during a streamed run is sometimes reported twice (the chat span recorded twice?)',
  },
  async start(): Promise<IntegrationClient> {
    const wire = await startOpenAIWireServer();
    const replies = repliesByStreamFlag(wire);
    const apiKey = canary('sk-proj-');
    const agents = requireFromRoot('@openai/agents') as typeof import('@openai/agents');
    const { OpenAI } = requireFromRoot('openai') as typeof import('openai');
    // The SDK turns its tracing off when NODE_ENV is `test`; no export to OpenAI's trace viewer.
    agents.setTracingDisabled(false);
    agents.setTraceProcessors([]);
    agents.setDefaultOpenAIClient(new OpenAI({ apiKey, baseURL: wire.baseURL, maxRetries: 0 }));
    const agent = new agents.Agent({ name: 'Geographer', instructions: 'Answer briefly.', model: MODEL });
    const validFrames = () => responseEvents({ id: 'resp_fixed', deltas: ['Atlantic', ' Ocean', '.'] });
    // One turn: a run whose answer has no final output would otherwise call the model again.
    const run = async (prompt = 'Which ocean?') =>
      (await agents.run(agent, prompt, { maxTurns: 1 })).finalOutput;
    const stream = async (signal?: AbortSignal) =>
      appReading(
        (await agents.run(agent, 'Which ocean?', {
          stream: true,
          signal,
          maxTurns: 1,
        })) as unknown as Parameters<typeof appReading>[0],
      );
    return {
      spanName: `chat ${MODEL}`,
      spansPerCall: 3,
      runsUnreadStreams: 'never-read',
      canaries: [apiKey],
      credentialsOnWire: () => wire.requests.map((request) => String(request.headers.authorization)),
      call(prompt) {
        replies.enqueue(false, { kind: 'json', body: response({ id: 'resp_fixed', text: 'Atlantic.' }) });
        return run(prompt);
      },
      failingCall() {
        replies.enqueue(false, {
          kind: 'json',
          status: 401,
          body: apiError(401, `Incorrect API key provided: ${apiKey}.`, 'invalid_api_key'),
        });
        return run();
      },
      openStream(script, signal) {
        const frames = validFrames();
        const reply: WireReply =
          script.kind === 'complete'
            ? { kind: 'sse', events: frames, delayMs: script.delayMs }
            : script.kind === 'connection-lost'
              ? { kind: 'sse', events: frames, delayMs: 2, destroyAfter: 6 }
              : script.kind === 'held'
                ? { kind: 'sse', events: frames, delayMs: 2, stallAfter: 6 }
                : {
                    kind: 'sse',
                    events: [
                      ...frames.slice(0, 6),
                      {
                        event: 'error',
                        data: {
                          type: 'error',
                          code: 'server_error',
                          message: 'The server had an error',
                          param: null,
                        },
                      },
                    ],
                  };
        replies.enqueue(true, reply);
        return stream(signal);
      },
      validJson: () => response({ id: 'resp_fixed', text: 'Atlantic.' }),
      validFrames,
      async callWith(answer) {
        if (answer.kind === 'json') {
          replies.enqueue(false, { kind: 'json', body: answer.body });
          return run();
        }
        replies.enqueue(true, sseReply(answer));
        const chunks: unknown[] = [];
        for await (const chunk of await stream()) chunks.push(chunk);
        return chunks;
      },
      reset() {
        wire.reset();
        replies.clear();
      },
      close: () => wire.close(),
    };
  },
};
