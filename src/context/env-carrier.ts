import { type Context, context, ROOT_CONTEXT } from '@opentelemetry/api';
import { extractTraceContext, injectTraceContext } from './trace-carrier';

/** The environment variables of the OpenTelemetry "environment variables as carriers" convention. */
const ENV_NAMES = { traceparent: 'TRACEPARENT', tracestate: 'TRACESTATE', baggage: 'BAGGAGE' } as const;

type Env = Record<string, string | undefined>;

/**
 * A copy of `env` (default `process.env`) with the active context as `TRACEPARENT`, `TRACESTATE`
 * and `BAGGAGE`, for `child_process.spawn(cmd, args, { env })`. Stale values from `env` are
 * removed, so a child never joins a trace that is not the caller's. A child started with
 * `--require`/`--import genai-otel/register` picks them up by itself; otherwise use
 * {@link extractTraceContextFromEnv}.
 *
 * @example
 * spawn(process.execPath, ['--require', 'genai-otel/register', 'job.js'], { env: traceContextEnv() });
 */
export function traceContextEnv(env: Env = process.env, from: Context = context.active()): Env {
  const result: Env = { ...env };
  for (const name of Object.values(ENV_NAMES)) delete result[name];
  const carrier = injectTraceContext<Record<string, string>>({}, from);
  for (const [key, envName] of Object.entries(ENV_NAMES)) {
    const value = carrier[key];
    if (value !== undefined) result[envName] = value;
  }
  return result;
}

/** The context a parent process passed in `TRACEPARENT` / `TRACESTATE` / `BAGGAGE`; the root context if none. */
export function extractTraceContextFromEnv(env: Env = process.env, base: Context = ROOT_CONTEXT): Context {
  const carrier: Record<string, string> = {};
  for (const [key, envName] of Object.entries(ENV_NAMES)) {
    const value = env[envName];
    if (value !== undefined && value !== '') carrier[key] = value;
  }
  return carrier.traceparent === undefined ? base : extractTraceContext(carrier, base);
}
