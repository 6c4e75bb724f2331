/**
 * `node --require genai-otel/register app.js`: sets genai-otel up from the `OTEL_*` environment
 * before the app's first line runs. register() never throws, so this file cannot break the app.
 * Disabled by the environment, it loads nothing more (see disabled-registration.ts).
 */
import { isDisabledByEnvironment, recordDisabledRegistration } from '../disabled-registration';

if (isDisabledByEnvironment()) {
  recordDisabledRegistration('require-flag');
} else {
  // Required here, not imported, so that a disabled process never loads them.
  const { isOptedOutWorker } =
    require('../context/worker-opt-out') as typeof import('../context/worker-opt-out');
  // Workers inherit --require; GENAI_OTEL_WORKER_THREADS=false leaves them untouched.
  if (!isOptedOutWorker()) {
    (require('../register') as typeof import('../register')).registerFromEntry('require-flag', false);
  }
}
