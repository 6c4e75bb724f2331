import { getSharedGoogleGenAIInstrumentation } from '../../../../instrumentations/google-genai/instrument';
import type { GoogleGenAIModule } from '../../../google-genai/support/instrumented-google-genai';
import { requireFromRoot } from '../../../openai/support/load-openai';
import {
  geminiError,
  geminiHeaders,
  geminiResponse,
  geminiRoute,
  geminiStreamEvents,
} from '../../../support/gemini-wire-server';
import { startOpenAIWireServer, type WireReply } from '../../../support/openai-wire-server';
import { canary } from './canary';
import type { IntegrationClient, ReliabilityIntegration, WireFrame } from './integration-under-test';
import { sseReply } from './sse-frames';

const MODEL = 'gemini-2.5-flash';
const ROUTE = geminiRoute(MODEL, 'generateContent');
const STREAM_ROUTE = geminiRoute(MODEL, 'streamGenerateContent');
const RESPONSE_ID = 'fixedResponseId0000000';
const SSE_HEADERS = { ...geminiHeaders(), 'content-type': 'text/event-stream' };

/** `@google/genai` (Gemini API, API key): `models.generateContent` and `generateContentStream` (`alt=sse`). */
export const googleGenAI: ReliabilityIntegration = {
  name: 'google-genai',
  instrumentation: getSharedGoogleGenAIInstrumentation,
  async start(): Promise<IntegrationClient> {
    const wire = await startOpenAIWireServer();
    const apiKey = canary('AIzaSy');
    const genai = requireFromRoot('@google/genai') as GoogleGenAIModule;
    const client = new genai.GoogleGenAI({ apiKey, httpOptions: { baseUrl: wire.url } });
    const request = (contents = 'Capital of France?') => ({ model: MODEL, contents });
    const validFrames = (): WireFrame[] =>
      geminiStreamEvents({ texts: ['Paris', ' is the capital', ' of France.'], responseId: RESPONSE_ID });
    const open = (signal?: AbortSignal) =>
      client.models.generateContentStream({ ...request(), config: { abortSignal: signal } });
    return {
      spanName: `generate_content ${MODEL}`,
      canaries: [apiKey],
      credentialsOnWire: () => wire.requests.map((received) => String(received.headers['x-goog-api-key'])),
      call(prompt) {
        wire.enqueue(ROUTE, {
          kind: 'json',
          body: geminiResponse({ responseId: RESPONSE_ID }),
          headers: geminiHeaders(),
        });
        return client.models.generateContent(request(prompt));
      },
      failingCall() {
        // A front end that echoes the request URL, `key=` query string included.
        wire.enqueue(
          ROUTE,
          geminiError(
            400,
            `API key not valid for https://generativelanguage.googleapis.com/v1/models/${MODEL}:generateContent?key=${apiKey}`,
          ),
        );
        return client.models.generateContent(request());
      },
      openStream(script, signal) {
        const events = validFrames();
        const reply: WireReply =
          script.kind === 'complete'
            ? { kind: 'sse', events, delayMs: script.delayMs, headers: SSE_HEADERS }
            : script.kind === 'connection-lost'
              ? { kind: 'sse', events, delayMs: 2, destroyAfter: 1, headers: SSE_HEADERS }
              : script.kind === 'held'
                ? { kind: 'sse', events, delayMs: 2, stallAfter: 1, headers: SSE_HEADERS }
                : {
                    kind: 'sse',
                    headers: SSE_HEADERS,
                    events: [
                      ...events.slice(0, 1),
                      {
                        data: {
                          error: { code: 503, message: 'The model is overloaded.', status: 'UNAVAILABLE' },
                        },
                      },
                    ],
                  };
        wire.enqueue(STREAM_ROUTE, reply);
        return open(signal);
      },
      validJson: () => geminiResponse({ responseId: RESPONSE_ID }),
      validFrames,
      async callWith(answer) {
        if (answer.kind === 'json') {
          wire.enqueue(ROUTE, { kind: 'json', body: answer.body, headers: geminiHeaders() });
          return client.models.generateContent(request());
        }
        wire.enqueue(STREAM_ROUTE, sseReply(answer, SSE_HEADERS));
        const chunks: unknown[] = [];
        for await (const chunk of await open()) chunks.push(chunk);
        return chunks;
      },
      reset: () => wire.reset(),
      close: () => wire.close(),
    };
  },
};
