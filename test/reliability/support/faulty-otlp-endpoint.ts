import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** How the endpoint treats the next requests. */
export type OtlpFault =
  | 'healthy'
  /** Nothing listens: connections are refused. */
  | 'refused'
  /** Reads the request and never answers. */
  | 'hang'
  /** Reads half the body, then destroys the socket (a connection cut mid-request). */
  | 'cut'
  | 500
  | 429
  | 400;

export interface FaultyOtlpEndpoint {
  /** Base URL, as for `OTEL_EXPORTER_OTLP_ENDPOINT`; stays the same across faults. */
  url: string;
  setFault(fault: OtlpFault): Promise<void>;
  /** Requests seen per fault, for the report. */
  requestsSeen: Map<OtlpFault, number>;
  close(): Promise<void>;
}

/**
 * An OTLP/HTTP endpoint in front of a real receiver that can be told to misbehave the ways
 * backends do. Healthy requests are forwarded to the receiver, so what gets through is decoded
 * exactly as a backend would.
 */
export async function startFaultyOtlpEndpoint(forwardTo: string): Promise<FaultyOtlpEndpoint> {
  let fault: OtlpFault = 'healthy';
  const requestsSeen = new Map<OtlpFault, number>();
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    requestsSeen.set(fault, (requestsSeen.get(fault) ?? 0) + 1);
    handle(fault, forwardTo, request, response);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await listen(server, 0);
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requestsSeen,
    async setFault(next) {
      if (next === 'refused' && fault !== 'refused') {
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      } else if (next !== 'refused' && fault === 'refused') {
        await listen(server, port);
      }
      fault = next;
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return fault === 'refused'
        ? Promise.resolve()
        : new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function listen(server: ReturnType<typeof createServer>, port: number): Promise<void> {
  return new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
}

function handle(
  fault: OtlpFault,
  forwardTo: string,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  const chunks: Buffer[] = [];
  let received = 0;
  const declared = Number(request.headers['content-length'] ?? 0);
  request.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    received += chunk.length;
    if (fault === 'cut' && received >= declared / 2) request.socket.destroy();
  });
  request.on('end', () => {
    if (fault === 'hang' || fault === 'cut') return;
    if (typeof fault === 'number') {
      response.writeHead(fault, {
        'content-type': 'application/json',
        ...(fault === 429 ? { 'retry-after': '1' } : {}),
      });
      response.end('{}');
      return;
    }
    fetch(`${forwardTo}${request.url}`, {
      method: 'POST',
      headers: { 'content-type': String(request.headers['content-type'] ?? 'application/x-protobuf') },
      body: Buffer.concat(chunks),
    }).then(
      async (forwarded) => {
        response.writeHead(forwarded.status, { 'content-type': forwarded.headers.get('content-type') ?? '' });
        response.end(Buffer.from(await forwarded.arrayBuffer()));
      },
      () => response.writeHead(502).end(),
    );
  });
}
