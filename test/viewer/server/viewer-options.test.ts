import { describe, expect, it } from 'vitest';
import { viewerOtlpConfigs } from '../../../src/exporters/viewer-endpoint';
import { parseRetentionAge } from '../../../src/viewer/server/duration-option';
import { parseRemoteSourceSpec } from '../../../src/viewer/sources/remote-source-spec';
import { defaultDbPath } from '../../../src/viewer/store/default-db-path';
import { ftsQueryFor } from '../../../src/viewer/store/trace-queries';
import { recordDiagMessages } from '../../support/record-diag-messages';

const primary = {
  url: 'https://otel.example.com/v1/traces',
  urlSource: 'OTEL_EXPORTER_OTLP_ENDPOINT=https://otel.example.com',
  protocol: 'http/json' as const,
  headers: { authorization: 'Bearer backend-secret' },
  timeoutMillis: 7_000,
};

describe('GENAI_OTEL_VIEWER', () => {
  it('adds a protobuf destination per signal, without the backend headers', () => {
    expect(viewerOtlpConfigs(primary, 'traces', { GENAI_OTEL_VIEWER: 'http://127.0.0.1:4318/' })).toEqual([
      {
        url: 'http://127.0.0.1:4318/v1/traces',
        urlSource: 'GENAI_OTEL_VIEWER=http://127.0.0.1:4318/',
        protocol: 'http/protobuf',
        headers: {},
        timeoutMillis: 7_000,
      },
    ]);
    expect(
      viewerOtlpConfigs(primary, 'metrics', { GENAI_OTEL_VIEWER: 'http://127.0.0.1:4318' })[0]?.url,
    ).toBe('http://127.0.0.1:4318/v1/metrics');
  });

  it('adds nothing when unset, empty, or the same as the main endpoint', () => {
    expect(viewerOtlpConfigs(primary, 'traces', {})).toEqual([]);
    expect(viewerOtlpConfigs(primary, 'traces', { GENAI_OTEL_VIEWER: ' ' })).toEqual([]);
    expect(viewerOtlpConfigs(primary, 'traces', { GENAI_OTEL_VIEWER: 'https://otel.example.com' })).toEqual(
      [],
    );
  });

  it('warns once, through diag, about a value that is not an http(s) URL', () => {
    const messages = recordDiagMessages();
    expect(viewerOtlpConfigs(primary, 'traces', { GENAI_OTEL_VIEWER: '127.0.0.1:4318' })).toEqual([]);
    expect(viewerOtlpConfigs(primary, 'metrics', { GENAI_OTEL_VIEWER: '127.0.0.1:4318' })).toEqual([]);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/GENAI_OTEL_VIEWER="127.0.0.1:4318" is not an http\(s\) URL/);
  });
});

describe('genai-otel view option parsing', () => {
  it('reads retention ages and "off"', () => {
    expect(parseRetentionAge('7d')).toBe(7 * 86_400_000);
    expect(parseRetentionAge('12h')).toBe(12 * 3_600_000);
    expect(parseRetentionAge('1.5m')).toBe(90_000);
    expect(parseRetentionAge('2w')).toBe(14 * 86_400_000);
    expect(parseRetentionAge('off')).toBeUndefined();
    expect(() => parseRetentionAge('7 days')).toThrow(/expected a number and a unit/);
  });

  it('reads --source kind=URL and rejects other kinds and non-URLs', () => {
    expect(parseRemoteSourceSpec('tempo=http://tempo:3200/')).toEqual({
      kind: 'tempo',
      url: 'http://tempo:3200',
    });
    expect(parseRemoteSourceSpec('jaeger=https://jaeger.example.com/query')).toEqual({
      kind: 'jaeger',
      url: 'https://jaeger.example.com/query',
    });
    expect(() => parseRemoteSourceSpec('zipkin=http://x')).toThrow(/kind must be tempo or jaeger/);
    expect(() => parseRemoteSourceSpec('tempo=localhost:3200')).toThrow(/only http and https|is not a URL/);
    expect(() => parseRemoteSourceSpec('jaeger')).toThrow(/is not a URL/);
  });

  it('puts the store in the platform data directory', () => {
    expect(defaultDbPath({ XDG_DATA_HOME: '/data' }, 'linux', '/home/ada')).toBe('/data/genai-otel/view.db');
    expect(defaultDbPath({}, 'linux', '/home/ada')).toBe('/home/ada/.local/share/genai-otel/view.db');
    expect(defaultDbPath({}, 'darwin', '/Users/ada')).toBe(
      '/Users/ada/Library/Application Support/genai-otel/view.db',
    );
  });

  it('turns search words into a literal FTS5 prefix query', () => {
    expect(ftsQueryFor('get_weath Lisbon')).toBe('"get_weath"* "Lisbon"*');
    expect(ftsQueryFor('say "hi"')).toBe('"say"* """hi"""*');
    expect(ftsQueryFor(' * - ')).toBeUndefined();
  });
});
