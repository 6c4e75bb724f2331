/**
 * `node --require genai-otel/register app.js`: sets genai-otel up from the `OTEL_*` environment
 * before the app's first line runs. register() never throws, so this file cannot break the app.
 */
import { register } from '../register';

register();
