import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { InMemorySpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withContentCapture } from '../../src/content/capture-policy';
import { type OtlpReceiver, startOtlpReceiver } from '../support/otlp-receiver';
import { captureDiag, reportFigure } from './support/diag-capture';
import { RELIABILITY_INTEGRATIONS } from './support/integrations';
import type { IntegrationClient } from './support/integrations/integration-under-test';
import { useIntegrations } from './support/integrations/use-integrations';

/**
 * Every credential an integration sees — API keys (headers, and `key=` echoed in an error URL),
 * AWS access key id, secret and session token, the SigV4 `Authorization` as sent — appears in no
 * byte genai-otel exports: the raw OTLP/protobuf bodies (traces and metrics, so span events too),
 * the spans as OTLP/JSON, what a user's span processor sees, and every `diag` line (genai-otel's
 * only log output). Content capture off (the default) and on. Each provider answers one call by
 * echoing the credential in its error message.
 */
let receiver: OtlpReceiver;
const memory = new InMemorySpanExporter();
const seenByUserProcessor: string[] = [];
const diagLog = captureDiag();
const userProcessor: SpanProcessor = {
  onStart: () => {},
  onEnd: (span) => {
    seenByUserProcessor.push(
      JSON.stringify([span.name, span.attributes, span.events, span.status, span.links], (_k, v) =>
        typeof v === 'bigint' ? String(v) : v,
      ),
    );
  },
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};
const receiverUrl = { toString: () => receiver.url };
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
const { handle, clientOf } = useIntegrations({
  get otlp() {
    return { endpoint: String(receiverUrl) };
  },
  traceExporters: ['otlp'],
  metricExporters: ['otlp'],
  spanExporters: [memory],
  spanProcessors: [userProcessor],
});
afterAll(async () => {
  diagLog.dispose();
  await receiver.close();
});

/** The canaries, and every long token of the credential headers as the server received them. */
function secretsOf(client: IntegrationClient): string[] {
  const onWire = client
    .credentialsOnWire()
    .flatMap((value) => [value, ...value.split(/[\s,=]+/)])
    .filter((value) => value.length >= 20 && value !== 'undefined');
  return [...new Set([...client.canaries, ...onWire])];
}

async function exercise(client: IntegrationClient): Promise<void> {
  await client.call('Summarise the meeting notes.');
  for await (const _chunk of await client.openStream({ kind: 'complete' })) {
  }
  await client.failingCall().catch(() => undefined);
}

describe.each(RELIABILITY_INTEGRATIONS)('$name', (integration) => {
  it.each(['off (the default)', 'on'])(
    'no credential in any exported byte, content capture %s',
    async (mode) => {
      const client = clientOf(integration);
      const capture = mode === 'on';
      client.reset();
      receiver.requests.length = 0;
      receiver.spans.length = 0;
      seenByUserProcessor.length = 0;
      memory.reset();
      diagLog.clear();

      await (capture ? withContentCapture(true, () => exercise(client)) : exercise(client));
      await handle.forceFlush();
      await receiver.waitForSpans(3);
      expect(receiver.requests.some((r) => r.path.endsWith('/v1/metrics'))).toBe(true);

      const secrets = secretsOf(client);
      // The credentials did go over the wire: there is something to find.
      expect(client.credentialsOnWire().filter((value) => value !== 'undefined')).not.toEqual([]);
      const places: Array<[string, string]> = [
        ...receiver.requests.map((r): [string, string] => [r.path, r.body.toString('latin1')]),
        [
          'OTLP/JSON',
          Buffer.from(JsonTraceSerializer.serializeRequest(memory.getFinishedSpans()) ?? []).toString('utf8'),
        ],
        ['user processor', seenByUserProcessor.join('\n')],
        ['diag', diagLog.messages.map((m) => m.text).join('\n')],
      ];
      const found = places.flatMap(([where, text]) =>
        secrets
          .filter((secret) => text.includes(secret))
          .map((secret) => `${where}: ${secret.slice(0, 12)}…`),
      );
      expect(found).toEqual([]);
      const bytes = receiver.requests.reduce((sum, r) => sum + r.body.length, 0);
      reportFigure(`secrets ${integration.name}, capture ${capture}`, {
        credentials: secrets.length,
        otlpRequests: receiver.requests.length,
        bytes,
        found: found.length,
      });
      // The failing call was recorded (its error is in the export), just without the credential.
      expect(receiver.spans.some((span) => span.status.code === 2)).toBe(true);
    },
  );
});
