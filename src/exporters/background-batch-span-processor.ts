import { BatchSpanProcessor } from '@opentelemetry/sdk-trace';

type FlushOneBatch = () => Promise<void>;

/**
 * A BatchSpanProcessor whose export-timeout timer does not keep the process alive. The stock one
 * is ref'd for as long as an export is under way, so a finished app waited for a hanging
 * backend's OTLP timeout before Node even emitted `beforeExit`, where genai-otel's bounded exit
 * flush runs. The timer is created synchronously inside the processor's `_flushOneBatch` (an
 * internal, feature-detected: when it is missing nothing changes), so timers created during that
 * call are unref'd; the export itself is asynchronous and creates none there.
 */
export class BackgroundBatchSpanProcessor extends BatchSpanProcessor {
  constructor(...args: ConstructorParameters<typeof BatchSpanProcessor>) {
    super(...args);
    const self = this as unknown as { _flushOneBatch?: FlushOneBatch };
    const flushOneBatch = self._flushOneBatch;
    if (typeof flushOneBatch !== 'function') return;
    self._flushOneBatch = () => withUnrefTimers(() => flushOneBatch.call(this));
  }
}

function withUnrefTimers<T>(run: () => T): T {
  const setTimeoutBefore = globalThis.setTimeout;
  const unrefSetTimeout = ((...args: Parameters<typeof setTimeout>) => {
    const timer = setTimeoutBefore(...args);
    timer.unref?.();
    return timer;
  }) as typeof setTimeout;
  globalThis.setTimeout = unrefSetTimeout;
  try {
    return run();
  } finally {
    globalThis.setTimeout = setTimeoutBefore;
  }
}
