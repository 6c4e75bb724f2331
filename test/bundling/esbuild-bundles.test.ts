import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitFlushedOtlpEnv } from '../support/exit-flushed-otlp-env';
import { chatCompletion } from '../support/openai-wire-server';
import { receivedSpanNamed } from '../support/received-span-named';
import { runNodeApp } from '../support/run-node-app';
import { useOpenAIWireServer } from '../support/use-openai-wire-server';
import { useOtlpReceiver } from '../support/use-otlp-receiver';
import { type BundlingWorkspace, createBundlingWorkspace } from './bundling-workspace';
import { expectChatTraceDelivered } from './expect-chat-trace';

const IN_CODE_APP = 'test/fixtures/apps/bundled/in-code-app.ts';
const LANGCHAIN_IN_CODE_APP = 'test/fixtures/apps/bundled/langchain-in-code-app.ts';
const FLAG_APP = 'test/fixtures/apps/typescript/chat-app.mts';
// What docs/bundling.md tells users to add to an ESM bundle that contains CommonJS packages.
const CREATE_REQUIRE_BANNER =
  "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";

const receiver = useOtlpReceiver();
const openai = useOpenAIWireServer();
let workspace: BundlingWorkspace;

beforeAll(async () => {
  workspace = createBundlingWorkspace();
  // tsconfigRaw: our tsconfig.json maps `genai-otel` to src/ for type-checking; an app bundles the
  // built package, as a user's app resolves it from node_modules.
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node22',
    logLevel: 'error',
    tsconfigRaw: {},
  } as const;
  await Promise.all([
    build({ ...common, entryPoints: [IN_CODE_APP], format: 'cjs', outfile: workspace.path('all-in.cjs') }),
    build({
      ...common,
      entryPoints: [IN_CODE_APP],
      format: 'esm',
      outfile: workspace.path('all-in.mjs'),
      banner: { js: CREATE_REQUIRE_BANNER },
    }),
    build({
      // openai inside, genai-otel and OpenTelemetry outside: ESM output with no banner.
      ...common,
      entryPoints: [IN_CODE_APP],
      format: 'esm',
      external: ['genai-otel', '@opentelemetry/*'],
      outfile: workspace.path('openai-in.mjs'),
    }),
    build({
      ...common,
      entryPoints: [LANGCHAIN_IN_CODE_APP],
      format: 'cjs',
      outfile: workspace.path('langchain-all-in.cjs'),
    }),
    build({
      ...common,
      entryPoints: [FLAG_APP],
      format: 'cjs',
      packages: 'external',
      outfile: workspace.path('external.cjs'),
    }),
    build({
      ...common,
      entryPoints: [FLAG_APP],
      format: 'esm',
      packages: 'external',
      outfile: workspace.path('external.mjs'),
    }),
  ]);
});

afterAll(() => workspace?.remove());

const env = () => ({
  ...exitFlushedOtlpEnv(receiver.url, 'esbuild-app'),
  OPENAI_BASE_URL: openai.baseURL,
});

describe('esbuild bundle with openai inside, register() and instrumentOpenAI() in code', () => {
  it.each([
    { format: 'CJS', bundle: 'all-in.cjs', ending: 'the event loop empties' },
    { format: 'CJS', bundle: 'all-in.cjs', ending: 'process.exit()' },
    { format: 'ESM (createRequire banner)', bundle: 'all-in.mjs', ending: 'the event loop empties' },
    { format: 'ESM (createRequire banner)', bundle: 'all-in.mjs', ending: 'process.exit()' },
    { format: 'ESM (genai-otel external, no banner)', bundle: 'openai-in.mjs', ending: 'process.exit()' },
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
    expect(spans[0]?.resource['service.name']).toBe('bundled-app');
  });
});

describe('esbuild bundle with @langchain/core inside, instrumentLangChain() in code', () => {
  it('traces the bundled chat model', async () => {
    const run = await runNodeApp(workspace.path('langchain-all-in.cjs'), { loader: 'none', env: env() });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Atlantic Ocean.');
    const spans = await receiver.waitForSpans(1, 2000);
    const chat = receivedSpanNamed(spans, 'chat');
    expect(chat.attributes['gen_ai.operation.name']).toBe('chat');
    expect(chat.resource['service.name']).toBe('bundled-langchain-app');
  });
});

describe('esbuild bundle with packages external, run under the register flag', () => {
  it.each([
    { format: 'CJS', bundle: 'external.cjs', loader: 'require' as const },
    { format: 'ESM', bundle: 'external.mjs', loader: 'import' as const },
  ])(
    '$format with --$loader genai-otel/register: openai is instrumented with no code',
    async ({ bundle, loader }) => {
      openai.setHandler(() => ({ kind: 'json', body: chatCompletion() }));
      const run = await runNodeApp(workspace.path(bundle), { loader, env: env(), args: ['exit'] });
      const spans = await expectChatTraceDelivered(run, receiver);
      expect(spans[0]?.resource['service.name']).toBe('esbuild-app');
    },
  );
});
