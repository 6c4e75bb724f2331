import {
  chatCompletion,
  chatCompletionChunks,
  openAIHeaders,
  type SseEvent,
} from '../../support/openai-wire-server';

/**
 * A `fetch` for `new OpenAI({ fetch })` that answers chat completions in the real wire format
 * (the same builders as the local wire server: JSON, or SSE with `include_usage`) without a
 * socket. Used by the load test, where the local HTTP server and client sockets, not genai-otel,
 * would be what is measured on two shared cores.
 */
export function inProcessOpenAIFetch(): typeof fetch {
  const encoder = new TextEncoder();
  return async (_input, init) => {
    // A real answer arrives on a later event-loop turn; without this the calls would run as one
    // endless chain of microtasks and starve timers and sockets (the exporter's among them).
    await new Promise((resolve) => setImmediate(resolve));
    const body = JSON.parse(String(init?.body ?? '{}')) as { stream?: boolean };
    if (!body.stream) {
      return new Response(JSON.stringify(chatCompletion()), {
        status: 200,
        headers: { ...openAIHeaders(), 'content-type': 'application/json' },
      });
    }
    const events = chatCompletionChunks({ includeUsage: true });
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const event of events) controller.enqueue(encoder.encode(sse(event)));
        controller.close();
      },
    });
    return new Response(stream, {
      status: 200,
      headers: { ...openAIHeaders(), 'content-type': 'text/event-stream; charset=utf-8' },
    });
  };
}

function sse(event: SseEvent): string {
  const data = typeof event.data === 'string' ? event.data : JSON.stringify(event.data);
  return `${event.event ? `event: ${event.event}\n` : ''}data: ${data}\n\n`;
}
