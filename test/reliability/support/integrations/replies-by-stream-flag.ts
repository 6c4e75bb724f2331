import type { OpenAIWireServer, WireReply } from '../../../support/openai-wire-server';

/**
 * Replies for one route kept in two queues, picked by the request's `"stream": true`: with many
 * calls in flight, requests reach the server in another order than their replies were queued, and
 * a streamed call must still get a streamed answer (OpenAI and Anthropic use one route for both).
 */
export function repliesByStreamFlag(wire: OpenAIWireServer): {
  enqueue(streamed: boolean, reply: WireReply): void;
  clear(): void;
} {
  const queues = { json: [] as WireReply[], stream: [] as WireReply[] };
  wire.setHandler((request) => {
    const streamed = (request.body as { stream?: unknown } | undefined)?.stream === true;
    return (streamed ? queues.stream : queues.json).shift();
  });
  return {
    enqueue: (streamed, reply) => (streamed ? queues.stream : queues.json).push(reply),
    clear() {
      queues.json.length = 0;
      queues.stream.length = 0;
    },
  };
}
