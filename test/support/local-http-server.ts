import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A started local HTTP server: where it listens, and how to stop it with its open connections. */
export interface LocalHttpServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** Closes the server, destroying open connections (hanging requests, stalled streams). */
  close(): Promise<void>;
}

/**
 * Starts an HTTP/1.1 server on 127.0.0.1 and an ephemeral port that hands each request, with its
 * body read as UTF-8 text, to `handle`.
 */
export async function listenLocally(
  handle: (req: IncomingMessage, res: ServerResponse, body: string) => void,
): Promise<LocalHttpServer> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    readBody(req).then((body) => handle(req, res, body));
  });
  // Node closes an idle keep-alive socket after 5 s; a client reusing it at that moment gets
  // ECONNRESET (undici does not retry). Under load on a busy machine that race is real, and it is
  // the test server's, not what is under test: keep idle sockets open for the server's lifetime.
  server.keepAliveTimeout = 0;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
  });
}
