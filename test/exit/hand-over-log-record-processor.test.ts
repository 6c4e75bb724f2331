import { BatchLogRecordProcessor, InMemoryLogRecordExporter, LoggerProvider } from '@opentelemetry/sdk-logs';
import { expect, it } from 'vitest';
import { HandOverLogRecordProcessor } from '../../src/exit/hand-over-log-record-processor';

/**
 * At `exit` no promise settles, so the log records still buffered must reach the exporter inside
 * handOverSynchronously() itself; records the batch processor already exported must not be sent
 * twice.
 */
function setUp(capacity?: number) {
  const exporter = new InMemoryLogRecordExporter();
  const processor = new HandOverLogRecordProcessor(BatchLogRecordProcessor, exporter, capacity);
  const provider = new LoggerProvider({ processors: [processor] });
  const logger = provider.getLogger('exit-test');
  const bodies = () => exporter.getFinishedLogRecords().map((record) => record.body);
  return { processor, logger, bodies, provider };
}

it('hands the buffered records to the exporter before returning', async () => {
  const { processor, logger, bodies, provider } = setUp();
  logger.emit({ eventName: 'gen_ai.client.inference.operation.details', body: 'first' });
  logger.emit({ body: 'second' });
  expect(bodies()).toEqual([]);
  processor.handOverSynchronously();
  expect(bodies()).toEqual(['first', 'second']);
  processor.handOverSynchronously();
  expect(bodies()).toEqual(['first', 'second']);
  await provider.shutdown();
});

it('does not hand over again what the batch processor already exported', async () => {
  const { processor, logger, bodies, provider } = setUp();
  logger.emit({ body: 'flushed' });
  await processor.forceFlush();
  expect(bodies()).toEqual(['flushed']);
  logger.emit({ body: 'buffered' });
  processor.handOverSynchronously();
  expect(bodies()).toEqual(['flushed', 'buffered']);
  await provider.shutdown();
});

it('remembers no more records than the batch queue holds', async () => {
  const { processor, logger, bodies, provider } = setUp(2);
  for (const body of ['a', 'b', 'c']) logger.emit({ body });
  processor.handOverSynchronously();
  expect(bodies()).toEqual(['a', 'b']);
  await provider.shutdown();
});
