import { getSharedOpenAIInstrumentation } from '../../../../instrumentations/openai/instrument';
import { type OpenAIModule, requireFromRoot } from '../../../openai/support/load-openai';
import {
  apiError,
  chatCompletion,
  chatCompletionChunks,
  startOpenAIWireServer,
  type WireReply,
} from '../../../support/openai-wire-server';
import { canary } from './canary';
import type { IntegrationClient, ReliabilityIntegration } from './integration-under-test';
import { repliesByStreamFlag } from './replies-by-stream-flag';
import { sseReply } from './sse-frames';

const MODEL = 'gpt-4o-mini';

/** `openai` (the 7.x line the repo tests with): `chat.completions.create`, JSON and SSE. */
export const openai: ReliabilityIntegration = {
  name: 'openai',
  instrumentation: getSharedOpenAIInstrumentation,
  async start(): Promise<IntegrationClient> {
    const wire = await startOpenAIWireServer();
    const replies = repliesByStreamFlag(wire);
    const apiKey = canary('sk-proj-');
    const { default: OpenAI } = requireFromRoot('openai') as OpenAIModule;
    const client = new OpenAI({ apiKey, baseURL: wire.baseURL, maxRetries: 0, logLevel: 'off' });
    const messages = (prompt: string) => [{ role: 'user' as const, content: prompt }];
    const validFrames = () =>
      chatCompletionChunks({
        id: 'chatcmpl-fixed',
        includeUsage: true,
        pieces: [['Atlantic', ' Ocean', '.']],
      });
    const stream = (prompt = 'Which ocean?', signal?: AbortSignal) =>
      client.chat.completions.create(
        { model: MODEL, messages: messages(prompt), stream: true, stream_options: { include_usage: true } },
        { signal },
      );
    return {
      spanName: `chat ${MODEL}`,
      canaries: [apiKey],
      credentialsOnWire: () => wire.requests.map((request) => String(request.headers.authorization)),
      call(prompt = 'Which ocean?') {
        replies.enqueue(false, { kind: 'json', body: chatCompletion({ id: 'chatcmpl-fixed' }) });
        return client.chat.completions.create({ model: MODEL, messages: messages(prompt) });
      },
      failingCall() {
        replies.enqueue(false, {
          kind: 'json',
          status: 401,
          body: apiError(401, `Incorrect API key provided: ${apiKey}.`, 'invalid_api_key'),
        });
        return client.chat.completions.create({ model: MODEL, messages: messages('Which ocean?') });
      },
      openStream(script, signal) {
        const frames = validFrames();
        const reply: WireReply =
          script.kind === 'complete'
            ? { kind: 'sse', events: frames, delayMs: script.delayMs }
            : script.kind === 'connection-lost'
              ? { kind: 'sse', events: frames, delayMs: 2, destroyAfter: 2 }
              : script.kind === 'held'
                ? { kind: 'sse', events: frames, delayMs: 2, stallAfter: 2 }
                : // OpenAI reports a failure mid-stream as an `error` object in a data frame.
                  {
                    kind: 'sse',
                    events: [
                      ...frames.slice(0, 2),
                      { data: { error: { message: 'The server had an error', type: 'server_error' } } },
                    ],
                  };
        replies.enqueue(true, reply);
        return stream(undefined, signal);
      },
      validJson: () => chatCompletion({ id: 'chatcmpl-fixed' }),
      validFrames,
      async callWith(answer) {
        if (answer.kind === 'json') {
          replies.enqueue(false, { kind: 'json', body: answer.body });
          return client.chat.completions.create({ model: MODEL, messages: messages('Which ocean?') });
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
