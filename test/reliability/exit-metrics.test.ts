import { beforeEach, describe, expect, it } from 'vitest';
import { exitFlushedOtlpEnv } from '../support/exit-flushed-otlp-env';
import { chatCompletion } from '../support/openai-wire-server';
import type { ReceivedMetric } from '../support/otlp-receiver';
import { runNodeApp } from '../support/run-node-app';
import { useOpenAIWireServer } from '../support/use-openai-wire-server';
import { useOtlpReceiver } from '../support/use-otlp-receiver';

/**
 * A batch job's token and cost metrics arrive however the process ends. The metric export
 * interval is 60 s, so every point received was flushed by the exit path; `process.exit()`, an
 * uncaught exception and an unhandled rejection leave no event-loop turn for the SDK's
 * asynchronous collection (see docs/decisions.md, "Metrics at process.exit()").
 */
const APP = 'test/fixtures/apps/openai-batch-job.cjs';
const wire = useOpenAIWireServer();
const receiver = useOtlpReceiver();
beforeEach(() => {
  const reply = {
    kind: 'json' as const,
    body: chatCompletion({
      choices: [{ content: 'Printer on floor 3 jams.' }],
      usage: { prompt: 22, completion: 4 },
    }),
  };
  wire.setHandler(() => reply);
});

const env = (protocol: string) =>
  exitFlushedOtlpEnv(receiver.url, 'batch-job', {
    OPENAI_BASE_URL: wire.baseURL,
    OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
  });

function tokensBy(metric: ReceivedMetric, type: string): number | undefined {
  return metric.points.find((point) => point.attributes['gen_ai.token.type'] === type)?.sum;
}

async function expectCallMetrics(): Promise<void> {
  const tokens = await receiver.waitForMetric('gen_ai.client.token.usage', 5_000);
  expect(tokensBy(tokens, 'input')).toBe(22);
  expect(tokensBy(tokens, 'output')).toBe(4);
  const cost = await receiver.waitForMetric('genai_otel.client.cost', 5_000);
  const dollars = cost.points.reduce((total, point) => total + (point.value ?? point.sum ?? 0), 0);
  expect(dollars).toBeGreaterThan(0);
  const duration = await receiver.waitForMetric('gen_ai.client.operation.duration', 5_000);
  expect(duration.points.map((point) => point.count)).toEqual([1]);
}

describe.each(['require', 'import'] as const)('a batch job under --%s genai-otel/register', (loader) => {
  it.each([
    { mode: 'exit', code: 3, protocol: 'http/protobuf' },
    { mode: 'exit', code: 3, protocol: 'http/json' },
    { mode: 'normal', code: 0, protocol: 'http/protobuf' },
    { mode: 'throw', code: 1, protocol: 'http/protobuf' },
    { mode: 'reject', code: 1, protocol: 'http/protobuf' },
  ])(
    'delivers its token and cost metrics when it ends by $mode ($protocol)',
    async ({ mode, code, protocol }) => {
      const run = await runNodeApp(APP, { loader, args: [mode], env: env(protocol) });
      expect(run.stdout).toContain('answer: Printer on floor 3 jams.');
      expect(run.code, run.stderr).toBe(code);
      await expectCallMetrics();
    },
  );

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'delivers them when it dies of %s, still of that signal',
    async (signal) => {
      const run = await runNodeApp(APP, {
        loader,
        args: ['signal'],
        signalWhenReady: signal,
        env: env('http/protobuf'),
      });
      expect(run.signal).toBe(signal);
      await expectCallMetrics();
    },
  );
});
