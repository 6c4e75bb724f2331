import { createRequire } from 'node:module';
import { join } from 'node:path';
import { getSharedAISdkInstrumentation } from '../../../../instrumentations/ai-sdk/instrument';
import {
  apiError,
  chatCompletion,
  chatCompletionChunks,
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

const MODEL = 'gpt-4o-mini';
const requireFromRoot = createRequire(join(process.cwd(), 'package.json'));

/**
 * How an app reads `streamText`'s `fullStream`: the text and the finish, and an `error` part
 * rethrown (the SDK reports a failure mid-stream as a part, not by throwing). The parts before the
 * model's first output (`start`, `start-step`) and the timing ones are left out: they come before
 * the model call starts, and their timings differ between any two calls.
 */
async function* appReading(
  fullStream: AsyncIterable<{ type: string; error?: unknown }>,
): AsyncGenerator<unknown> {
  for await (const part of fullStream) {
    if (part.type === 'error') throw part.error;
    if (part.type === 'text-delta' || part.type === 'finish') yield part;
  }
}

/**
 * The Vercel AI SDK (`ai` 7 with `@ai-sdk/openai`, Chat Completions) against the OpenAI wire
 * server: `generateText` (the app keeps its text, finish reason and usage) and `streamText`, whose
 * `fullStream` the app reads as {@link appReading} does. Each call makes an
 * `invoke_workflow` root and the `chat` span under it. The AI SDK takes no request or response
 * hooks, so those two faults do not apply.
 */
export const aiSdk: ReliabilityIntegration = {
  name: 'ai-sdk',
  instrumentation: () => getSharedAISdkInstrumentation() as unknown as ControllableInstrumentation,
  unsupportedFaults: ['request hook', 'response hook'],
  async start(): Promise<IntegrationClient> {
    const wire = await startOpenAIWireServer();
    const replies = repliesByStreamFlag(wire);
    const apiKey = canary('sk-proj-');
    // Loaded here, after the instrumentation exists, so its module hook registers the integration.
    const ai = requireFromRoot('ai') as typeof import('ai');
    const { createOpenAI } = requireFromRoot('@ai-sdk/openai') as typeof import('@ai-sdk/openai');
    const model = createOpenAI({ apiKey, baseURL: wire.baseURL }).chat(MODEL);
    const validFrames = () =>
      chatCompletionChunks({
        id: 'chatcmpl-fixed',
        includeUsage: true,
        pieces: [['Atlantic', ' Ocean', '.']],
      });
    const generate = async (prompt = 'Which ocean?') => {
      const { text, finishReason, usage } = await ai.generateText({ model, prompt, maxRetries: 0 });
      return { text, finishReason, usage };
    };
    const stream = (signal?: AbortSignal) =>
      appReading(
        ai.streamText({ model, prompt: 'Which ocean?', maxRetries: 0, abortSignal: signal }).fullStream,
      );
    return {
      spanName: `chat ${MODEL}`,
      spansPerCall: 2,
      runsUnreadStreams: 'after-break',
      canaries: [apiKey],
      credentialsOnWire: () => wire.requests.map((request) => String(request.headers.authorization)),
      call(prompt) {
        replies.enqueue(false, { kind: 'json', body: chatCompletion({ id: 'chatcmpl-fixed' }) });
        return generate(prompt);
      },
      failingCall() {
        replies.enqueue(false, {
          kind: 'json',
          status: 401,
          body: apiError(401, `Incorrect API key provided: ${apiKey}.`, 'invalid_api_key'),
        });
        return generate();
      },
      async openStream(script, signal) {
        const frames = validFrames();
        const reply: WireReply =
          script.kind === 'complete'
            ? { kind: 'sse', events: frames, delayMs: script.delayMs }
            : script.kind === 'connection-lost'
              ? { kind: 'sse', events: frames, delayMs: 2, destroyAfter: 2 }
              : script.kind === 'held'
                ? { kind: 'sse', events: frames, delayMs: 2, stallAfter: 2 }
                : {
                    kind: 'sse',
                    events: [
                      ...frames.slice(0, 2),
                      { data: { error: { message: 'The server had an error', type: 'server_error' } } },
                    ],
                  };
        replies.enqueue(true, reply);
        return stream(signal);
      },
      validJson: () => chatCompletion({ id: 'chatcmpl-fixed' }),
      validFrames,
      async callWith(answer) {
        if (answer.kind === 'json') {
          replies.enqueue(false, { kind: 'json', body: answer.body });
          return generate();
        }
        replies.enqueue(true, sseReply(answer));
        const chunks: unknown[] = [];
        for await (const chunk of stream()) chunks.push(chunk);
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
