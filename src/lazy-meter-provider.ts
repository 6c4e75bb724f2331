import type { Meter, MeterOptions, MeterProvider } from '@opentelemetry/api';

/** What register() needs of the SDK meter provider behind {@link LazyMeterProvider}. */
export interface FlushableMeterProvider extends MeterProvider {
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * The global meter provider genai-otel registers: the metrics SDK (≈50 modules) is loaded and the
 * real provider built at the first `getMeter()`, which comes with the first instrumented library or
 * manual span that records metrics, not at start-up. Before that there is nothing to flush.
 */
export class LazyMeterProvider implements MeterProvider {
  private built: FlushableMeterProvider | undefined;

  constructor(private readonly build: () => FlushableMeterProvider) {}

  getMeter(name: string, version?: string, options?: MeterOptions): Meter {
    return this.sdkProvider().getMeter(name, version, options);
  }

  /** The SDK provider, built now if it is not yet. */
  sdkProvider(): FlushableMeterProvider {
    this.built ??= this.build();
    return this.built;
  }

  forceFlush(): Promise<void> {
    return this.built?.forceFlush() ?? Promise.resolve();
  }

  shutdown(): Promise<void> {
    return this.built?.shutdown() ?? Promise.resolve();
  }
}
