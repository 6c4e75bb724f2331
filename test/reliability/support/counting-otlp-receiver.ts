import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeTraceRequest } from '../../support/otlp-proto-schema';

/**
 * An OTLP/HTTP protobuf trace receiver that decodes every request like a backend and keeps only
 * counts, so a 100,000-span soak does not measure the receiver's own memory.
 */
export async function startCountingOtlpReceiver(): Promise<{
  url: string;
  spansByName: Map<string, number>;
  /** Spans whose status code is not OK/UNSET. */
  errorSpans: () => number;
  total: () => number;
  close(): Promise<void>;
}> {
  const spansByName = new Map<string, number>();
  let total = 0;
  let errors = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      // biome-ignore lint/suspicious/noExplicitAny: a decoded OTLP request walked field by field
      const decoded = decodeTraceRequest(Buffer.concat(chunks)) as any;
      for (const resourceSpans of decoded.resourceSpans ?? []) {
        for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
          for (const span of scopeSpans.spans ?? []) {
            total++;
            if (Number(span.status?.code ?? 0) === 2) errors++;
            spansByName.set(span.name, (spansByName.get(span.name) ?? 0) + 1);
          }
        }
      }
      response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spansByName,
    errorSpans: () => errors,
    total: () => total,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
