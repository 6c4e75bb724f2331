/**
 * The project's test OTLP receiver (test/support/otlp-receiver.ts) in a process of its own, so
 * that decoding what arrives does not share a thread with the exporter being measured. Prints its
 * URL as the first stdout line; answers `count` over IPC with the spans decoded so far.
 */
import './typescript-support-hooks.mjs';

const { startOtlpReceiver } = await import('../../test/support/otlp-receiver.ts');
const receiver = await startOtlpReceiver();
process.stdout.write(`${receiver.url}\n`);
process.on('message', async (message) => {
  if (message === 'count') process.send({ spans: receiver.spans.length, requests: receiver.requests.length });
  if (message === 'close') {
    await receiver.close();
    process.exit(0);
  }
});
