import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_LANGCHAIN_CORE_VERSIONS } from '../../instrumentations/langchain/instrumentation';
import { SUPPORTED_OPENAI_VERSIONS } from '../../instrumentations/openai/instrumentation';
import { SUPPORTED_NODE_RANGE } from '../../src/doctor/doctor-report';
import { satisfiesRange } from '../../src/doctor/version-range';
import { KNOWN_INSTRUMENTATIONS } from '../../src/instrumentation-registry';
import { runNodeApp } from '../support/run-node-app';
import { useOtlpReceiver } from '../support/use-otlp-receiver';

const CLI = 'dist/src/cli/genai-otel.js';
const receiver = useOtlpReceiver();

describe('genai-otel doctor', () => {
  it('reports Node.js, the installed libraries, and that both OTLP endpoints answer', async () => {
    const run = await runNodeApp(CLI, {
      loader: 'none',
      args: ['doctor'],
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url },
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const openaiVersion = (
      JSON.parse(readFileSync('node_modules/openai/package.json', 'utf8')) as { version: string }
    ).version;
    expect(run.stdout).toContain(`  Node.js          ${process.versions.node} ✓\n`);
    expect(run.stdout).toContain(`    openai         openai ${openaiVersion} supported ✓\n`);
    expect(run.stdout).toContain(
      `  Traces           otlp http/protobuf → ${receiver.url}/v1/traces (from OTEL_EXPORTER_OTLP_ENDPOINT=${receiver.url}) ✓ answers (HTTP 200)\n`,
    );
    expect(run.stdout).toContain(`  Metrics          otlp http/protobuf → ${receiver.url}/v1/metrics`);
    expect(run.stdout).toContain('No problems found.');
    // The check is a real, empty export request to each signal's URL.
    expect(receiver.requests.map((request) => request.path).sort()).toEqual(['/v1/metrics', '/v1/traces']);
    expect(receiver.spans).toHaveLength(0);
  });

  it('--json: a refused endpoint is a problem naming the URL, where it came from and why; exit code 1', async () => {
    const run = await runNodeApp(CLI, {
      loader: 'none',
      args: ['doctor', '--json', '--timeout', '1500'],
      env: {
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:9/v1/traces',
        OTEL_TRACES_SAMPLER: 'traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.2',
      },
    });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.traces).toMatchObject({
      exporters: ['otlp'],
      url: 'http://127.0.0.1:9/v1/traces',
      sampler: 'traceidratio (ratio 0.2)',
      endpoint: { ok: false },
    });
    expect(report.metrics.exporters).toEqual(['none']);
    expect(report.problems).toEqual([
      expect.stringMatching(
        /^traces cannot be exported to http:\/\/127\.0\.0\.1:9\/v1\/traces: .+ \(URL from OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=http:\/\/127\.0\.0\.1:9\/v1\/traces\)\.$/,
      ),
    ]);
  });

  it('inside the app: how genai-otel was loaded, and which libraries are patched or why not', async () => {
    const run = await runNodeApp('test/fixtures/apps/doctor-in-app.cjs', {
      loader: 'import',
      env: { OTEL_TRACES_EXPORTER: 'none', OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true' },
    });
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout);
    expect(report.genaiOtel).toMatchObject({ loadedBy: 'import-flag', esmHooks: true });
    expect(report.contentCapture).toBe(true);
    const byName = (name: string) =>
      report.instrumentations.find((entry: { name: string }) => entry.name === name);
    const openai = byName('openai');
    const langchain = byName('langchain');
    expect(openai.libraries[0]).toMatchObject({ package: 'openai', patched: true });
    expect(langchain.libraries[0]).toMatchObject({
      package: '@langchain/core',
      patched: false,
      reason: 'not loaded yet (patched when the app loads it)',
    });
    expect(report.problems).toEqual([]);
  });
});

describe('what the doctor checks against', () => {
  it('keeps the Node.js range equal to package.json engines', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as {
      engines: { node: string };
    };
    expect(SUPPORTED_NODE_RANGE).toBe(manifest.engines.node);
    expect(satisfiesRange('22.14.9', SUPPORTED_NODE_RANGE)).toBe(false);
    expect(satisfiesRange('24.0.0', SUPPORTED_NODE_RANGE)).toBe(true);
  });

  it("keeps each registry entry's supported versions equal to its instrumentation's", () => {
    const byName = Object.fromEntries(
      KNOWN_INSTRUMENTATIONS.map((entry) => [entry.name, entry.supportedVersions]),
    );
    expect(byName.openai).toEqual(SUPPORTED_OPENAI_VERSIONS);
    expect(byName.langchain).toEqual(SUPPORTED_LANGCHAIN_CORE_VERSIONS);
    expect(satisfiesRange('7.57.0', '>=4.0.0 <8')).toBe(true);
    expect(satisfiesRange('8.0.0', '>=4.0.0 <8')).toBe(false);
    expect(satisfiesRange('3.3.0', '>=4.0.0 <8')).toBe(false);
  });
});
