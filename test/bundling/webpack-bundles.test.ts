import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webpack, { type Configuration } from 'webpack';
import { exitFlushedOtlpEnv } from '../support/exit-flushed-otlp-env';
import { chatCompletion } from '../support/openai-wire-server';
import { receivedSpanNamed } from '../support/received-span-named';
import { runNodeApp } from '../support/run-node-app';
import { useOpenAIWireServer } from '../support/use-openai-wire-server';
import { useOtlpReceiver } from '../support/use-otlp-receiver';
import { type BundlingWorkspace, createBundlingWorkspace } from './bundling-workspace';
import { expectChatTraceDelivered } from './expect-chat-trace';

const IN_CODE_APP = 'test/fixtures/apps/bundled/in-code-app.ts';
const NEXT_INSTRUMENTATION = 'test/fixtures/apps/next-style/instrumentation.ts';
const NEXT_ROUTE = 'test/fixtures/apps/next-style/route.ts';
const NEXT_SERVER_RUNTIME = 'test/fixtures/apps/next-style/server-runtime.cjs';

const receiver = useOtlpReceiver();
const openai = useOpenAIWireServer();
let workspace: BundlingWorkspace;

/** TypeScript to ES modules in the workspace (what a loader such as ts-loader or SWC does for webpack). */
function transpiled(source: string): string {
  const out = workspace.path('src', basename(source).replace(/\.ts$/, '.mjs'));
  const { outputText } = ts.transpileModule(readFileSync(source, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  mkdirSync(workspace.path('src'), { recursive: true });
  writeFileSync(out, outputText);
  return out;
}

function compile(configs: Configuration[]): Promise<void> {
  return new Promise((resolve, reject) => {
    webpack(configs, (error, stats) => {
      if (error) return reject(error);
      if (stats?.hasErrors()) return reject(new Error(stats.toString({ all: false, errors: true })));
      resolve();
    });
  });
}

beforeAll(async () => {
  workspace = createBundlingWorkspace();
  const app = transpiled(IN_CODE_APP);
  // No minifier: it would only slow the test down.
  const common: Configuration = { mode: 'none', target: 'node22', devtool: false, context: workspace.dir };
  await compile([
    {
      ...common,
      entry: app,
      output: { path: workspace.path('cjs'), filename: 'app.cjs', library: { type: 'commonjs2' } },
    },
    {
      ...common,
      entry: app,
      experiments: { outputModule: true },
      output: {
        path: workspace.path('esm'),
        filename: 'app.mjs',
        module: true,
        chunkFormat: 'module',
        library: { type: 'module' },
      },
    },
    {
      // Next.js compiles instrumentation.ts and each route into the server output; genai-otel and
      // openai are listed in `serverExternalPackages`, so they stay require()s of node_modules.
      ...common,
      entry: { instrumentation: transpiled(NEXT_INSTRUMENTATION), route: transpiled(NEXT_ROUTE) },
      externals: ['genai-otel', 'openai'],
      externalsType: 'commonjs',
      output: { path: workspace.path('next-server'), filename: '[name].js', library: { type: 'commonjs2' } },
    },
  ]);
});

afterAll(() => workspace?.remove());

const env = (serviceName = 'webpack-app') => ({
  ...exitFlushedOtlpEnv(receiver.url, serviceName),
  OPENAI_BASE_URL: openai.baseURL,
});

describe('webpack bundle with genai-otel and openai inside, register() and instrumentOpenAI() in code', () => {
  it.each([
    { format: 'CJS', bundle: 'cjs/app.cjs', ending: 'the event loop empties' },
    { format: 'ESM', bundle: 'esm/app.mjs', ending: 'the event loop empties' },
    { format: 'ESM', bundle: 'esm/app.mjs', ending: 'process.exit()' },
  ])('$format: delivers the trace when $ending', async ({ bundle, ending }) => {
    openai.setHandler(() => ({ kind: 'json', body: chatCompletion() }));
    const run = await runNodeApp(workspace.path(bundle), {
      loader: 'none',
      env: env(),
      args: ending === 'process.exit()' ? ['exit'] : [],
    });
    const spans = await expectChatTraceDelivered(run, receiver, 2);
    const agent = receivedSpanNamed(spans, 'invoke_agent bundled');
    expect(receivedSpanNamed(spans, 'chat gpt-4o-mini').parentSpanId).toBe(agent.spanId);
  });
});

describe('Next.js-style instrumentation.ts', () => {
  it('registers from register() before the route loads, so the route’s OpenAI call is traced', async () => {
    openai.setHandler(() => ({ kind: 'json', body: chatCompletion() }));
    const run = await runNodeApp(NEXT_SERVER_RUNTIME, {
      loader: 'none',
      env: env('ignored-by-register-option'),
      args: [workspace.path('next-server')],
    });
    const spans = await expectChatTraceDelivered(run, receiver);
    expect(spans[0]?.resource['service.name']).toBe('next-style-app');
  });
});
