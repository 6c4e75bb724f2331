import { afterEach, beforeEach } from 'vitest';
import { lateBound } from './late-bound';
import { type OtlpReceiver, startOtlpReceiver } from './otlp-receiver';

/** A fresh local OTLP receiver for each test of the file, closed after it. */
export function useOtlpReceiver(): OtlpReceiver {
  const receiver = lateBound<OtlpReceiver>('the OTLP receiver');
  beforeEach(async () => {
    receiver.set(await startOtlpReceiver());
  });
  afterEach(async () => {
    await receiver.current()?.close();
    receiver.set(undefined);
  });
  return receiver.standIn;
}
