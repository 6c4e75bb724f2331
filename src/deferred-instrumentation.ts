import type { MeterProvider, TracerProvider } from '@opentelemetry/api';
import type { Instrumentation, InstrumentationConfig } from '@opentelemetry/instrumentation';
import type { InstrumentationEntry } from './instrumentation-registry';
import { packageNameOf } from './setup-check/installed-packages';
import { beforeFirstLoad } from './target-load-watcher';
import { PACKAGE_VERSION } from './version';

/**
 * Stands in for one of genai-otel's instrumentations until its target library is first
 * `require`d or imported: only then is the instrumentation's code (and the GenAI core it builds on)
 * loaded and the real instrumentation created — just before the library loads, so its hooks patch
 * that first load as they would have at start-up (see target-load-watcher.ts). An app pays at
 * start-up for a module-name check per `require`, not for six instrumentations it may never use.
 */
export class DeferredInstrumentation implements Instrumentation {
  readonly instrumentationName: string;
  readonly instrumentationVersion = PACKAGE_VERSION;
  private real: Instrumentation | undefined;
  private enabled = false;
  private watching = false;
  private tracerProvider: TracerProvider | undefined;
  private meterProvider: MeterProvider | undefined;

  constructor(private readonly entry: InstrumentationEntry) {
    this.instrumentationName = `genai-otel-deferred-${entry.name}`;
  }

  /** The real instrumentation, created on first use (enabled or not as this one is). */
  materialize(): Instrumentation {
    if (!this.real) {
      const real = this.entry.create();
      if (this.tracerProvider) real.setTracerProvider(this.tracerProvider);
      if (this.meterProvider) real.setMeterProvider(this.meterProvider);
      if (this.enabled) real.enable();
      else real.disable();
      this.real = real;
    }
    return this.real;
  }

  /** Whether the real instrumentation exists yet. */
  get isMaterialized(): boolean {
    return this.real !== undefined;
  }

  /** The real instrumentation's module definitions (none before it exists), as the doctor reads them. */
  get _modules(): unknown {
    return (this.real as unknown as { _modules?: unknown } | undefined)?._modules ?? [];
  }

  enable(): void {
    this.enabled = true;
    if (this.real) {
      this.real.enable();
      return;
    }
    if (this.watching) return;
    this.watching = true;
    for (const packageName of new Set(this.entry.modules.map(packageNameOf))) {
      beforeFirstLoad(packageName, () => {
        if (this.enabled) this.materialize();
      });
    }
  }

  disable(): void {
    this.enabled = false;
    this.real?.disable();
  }

  setTracerProvider(tracerProvider: TracerProvider): void {
    this.tracerProvider = tracerProvider;
    this.real?.setTracerProvider(tracerProvider);
  }

  setMeterProvider(meterProvider: MeterProvider): void {
    this.meterProvider = meterProvider;
    this.real?.setMeterProvider(meterProvider);
  }

  setConfig(config: InstrumentationConfig): void {
    this.materialize().setConfig(config);
  }

  getConfig(): InstrumentationConfig {
    // `enabled` as registerInstrumentations reads it; the real config once it exists.
    return this.real?.getConfig() ?? { enabled: this.enabled };
  }
}
