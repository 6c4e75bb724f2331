import type { TraceSource } from './trace-source';

/** `--source kind=URL` as given on the command line. */
export interface RemoteSourceSpec {
  kind: 'tempo' | 'jaeger';
  url: string;
}

/** Parses `tempo=http://…` or `jaeger=http://…`; throws a message for the user otherwise. */
export function parseRemoteSourceSpec(text: string): RemoteSourceSpec {
  const separator = text.indexOf('=');
  const kind = separator < 0 ? text : text.slice(0, separator);
  const url = separator < 0 ? '' : text.slice(separator + 1);
  if (kind !== 'tempo' && kind !== 'jaeger') {
    throw new Error(
      `--source ${text}: the kind must be tempo or jaeger, e.g. --source tempo=http://localhost:3200`,
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(
      `--source ${text}: "${url}" is not a URL, e.g. --source ${kind}=http://localhost:${kind === 'tempo' ? 3200 : 16686}`,
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(`--source ${text}: only http and https URLs are supported`);
  }
  return { kind, url: parsed.href.replace(/\/+$/, '') };
}

/** The source for a spec; loaded on demand so the local-only viewer does not load either client. */
export function createRemoteSource(spec: RemoteSourceSpec): TraceSource {
  if (spec.kind === 'tempo') {
    const { TempoSource } = require('./tempo-source') as typeof import('./tempo-source');
    return new TempoSource(spec.url);
  }
  const { JaegerSource } = require('./jaeger-source') as typeof import('./jaeger-source');
  return new JaegerSource(spec.url);
}
