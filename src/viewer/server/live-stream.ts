import type { ServerResponse } from 'node:http';

export interface LiveStreamOptions {
  /** Shortest time between two `spans` events to one client (≤ 4 per second by default). */
  minIntervalMs?: number;
  keepAliveMs?: number;
}

/**
 * The `/api/live` Server-Sent Events stream: tells every connected UI which traces got new spans,
 * coalesced so a burst of writes is one event, with a comment line now and then to keep proxies
 * from closing an idle connection.
 */
export class LiveStream {
  private readonly clients = new Set<ServerResponse>();
  private readonly pendingTraceIds = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private lastSentAt = 0;
  private readonly keepAlive: NodeJS.Timeout;
  private readonly minIntervalMs: number;

  constructor(options: LiveStreamOptions = {}) {
    this.minIntervalMs = options.minIntervalMs ?? 250;
    this.keepAlive = setInterval(() => {
      for (const client of this.clients) client.write(': keep-alive\n\n');
    }, options.keepAliveMs ?? 15_000);
    this.keepAlive.unref();
  }

  /** Turns the response into an event stream until the client goes away. */
  attach(response: ServerResponse, headers: Record<string, string>): void {
    response.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    response.write(': connected\n\n');
    this.clients.add(response);
    response.on('close', () => this.clients.delete(response));
  }

  /** Announces that spans of these traces were stored. */
  publish(traceIds: readonly string[]): void {
    if (this.clients.size === 0) return;
    for (const traceId of traceIds) this.pendingTraceIds.add(traceId);
    if (this.timer !== undefined) return;
    const wait = Math.max(0, this.lastSentAt + this.minIntervalMs - Date.now());
    this.timer = setTimeout(() => this.send(), wait);
    this.timer.unref();
  }

  private send(): void {
    this.timer = undefined;
    this.lastSentAt = Date.now();
    const traceIds = [...this.pendingTraceIds];
    this.pendingTraceIds.clear();
    const message = `event: spans\ndata: ${JSON.stringify({ traceIds })}\n\n`;
    for (const client of this.clients) client.write(message);
  }

  close(): void {
    clearInterval(this.keepAlive);
    if (this.timer !== undefined) clearTimeout(this.timer);
    for (const client of this.clients) client.end();
    this.clients.clear();
  }
}
