import { afterEach, describe, expect, it } from 'vitest';
import { addRequestHooks, clearRequestHooks, runBeforeRequestHooks } from '../../src/hooks/request-hooks';
import { diagMessages, reset } from '../support/event-harness';

afterEach(() => {
  clearRequestHooks();
  reset();
});

describe('async request hooks that reject', () => {
  it('a rejecting async beforeRequest hook goes to diag, not to unhandledRejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      addRequestHooks({
        beforeRequest: (async () => {
          throw new Error('hook backend down');
        }) as never,
      });
      const params = { model: 'gpt-4o-mini' };
      const sent = runBeforeRequestHooks(params, {
        provider: 'openai',
        method: 'chat.completions.create',
        instrumentation: 'openai',
      });
      expect(sent).toBe(params);
      // Let the rejection settle and Node decide whether it was handled.
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
      expect(diagMessages.some((message) => message.includes('beforeRequest hook rejected'))).toBe(true);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
