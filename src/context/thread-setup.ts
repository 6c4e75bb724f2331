import { isMainThread } from 'node:worker_threads';
import type { Resource } from '@opentelemetry/resources';
import type { SpanProcessor } from '@opentelemetry/sdk-trace';
import type { RegisterOptions } from '../config/register-options';
import type { ResolvedConfig } from '../config/resolve-config';
import { createTracePipeline, type TracePipeline } from '../trace-pipeline';
import { propagateContextToWorkers } from './worker-constructor-patch';
import { readWorkerHandOver } from './worker-hand-over';
import { acceptWorkerSpans, createForwardingTracePipeline } from './worker-span-forwarding';

/**
 * The trace pipeline for this thread: in a worker whose main thread exports for it (and whose
 * register() call brought no exporters of its own), one that forwards spans there; otherwise the
 * usual exporting pipeline.
 */
export function createThreadTracePipeline(
  config: ResolvedConfig,
  options: RegisterOptions,
  resource: Resource,
): TracePipeline {
  const spanChannel = readWorkerHandOver()?.spanChannel;
  if (spanChannel && config.workerThreads && (options.spanExporters ?? []).length === 0) {
    return createForwardingTracePipeline(config, options, resource, spanChannel);
  }
  return createTracePipeline(config, options, resource);
}

/**
 * Worker support for this thread, unless switched off: the main thread listens for its workers'
 * spans (when it exports through `exportingProcessors`, those of the pipeline it built), and every thread hands its active context — and
 * the way to the main thread — to the workers it starts.
 */
export function setUpWorkerThreads(
  config: ResolvedConfig,
  exportingProcessors: readonly SpanProcessor[] | undefined,
  resource: Resource,
): void {
  if (!config.workerThreads) return;
  const spanChannel = isMainThread
    ? exportingProcessors && acceptWorkerSpans(exportingProcessors, resource)
    : readWorkerHandOver()?.spanChannel;
  propagateContextToWorkers(spanChannel);
}
