import { afterEach, describe, expect, it, vi } from 'vitest';
import { withContentCapture } from '../../src/content/capture-policy';
import { useInstrumentedAnthropic } from '../anthropic/support/instrumented-anthropic';
import { anthropicMessage, messageEvents, toolUse } from '../support/anthropic-wire-server';
import { finishedSpans, resetTelemetry } from '../support/instrumentation-telemetry';
import { CONVENTION_VERSIONS, conformanceViolations, writeConventions } from './conformance';

const { instrumentation, server, client } = useInstrumentedAnthropic();

afterEach(() => {
  vi.unstubAllEnvs();
});

const MESSAGES = [{ role: 'user' as const, content: 'Which ocean contains Bouvet Island?' }];

describe.each(CONVENTION_VERSIONS)(
  'Anthropic telemetry on the $conventions conventions',
  ({ conventions, optIn }) => {
    it('conforms: a cached call with thinking and tools, a stream, and a failing call', async () => {
      writeConventions(optIn);
      resetTelemetry([instrumentation]);
      instrumentation.enable();
      server.enqueue({
        kind: 'message',
        body: anthropicMessage({
          usage: { input: 21, output: 12, cacheRead: 1000, cacheWrite: 300, cacheWrite5m: 300 },
          content: [toolUse('get_weather', { city: 'Paris' })],
          stopReason: 'tool_use',
        }),
      });
      server.enqueue({ kind: 'events', events: messageEvents({ usage: { input: 30, output: 12 } }) });
      server.enqueue({ kind: 'error', status: 529, errorType: 'overloaded_error', message: 'Overloaded' });

      await withContentCapture(true, async () => {
        await client.messages.create({
          model: 'claude-sonnet-4-6',
          max_tokens: 2048,
          temperature: 0.2,
          top_k: 40,
          messages: MESSAGES,
          system: 'Answer briefly.',
          thinking: { type: 'enabled', budget_tokens: 1024 },
          tools: [{ name: 'get_weather', input_schema: { type: 'object' } }],
          output_config: { effort: 'high' },
        } as never);
        const stream = await client.messages.create({
          model: 'claude-sonnet-4-6',
          max_tokens: 64,
          messages: MESSAGES,
          stream: true,
        });
        for await (const _event of stream) {
          // drain
        }
        await expect(
          client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 64, messages: MESSAGES }),
        ).rejects.toThrow();
      });

      expect(finishedSpans()).toHaveLength(3);
      expect(await conformanceViolations(conventions)).toEqual([]);
    });
  },
);
