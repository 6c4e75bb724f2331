import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../command-registry';

const DEFAULT_PORT = 4318;
const DEFAULT_RETAIN = '7d';
const DEFAULT_MAX_MB = 500;

const HELP = `Usage: genai-otel view [options]

A local trace viewer: an OTLP/HTTP receiver and a web UI on one port, storing traces in SQLite.

Options:
  --host <host>          interface to listen on (default 127.0.0.1; others need --token)
  --port <port>          port for the UI and OTLP/HTTP (default ${DEFAULT_PORT}; 0 = any free port)
  --db <path>            SQLite file (default: your data directory, genai-otel/view.db)
  --memory               keep traces in memory only, gone when the viewer stops
  --retain <age>         delete traces older than this: 30m, 12h, 7d, 2w, or off (default ${DEFAULT_RETAIN})
  --max-mb <n>           delete the oldest traces while the store is larger (default ${DEFAULT_MAX_MB}; 0 = no limit)
  --token <secret>       require "Authorization: Bearer <secret>" (or ?token=) on every request
  --source <kind>=<url>  also read traces from a shared backend: tempo=http://host:3200,
                         jaeger=http://host:16686 (repeatable)
  --open                 open the UI in the default browser
  -h, --help             show this help

Then run your app with:
  OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:${DEFAULT_PORT} node --import genai-otel/register app.mjs
`;

/**
 * node:sqlite is marked experimental on some Node versions and says so on first load. The viewer
 * owns this process, so it silences exactly that one warning here, nothing else and nowhere else.
 */
function silenceSqliteExperimentalWarning(): void {
  const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
    const message = typeof warning === 'string' ? warning : warning.message;
    const name = typeof warning === 'string' ? type : warning.name;
    if (name === 'ExperimentalWarning' && /SQLite/i.test(message)) return;
    emitWarning(warning, ...rest);
  }) as typeof process.emitWarning;
}

function openInBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', url]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(command as string, args as string[], { stdio: 'ignore', detached: true });
    child.on('error', () => process.stderr.write(`genai-otel view: could not open a browser; open ${url}\n`));
    child.unref();
  } catch {
    process.stderr.write(`genai-otel view: could not open a browser; open ${url}\n`);
  }
}

