import { beforeEach, describe, expect, it } from 'vitest';
import { exitFlushedOtlpEnv } from '../support/exit-flushed-otlp-env';
import { chatCompletion } from '../support/openai-wire-server';
import { type NodeAppOptions, runNodeApp } from '../support/run-node-app';
import { useOpenAIWireServer } from '../support/use-openai-wire-server';
import { useOtlpReceiver } from '../support/use-otlp-receiver';

/**
 * The common ways a first setup instruments nothing, each run as an app: one warning (once, on
 * stderr) naming the fix, the app's own output and exit code unchanged.
 */
const APPS = 'test/fixtures/apps';
const wire = useOpenAIWireServer();
const receiver = useOtlpReceiver();
beforeEach(() => {
  const reply = {
    kind: 'json' as const,
    body: chatCompletion({ choices: [{ content: 'The Southern Ocean.' }] }),
  };
  wire.setHandler(() => reply);
});

const env = (extra: Record<string, string> = {}) =>
  exitFlushedOtlpEnv(receiver.url, 'load-order-app', {
    OPENAI_BASE_URL: wire.baseURL,
    OTEL_METRICS_EXPORTER: 'none',
    ...extra,
  });

/** Runs the app, and the same app with genai-otel switched off, which the run must match. */
async function runBesideUntraced(app: string, options: Pick<NodeAppOptions, 'loader' | 'env'>) {
  const untraced = await runNodeApp(app, { ...options, env: { ...options.env, OTEL_SDK_DISABLED: 'true' } });
  const run = await runNodeApp(app, options);
  expect(untraced.code).toBe(0);
  expect(run.code).toBe(untraced.code);
  expect(run.stdout).toBe(untraced.stdout);
  expect(run.stdout).toBe('answer: The Southern Ocean.\n');
  return run;
}

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

async function chatSpanCount(): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 200));
  return receiver.spans.filter((span) => span.name === 'chat gpt-4o-mini').length;
}

describe('load-order mistakes', () => {
  it('require("openai") before register(): patched late, one warning with the order to change', async () => {
    const run = await runBesideUntraced(`${APPS}/openai-required-before-register.cjs`, {
      loader: 'none',
      env: env(),
    });
    const warning =
      'genai-otel: openai was required before register() ran, so calls made until now were not traced; genai-otel patched the loaded copy late. ' +
      'Fix: call register() before anything requires openai (make it the first line of your entry file), or start with `node --require genai-otel/register test/fixtures/apps/openai-required-before-register.cjs`.';
    expect(run.stderr).toBe(`${warning}\n`);
    // The late patch works: the call made after register() is traced.
    expect((await receiver.waitForSpans(1)).map((span) => span.name)).toEqual(['chat gpt-4o-mini']);
  });

  it('register() in an ES module whose hoisted imports loaded openai first: one warning naming --import', async () => {
    const run = await runBesideUntraced(`${APPS}/openai-imported-before-register.mjs`, {
      loader: 'none',
      env: env(),
    });
    const expected =
      'genai-otel: register() was called in the ES module test/fixtures/apps/openai-imported-before-register.mjs, whose imports load before it runs and cannot be hooked from code, so openai imported there is not instrumented. ' +
      'Fix: start the app with `node --import genai-otel/register test/fixtures/apps/openai-imported-before-register.mjs`';
    expect(run.stderr).toContain(expected);
    expect(occurrences(run.stderr, 'genai-otel:')).toBe(1);
    // What the warning says is true: the call was not traced.
    expect(await chatSpanCount()).toBe(0);
  });

  it("the same in TypeScript under Node's type stripping", async () => {
    const run = await runBesideUntraced(`${APPS}/openai-imported-before-register.mts`, {
      loader: 'none',
      env: env(),
    });
    expect(run.stderr).toContain(
      'genai-otel: register() was called in the ES module test/fixtures/apps/openai-imported-before-register.mts',
    );
    expect(run.stderr).toContain(
      'Fix: start the app with `node --import genai-otel/register test/fixtures/apps/openai-imported-before-register.mts`',
    );
    expect(occurrences(run.stderr, 'genai-otel:')).toBe(1);
  }, 60_000);

  it('--require genai-otel/register on an ES module app: one warning naming --import', async () => {
    const app = `${APPS}/openai-esm-app.mjs`;
    const run = await runBesideUntraced(app, { loader: 'require', env: env() });
    expect(run.stderr).toContain(
      'genai-otel: genai-otel/register was loaded with --require, but test/fixtures/apps/openai-esm-app.mjs is an ES module, and --require cannot hook its imports',
    );
    expect(run.stderr).toContain(
      'Fix: use `node --import genai-otel/register test/fixtures/apps/openai-esm-app.mjs`',
    );
    expect(occurrences(run.stderr, 'genai-otel:')).toBe(1);
    expect(await chatSpanCount()).toBe(0);
  });

  it('the fixes are silent and traced: --import on the ES module app, register() first in CommonJS', async () => {
    const esm = await runBesideUntraced(`${APPS}/openai-esm-app.mjs`, { loader: 'import', env: env() });
    const cjs = await runBesideUntraced(`${APPS}/register-first.cjs`, { loader: 'none', env: env() });
    expect(esm.stderr).toBe('');
    expect(cjs.stderr).toBe('');
    expect((await receiver.waitForSpans(2)).map((span) => span.name)).toEqual([
      'chat gpt-4o-mini',
      'chat gpt-4o-mini',
    ]);
  });

  it('the flag and register(options): applies what it can, lists the ignored options with their variables', async () => {
    const run = await runBesideUntraced(`${APPS}/register-options-beside-flag.mjs`, {
      loader: 'import',
      env: env(),
    });
    expect(run.stderr).toBe(
      'genai-otel: register() was called after genai-otel was set up by --import genai-otel/register, so these options are ignored: serviceName (use OTEL_SERVICE_NAME), traceExporters (use OTEL_TRACES_EXPORTER); applied late: captureMessageContent. ' +
        'Fix: give them as environment variables or in a GENAI_OTEL_CONFIG file, or drop the flag and call register(options) before anything else loads.\n',
    );
    const [chat] = await receiver.waitForSpans(1);
    expect(chat?.resource['service.name']).toBe('load-order-app');
    // captureMessageContent: true was applied although it came after the flag.
    expect(JSON.stringify(chat?.attributes)).toContain('Bouvet Island');
  });

  it("reaches the app's own diag logger once and stderr once", async () => {
    const run = await runNodeApp(`${APPS}/own-diag-logger.cjs`, { loader: 'none' });
    expect(run.code).toBe(0);
    const warning = 'genai-otel: openai was required before register() ran';
    const received = JSON.parse(run.stdout) as string[];
    expect(received.filter((message) => message.startsWith(warning))).toHaveLength(1);
    expect(occurrences(run.stderr, warning)).toBe(1);
  });

  it('says nothing when OTEL_LOG_LEVEL=none asks for silence', async () => {
    const run = await runBesideUntraced(`${APPS}/openai-esm-app.mjs`, {
      loader: 'require',
      env: env({ OTEL_LOG_LEVEL: 'none' }),
    });
    expect(run.stderr).toBe('');
  });
});
