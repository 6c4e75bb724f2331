/**
 * `node --require genai-otel/register app.js`: sets genai-otel up from the `OTEL_*` environment
 * before the app's first line runs. register() never throws, so this file cannot break the app.
 */
import { isOptedOutWorker } from '../context/worker-opt-out';
import { registerFromEntry } from '../register';

// Workers inherit --require; GENAI_OTEL_WORKER_THREADS=false leaves them untouched.
if (!isOptedOutWorker()) registerFromEntry('require-flag', false);
