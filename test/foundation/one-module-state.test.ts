import { beforeEach, describe, expect, it } from 'vitest';
import { chatCompletion } from '../support/openai-wire-server';
import { runNodeApp } from '../support/run-node-app';
import { useOpenAIWireServer } from '../support/use-openai-wire-server';

// Every package entry reaches the one bundle (scripts/build-package.mjs), so an app that starts
// genai-otel with the register flag and subscribes through `genai-otel` talks to the same event
// bus the instrumentation reports to, and subpath entries hand out the root's objects.
const wire = useOpenAIWireServer();
beforeEach(() => {
  const reply = {
    kind: 'json' as const,
    body: chatCompletion({ choices: [{ content: 'The Southern Ocean.' }] }),
  };
  wire.setHandler(() => reply);
});

describe.each([
  { loader: 'require' as const, app: 'test/fixtures/apps/events-across-entries.cjs' },
  { loader: 'import' as const, app: 'test/fixtures/apps/events-across-entries.mjs' },
])('node --$loader genai-otel/register, then the package entries in the app', ({ loader, app }) => {
  it('shares one state: the root entry sees the calls the register entry instruments', async () => {
    const run = await runNodeApp(app, {
      loader,
      env: { OPENAI_BASE_URL: wire.baseURL, OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none' },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(
      'answer: The Southern Ocean.\nllm.end seen: ["gpt-4o-mini"]; bridge same as root: true\n',
    );
  });
});
