import { getSharedAnthropicInstrumentation } from '../../../../instrumentations/anthropic/instrument';
import { requireFromRoot } from '../../../anthropic/support/anthropic-clients';
import { anthropicMessage, errorEvent, messageEvents } from '../../../support/anthropic-wire-server';
import { startOpenAIWireServer, type WireReply } from '../../../support/openai-wire-server';
import { canary } from './canary';
import type { IntegrationClient, ReliabilityIntegration, WireFrame } from './integration-under-test';
import { repliesByStreamFlag } from './replies-by-stream-flag';
import { sseReply } from './sse-frames';

const MODEL = 'claude-sonnet-4-6';
const ANSWER = {
  id: 'msg_01fixed',
  content: [{ type: 'text', text: 'Bouvet Island lies in the South Atlantic Ocean.' }],
};
const HEADERS = { 'request-id': 'req_011Cfixed' };

// biome-ignore lint/suspicious/noExplicitAny: the SDK is loaded at run time, after its instrumentation.
type AnthropicClient = any;

/**
 * `@anthropic-ai/sdk` 1.x: `messages.create`, JSON and SSE (`event: message_start` …), served by
 * the generic wire server so that frames can be cut and corrupted.
 */
export const anthropic: ReliabilityIntegration = {
  name: 'anthropic',
  instrumentation: getSharedAnthropicInstrumentation,
  async start(): Promise<IntegrationClient> {
    const wire = await startOpenAIWireServer();
    const replies = repliesByStreamFlag(wire);
    const apiKey = canary('sk-ant-api03-');
    const { Anthropic } = requireFromRoot('@anthropic-ai/sdk') as {
      Anthropic: new (o: object) => AnthropicClient;
    };
    const client: AnthropicClient = new Anthropic({
      apiKey,
      baseURL: wire.url,
      maxRetries: 0,
      logLevel: 'off',
    });
    const body = (prompt = 'Where is Bouvet Island?') => ({
      model: MODEL,
      max_tokens: 256,
      messages: [{ role: 'user', content: prompt }],
    });
    const validFrames = (): WireFrame[] =>
      messageEvents(ANSWER).map((event) => ({ event: event.type, data: event }));
    const create = (prompt?: string, signal?: AbortSignal) =>
      client.messages.create({ ...body(prompt), stream: true }, { signal }) as Promise<
        AsyncIterable<unknown>
      >;
    return {
      spanName: `chat ${MODEL}`,
      canaries: [apiKey],
      credentialsOnWire: () =>
        // 1.x sends `Authorization: Bearer …`; older lines `x-api-key`.
        wire.requests.flatMap((request) =>
          [request.headers.authorization, request.headers['x-api-key']].map(String),
        ),
      call(prompt) {
        replies.enqueue(false, { kind: 'json', body: anthropicMessage(ANSWER), headers: HEADERS });
        return client.messages.create(body(prompt));
      },
      failingCall() {
        replies.enqueue(false, {
          kind: 'json',
          status: 401,
          headers: HEADERS,
          body: {
            type: 'error',
            error: { type: 'authentication_error', message: `invalid x-api-key: ${apiKey}` },
          },
        });
        return client.messages.create(body());
      },
      openStream(script, signal) {
        const events = validFrames();
        const reply: WireReply =
          script.kind === 'complete'
            ? { kind: 'sse', events, delayMs: script.delayMs, headers: HEADERS }
            : script.kind === 'connection-lost'
              ? { kind: 'sse', events, delayMs: 2, destroyAfter: 4, headers: HEADERS }
              : script.kind === 'held'
                ? { kind: 'sse', events, delayMs: 2, stallAfter: 4, headers: HEADERS }
                : {
                    kind: 'sse',
                    headers: HEADERS,
                    events: [...events.slice(0, 4), { event: 'error', data: errorEvent() }],
                  };
        replies.enqueue(true, reply);
        return create(undefined, signal);
      },
      validJson: () => anthropicMessage(ANSWER),
      validFrames,
      async callWith(answer) {
        if (answer.kind === 'json') {
          replies.enqueue(false, { kind: 'json', body: answer.body, headers: HEADERS });
          return client.messages.create(body());
        }
        replies.enqueue(true, sseReply(answer, HEADERS));
        const chunks: unknown[] = [];
        for await (const chunk of await create()) chunks.push(chunk);
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
