import { randomBytes } from 'node:crypto';
import { getSharedBedrockInstrumentation } from '../../../../instrumentations/bedrock/instrument';
import type { BedrockModule } from '../../../bedrock/support/instrumented-bedrock';
import { requireFromRoot } from '../../../openai/support/load-openai';
import {
  awsError,
  type BedrockReply,
  bedrockRoute,
  encodeStreamMessage,
  eventStream,
  json,
  type StreamMessage,
  startBedrockWireServer,
} from '../../../support/bedrock-wire-server';
import type { IntegrationClient, ReliabilityIntegration, WireFrame } from './integration-under-test';

const MODEL = 'amazon.nova-lite-v1:0';
const ROUTE = bedrockRoute(MODEL, 'converse');
const STREAM_ROUTE = bedrockRoute(MODEL, 'converse-stream');

const CONVERSE_ANSWER = {
  output: { message: { role: 'assistant', content: [{ text: 'Hello, Bonjour, Hola.' }] } },
  stopReason: 'end_turn',
  usage: { inputTokens: 18, outputTokens: 9, totalTokens: 27 },
  metrics: { latencyMs: 380 },
};

function streamFrames(): WireFrame[] {
  return [
    { event: 'messageStart', data: { role: 'assistant' } },
    ...['Hello,', ' Bonjour,', ' Hola.'].map((text) => ({
      event: 'contentBlockDelta',
      data: { contentBlockIndex: 0, delta: { text } },
    })),
    { event: 'contentBlockStop', data: { contentBlockIndex: 0 } },
    { event: 'messageStop', data: { stopReason: 'end_turn' } },
    {
      event: 'metadata',
      data: { usage: { inputTokens: 18, outputTokens: 9, totalTokens: 27 }, metrics: { latencyMs: 380 } },
    },
  ];
}

/** A frame as an event-stream message; a non-object body is written as raw text. */
function toMessage(frame: WireFrame): StreamMessage {
  const event = frame.event ?? 'unnamedEvent';
  if (frame.data !== null && typeof frame.data === 'object' && !Array.isArray(frame.data))
    return { event, payload: frame.data as Record<string, unknown> };
  return { event, rawBody: typeof frame.data === 'string' ? frame.data : JSON.stringify(frame.data) };
}

/**
 * `@aws-sdk/client-bedrock-runtime` 3.x over h2c: `ConverseCommand` and `ConverseStreamCommand`
 * (binary event-stream frames), signed with SigV4 from canary access key, secret and session token.
 */
export const bedrock: ReliabilityIntegration = {
  name: 'bedrock',
  instrumentation: getSharedBedrockInstrumentation,
  async start(): Promise<IntegrationClient> {
    const server = await startBedrockWireServer();
    // Shaped like temporary credentials from STS (what roles give an app): ASIA… and IQoJb3JpZ2lu….
    const credentials = {
      accessKeyId: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: `IQoJb3JpZ2luX2VjE${randomBytes(300).toString('base64')}`,
    };
    const sdk = requireFromRoot('@aws-sdk/client-bedrock-runtime') as BedrockModule;
    const client = new sdk.BedrockRuntimeClient({
      region: 'us-east-1',
      endpoint: server.url,
      credentials,
      maxAttempts: 1,
    });
    const messages = (prompt = 'Say hello in three languages.') => [
      { role: 'user' as const, content: [{ text: prompt }] },
    ];
    const converse = (prompt?: string) =>
      client.send(new sdk.ConverseCommand({ modelId: MODEL, messages: messages(prompt) }));
    const open = async (signal?: AbortSignal) => {
      const response = await client.send(
        new sdk.ConverseStreamCommand({ modelId: MODEL, messages: messages() }),
        {
          abortSignal: signal,
        },
      );
      return response.stream as AsyncIterable<unknown>;
    };
    const frames = () => streamFrames().map(toMessage);
    return {
      spanName: `chat ${MODEL}`,
      canaries: Object.values(credentials),
      credentialsOnWire: () =>
        server.received.flatMap((request) => [
          String(request.headers.authorization),
          String(request.headers['x-amz-security-token']),
        ]),
      call(prompt) {
        server.enqueue(ROUTE, json(CONVERSE_ANSWER));
        return converse(prompt);
      },
      failingCall() {
        server.enqueue(
          ROUTE,
          awsError(
            'UnrecognizedClientException',
            403,
            `The security token included in the request is invalid: ${credentials.sessionToken} (key ${credentials.accessKeyId})`,
          ),
        );
        return converse();
      },
      openStream(script, signal) {
        const messagesOf = frames();
        const reply: BedrockReply =
          script.kind === 'complete'
            ? eventStream(messagesOf, false, { delayMs: script.delayMs })
            : script.kind === 'connection-lost'
              ? eventStream(messagesOf, false, { delayMs: 2, resetAfter: 2 })
              : script.kind === 'held'
                ? eventStream(messagesOf.slice(0, 2), true)
                : eventStream([
                    ...messagesOf.slice(0, 2),
                    { exception: 'modelStreamErrorException', message: 'The model stopped unexpectedly.' },
                  ]);
        server.enqueue(STREAM_ROUTE, reply);
        return open(signal);
      },
      validJson: () => CONVERSE_ANSWER,
      validFrames: streamFrames,
      async callWith(answer) {
        if (answer.kind === 'json') {
          server.enqueue(ROUTE, json(answer.body));
          return converse();
        }
        const tail = answer.truncatedTail;
        const trailingBytes = tail
          ? encodeStreamMessage(toMessage(tail.frame)).slice(0, tail.cutAt)
          : undefined;
        server.enqueue(STREAM_ROUTE, eventStream(answer.frames.map(toMessage), false, { trailingBytes }));
        const events: unknown[] = [];
        for await (const event of await open()) events.push(event);
        return events;
      },
      reset: () => server.reset(),
      close: async () => {
        client.destroy();
        await server.close();
      },
    };
  },
};