async function run(args: readonly string[]): Promise<number> {
  let values: ReturnType<typeof parse>['values'];
  const parse = (argv: readonly string[]) =>
    parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: String(DEFAULT_PORT) },
        db: { type: 'string' },
        memory: { type: 'boolean', default: false },
        retain: { type: 'string', default: DEFAULT_RETAIN },
        'max-mb': { type: 'string', default: String(DEFAULT_MAX_MB) },
        token: { type: 'string' },
        source: { type: 'string', multiple: true, default: [] },
        open: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  try {
    values = parse(args).values;
  } catch (error) {
    process.stderr.write(`genai-otel view: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }

  silenceSqliteExperimentalWarning();
  const { defaultDbPath } =
    require('../../viewer/store/default-db-path') as typeof import('../../viewer/store/default-db-path');
  const { parseRetentionAge } =
    require('../../viewer/server/duration-option') as typeof import('../../viewer/server/duration-option');
  const { createRemoteSource, parseRemoteSourceSpec } =
    require('../../viewer/sources/remote-source-spec') as typeof import('../../viewer/sources/remote-source-spec');
  const { isLoopbackHost } =
    require('../../viewer/server/request-auth') as typeof import('../../viewer/server/request-auth');
  const { startViewerServer, tokenRequiredMessage } =
    require('../../viewer/server/viewer-server') as typeof import('../../viewer/server/viewer-server');

  const fail = (message: string) => {
    process.stderr.write(`genai-otel view: ${message}\n`);
    return 2;
  };
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    return fail(`--port ${values.port}: expected 0-65535`);
  const maxMb = Number(values['max-mb']);
  if (!Number.isFinite(maxMb) || maxMb < 0)
    return fail(`--max-mb ${values['max-mb']}: expected a number of megabytes`);
  if (values.memory && values.db !== undefined) return fail('--db and --memory exclude each other; pass one');
  const host = values.host as string;
  const token = values.token === '' ? undefined : values.token;
  if (!isLoopbackHost(host) && token === undefined) {
    process.stderr.write(`${tokenRequiredMessage(host)}\n`);
    return 2;
  }
  let maxAgeMs: number | undefined;
  let remoteSources: ReturnType<typeof createRemoteSource>[];
  try {
    maxAgeMs = parseRetentionAge(values.retain as string);
    const specs = (values.source as string[]).map(parseRemoteSourceSpec);
    const kinds = specs.map((spec) => spec.kind);
    if (new Set(kinds).size !== kinds.length)
      return fail('--source: give each kind (tempo, jaeger) at most once');
    remoteSources = specs.map(createRemoteSource);
  } catch (error) {
    return fail((error as Error).message);
  }

  const dbPath = values.memory ? ':memory:' : (values.db ?? defaultDbPath());
  const { SpanStore } =
    require('../../viewer/store/span-store') as typeof import('../../viewer/store/span-store');
  let store: InstanceType<typeof SpanStore>;
  try {
    if (dbPath !== ':memory:') mkdirSync(dirname(dbPath), { recursive: true });
    store = new SpanStore({ path: dbPath });
  } catch (error) {
    return fail(`cannot open the store ${dbPath}: ${(error as Error).message}`);
  }

  let server: Awaited<ReturnType<typeof startViewerServer>>;
  try {
    server = await startViewerServer({
      store,
      storeLabel: dbPath === ':memory:' ? 'Local (in memory)' : 'Local store',
      host,
      port,
      ...(token === undefined ? {} : { token }),
      remoteSources,
      retention: {
        ...(maxAgeMs === undefined ? {} : { maxAgeMs }),
        ...(maxMb > 0 ? { maxBytes: maxMb * 1024 * 1024 } : {}),
      },
    });
  } catch (error) {
    store.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      return fail(
        `port ${port} on ${host} is in use (another collector or viewer?). Stop it, or pass --port <other> and ` +
          'point OTEL_EXPORTER_OTLP_ENDPOINT at that port.',
      );
    }
    return fail((error as Error).message);
  }

  const uiUrl = `${server.url}/${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`;
  const lines = [
    `genai-otel view: UI at ${uiUrl} · OTLP/HTTP at ${server.url}`,
    `  store: ${dbPath === ':memory:' ? 'in memory (--memory)' : dbPath} · retain ${maxAgeMs === undefined ? 'forever' : values.retain}` +
      `${maxMb > 0 ? `, at most ${maxMb} MB` : ''}`,
    ...remoteSources.map((source) => `  source: ${source.info.label}`),
    '  point an app at it:',
    `    OTEL_EXPORTER_OTLP_ENDPOINT=${server.url}${token === undefined ? '' : ` OTEL_EXPORTER_OTLP_HEADERS=authorization=Bearer%20${encodeURIComponent(token)}`} node --import genai-otel/register app.mjs`,
    `  or, for an app that already exports elsewhere, add GENAI_OTEL_VIEWER=${server.url}`,
    '  Ctrl+C stops the viewer.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (values.open) openInBrowser(uiUrl);

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      process.stdout.write(`genai-otel view: ${signal}, writing what is queued and closing the store\n`);
      server
        .close()
        .catch((error: unknown) => process.stderr.write(`genai-otel view: ${(error as Error).message}\n`))
        .finally(() => {
          try {
            store.close();
          } catch (error) {
            process.stderr.write(`genai-otel view: closing the store failed: ${(error as Error).message}\n`);
          }
          resolve(0);
        });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/** `genai-otel view`: the local trace viewer (OTLP receiver, store, web UI). */
export const command: CliCommand = {
  summary: 'local trace viewer: OTLP/HTTP receiver and web UI on 127.0.0.1:4318',
  run,
};
