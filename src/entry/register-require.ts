/**
 * `node --require genai-otel/register app.js`: sets genai-otel up from the `OTEL_*` environment
 * before the app's first line runs. register() never throws, so this file cannot break the app.
 * Disabled by the environment, it loads nothing more (see disabled-registration.ts): the build
 * inlines that check here and loads the bundle (./bundle) only when genai-otel is on.
 */
import { isDisabledByEnvironment, recordDisabledRegistration } from '../disabled-registration';

if (isDisabledByEnvironment()) {
  recordDisabledRegistration('require-flag');
} else {
  // Required here, not imported, so that a disabled process never loads it.
  const { isOptedOutWorker, registerFromEntry } = (
    require('./bundle') as typeof import('./bundle')
  ).loadRegisterEntry();
  // Workers inherit --require; GENAI_OTEL_WORKER_THREADS=false leaves them untouched.
  if (!isOptedOutWorker()) registerFromEntry('require-flag', false);
}
