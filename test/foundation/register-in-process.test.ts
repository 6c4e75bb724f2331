import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { expect, it } from 'vitest';
import { register } from '../../src/register';
import { PACKAGE_VERSION } from '../../src/version';

it('returns one handle however often it is called, and shuts down idempotently', async () => {
  const memory = new InMemorySpanExporter();
  // No instrumentations: they are require()d lazily as built JavaScript, which cannot load from src/
  // under vitest (they are covered in their own tests and out of process).
  const handle = register({
    traceExporters: ['none'],
    spanExporters: [memory],
    flushOnExit: false,
    enabledInstrumentations: [],
  });
  expect(register()).toBe(handle);

  trace.getTracer('test').startActiveSpan('workflow', (span) => span.end());
  expect(memory.getFinishedSpans()).toHaveLength(0);
  await handle.forceFlush();
  expect(memory.getFinishedSpans().map((span) => span.name)).toEqual(['workflow']);
  expect(memory.getFinishedSpans()[0]?.resource.attributes['telemetry.distro.version']).toBe(PACKAGE_VERSION);

  await Promise.all([handle.shutdown(), handle.shutdown()]);
  await expect(handle.shutdown()).resolves.toBeUndefined();
});

it('reports the version package.json declares', () => {
  const packageJson = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as {
    version: string;
  };
  expect(PACKAGE_VERSION).toBe(packageJson.version);
});
