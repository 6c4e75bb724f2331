import { beforeEach, describe, expect, it } from 'vitest';
import { EVENT_GEN_AI_CLIENT_INFERENCE_OPERATION_DETAILS } from '../../src/genai/semconv';
import { exitFlushedOtlpEnv } from '../support/exit-flushed-otlp-env';
import { chatCompletion } from '../support/openai-wire-server';
import { receivedLogRecords } from '../support/otlp-log-records';
import { runNodeApp } from '../support/run-node-app';
import { useOpenAIWireServer } from '../support/use-openai-wire-server';
import { useOtlpReceiver } from '../support/use-otlp-receiver';

/**
 * A batch job that records content on log events (EVENT_ONLY) gets its
 * `gen_ai.client.inference.operation.details` record delivered however it ends. The log batch
 * processor waits 1 s before exporting and the job exits right after its call, so the record
 * arrives only through the exit path: at `process.exit()` the SDK's asynchronous flush would never
 * call the exporter (see docs/exit-flushing.md).
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
    OTEL_LOGS_EXPORTER: 'otlp',
    OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'EVENT_ONLY',
  });

async function waitForLogRequest(): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!receiver.requests.some((request) => request.path.endsWith('/v1/logs'))) {
    if (Date.now() > deadline) throw new Error('no request on /v1/logs within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function expectOperationDetails(): Promise<void> {
  await waitForLogRequest();
  const details = receivedLogRecords(receiver).filter(
    (record) => record.eventName === EVENT_GEN_AI_CLIENT_INFERENCE_OPERATION_DETAILS,
  );
  expect(details).toHaveLength(1);
  expect(JSON.stringify(details[0]?.attributes)).toContain('Printer on floor 3 jams.');
  expect(details[0]?.resource['service.name']).toBe('batch-job');
}

describe.each(['require', 'import'] as const)(
  'a batch job with EVENT_ONLY under --%s genai-otel/register',
  (loader) => {
    it('delivers its operation-details log record when it ends by process.exit(3) (http/json)', async () => {
      const run = await runNodeApp(APP, { loader, args: ['exit'], env: env('http/json') });
      expect(run.stdout).toContain('answer: Printer on floor 3 jams.');
      expect(run.code, run.stderr).toBe(3);
      await expectOperationDetails();
    });

    it('delivers it as protobuf when it ends by process.exit(3)', async () => {
      const run = await runNodeApp(APP, { loader, args: ['exit'], env: env('http/protobuf') });
      expect(run.code, run.stderr).toBe(3);
      await waitForLogRequest();
      const logRequests = receiver.requests.filter((request) => request.path.endsWith('/v1/logs'));
      expect(logRequests.map((request) => request.contentType)).toEqual(['application/x-protobuf']);
      // Protobuf carries strings as UTF-8 bytes: the event name and the answer are in the body.
      const body = logRequests[0]?.body.toString('utf8') ?? '';
      expect(body).toContain(EVENT_GEN_AI_CLIENT_INFERENCE_OPERATION_DETAILS);
      expect(body).toContain('Printer on floor 3 jams.');
    });

    it.each(['SIGTERM', 'SIGINT'] as const)(
      'delivers it when the job dies of %s, still of that signal',
      async (signal) => {
        const run = await runNodeApp(APP, {
          loader,
          args: ['signal'],
          signalWhenReady: signal,
          env: env('http/json'),
        });
        expect(run.signal).toBe(signal);
        await expectOperationDetails();
      },
    );
  },
);
