import { join } from 'node:path';
import { describe, it } from 'vitest';
import { exitFlushedOtlpEnv } from '../support/exit-flushed-otlp-env';
import { chatCompletion } from '../support/openai-wire-server';
import { PROJECT_ROOT, runNodeApp } from '../support/run-node-app';
import { useOpenAIWireServer } from '../support/use-openai-wire-server';
import { useOtlpReceiver } from '../support/use-otlp-receiver';
import { expectChatTraceDelivered } from './expect-chat-trace';

const ESM_APP = 'test/fixtures/apps/typescript/chat-app.mts';
const CJS_APP = 'test/fixtures/apps/typescript/chat-app.ts';
// The app's own tsconfig (CommonJS output), as a ts-node user has one.
const TS_NODE_PROJECT = join(PROJECT_ROOT, 'test/fixtures/apps/typescript/tsconfig.json');

const receiver = useOtlpReceiver();
const openai = useOpenAIWireServer();

// The commands README and docs/bundling.md give for each runner. genai-otel comes before tsx: the
// other way round tsx's hooks also process every module genai-otel loads (about 2 s more start-up).
describe.each([
  {
    runner: 'tsx (ESM)',
    app: ESM_APP,
    flags: '--import genai-otel/register --import tsx',
    endings: ['the event loop empties', 'process.exit()'],
  },
  {
    runner: 'tsx (CJS)',
    app: CJS_APP,
    flags: '--require genai-otel/register --require tsx/cjs',
  },
  {
    runner: 'ts-node',
    app: CJS_APP,
    flags: '--require ts-node/register --require genai-otel/register',
    env: { TS_NODE_PROJECT, TS_NODE_TRANSPILE_ONLY: 'true' },
  },
  { runner: "Node's type stripping", app: ESM_APP, flags: '--import genai-otel/register' },
])('$runner: node $flags app', ({ app, flags, env, endings }) => {
  // The exit-flush worker is runner-independent (it starts with no execArgv), so one runner covers
  // process.exit(); each runner is checked for loading and the normal end.
  it.each(endings ?? ['the event loop empties'])('delivers the chat span when %s', async (ending) => {
    openai.setHandler(() => ({ kind: 'json', body: chatCompletion() }));
    const run = await runNodeApp(app, {
      loader: 'none',
      nodeArgs: flags.split(' '),
      args: ending === 'process.exit()' ? ['exit'] : [],
      env: { ...exitFlushedOtlpEnv(receiver.url, 'typescript-app'), OPENAI_BASE_URL: openai.baseURL, ...env },
    });
    await expectChatTraceDelivered(run, receiver);
  });
});
