import { afterEach, beforeEach, expect, it } from 'vitest';
import { type OtlpReceiver, startOtlpReceiver } from '../support/otlp-receiver';
import { runNodeApp } from '../support/run-node-app';

let receiver: OtlpReceiver;
beforeEach(async () => {
  receiver = await startOtlpReceiver();
});
afterEach(async () => {
  await receiver.close();
});

it.each(['require', 'import'] as const)(
  'keeps one registration when the app also imports and requires genai-otel (--%s)',
  async (loader) => {
    const run = await runNodeApp('test/fixtures/apps/double-register.mjs', {
      loader,
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_METRICS_EXPORTER: 'none' },
    });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('same handle');
    await receiver.waitForSpans(3);
    // Two registrations would export every span twice.
    expect(receiver.spans.map((span) => span.name).sort()).toEqual([
      'chat gpt-4o-mini',
      'execute_tool lookup',
      'invoke_agent fixture',
    ]);
  },
);
