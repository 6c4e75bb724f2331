import type { Agent as HttpAgent } from 'node:http';
import type { Duplex } from 'node:stream';

type AgentClass = typeof HttpAgent;

/**
 * An http(s) agent whose sockets never keep the process alive. Telemetry must not delay the end of
 * the app: an export to a backend that hangs would otherwise hold it for the whole OTLP timeout.
 * The end of the process is where genai-otel flushes, bounded by GENAI_OTEL_EXIT_FLUSH_TIMEOUT.
 */
function backgroundAgentClass(Base: AgentClass): AgentClass {
  return class BackgroundAgent extends Base {
    override createConnection(...args: Parameters<HttpAgent['createConnection']>): Duplex | null | undefined {
      const socket = super.createConnection(...args);
      (socket as Partial<{ unref(): void }> | null | undefined)?.unref?.();
      return socket;
    }

    // Node's agent ref()s a kept-alive socket when it is reused.
    override reuseSocket(...args: Parameters<HttpAgent['reuseSocket']>): void {
      super.reuseSocket(...args);
      (args[0] as Partial<{ unref(): void }>).unref?.();
    }
  } as AgentClass;
}

/**
 * The OTLP exporters' `httpAgentOptions` factory: keep-alive agents with unref'd sockets. node:https
 * (and with it tls) is loaded on the first https export, not at start-up.
 */
export function backgroundAgentFor(protocol: string): HttpAgent {
  const Base = (
    protocol === 'https:'
      ? (require('node:https') as typeof import('node:https')).Agent
      : (require('node:http') as typeof import('node:http')).Agent
  ) as AgentClass;
  const BackgroundAgent = backgroundAgentClass(Base);
  return new BackgroundAgent({ keepAlive: true });
}

/** Failures that mean no backend is there at all: retrying them only holds the app open. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);

interface ExportResponseLike {
  status?: string;
  error?: { code?: unknown };
}

/**
 * The OTLP exporter retries a failed export with backoff for up to its timeout (10 s), while the
 * batch processor's ref'd export timer keeps a finished app alive; with a refused endpoint, the
 * end of a short script took 13 s. So: a refused or unresolvable endpoint fails at once (the batch
 * is reported and counted as lost), and the retries that remain (HTTP 429/502/503/504, resets)
 * wait on unref'd timers. The retrying transport is an internal of
 * `@opentelemetry/otlp-exporter-base`; when its shape is not the expected one, nothing is changed.
 */
export function boundRetries(exporter: object): void {
  const transport = (exporter as { _delegate?: { _transport?: unknown } })._delegate?._transport as
    | { retry?: unknown; _transport?: { send(data: Uint8Array, timeoutMillis: number): Promise<unknown> } }
    | undefined;
  const inner = transport?._transport;
  if (!transport || typeof transport.retry !== 'function' || !inner || typeof inner.send !== 'function')
    return;
  const send = inner.send.bind(inner);
  inner.send = async (data, timeoutMillis) => {
    const response = (await send(data, timeoutMillis)) as ExportResponseLike;
    const code = response?.error?.code;
    if (response?.status === 'retryable' && typeof code === 'string' && UNREACHABLE_CODES.has(code)) {
      return { ...response, status: 'failure' };
    }
    return response;
  };
  transport.retry = (data: Uint8Array, timeoutMillis: number, inMillis: number) =>
    new Promise((resolve, reject) => {
      setTimeout(() => inner.send(data, timeoutMillis).then(resolve, reject), inMillis).unref();
    });
}
