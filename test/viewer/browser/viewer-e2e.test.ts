/**
 * End to end, the way a user meets the viewer: the real `genai-otel view --memory` (built CLI),
 * a real app under `node --import genai-otel/register` calling its provider's SDK against the
 * local wire-format server with content capture on, exporting OTLP to the viewer, and the UI in
 * headless Chromium. Needs `npm run build`.
 *
 * One entry in PROVIDERS per instrumented provider: its app (same env contract: the prompt in
 * VIEWER_E2E_PROMPT, an optional extra span in VIEWER_E2E_EXTRA_SPAN), its wire server and the
 * names its spans carry.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TraceDetail } from '../../../src/viewer/ui/api/api-types';
import {
  anthropicMessage,
  messageEvents,
  startAnthropicWireServer,
  toolUse,
} from '../../support/anthropic-wire-server';
import {
  chatCompletion,
  chatCompletionChunks,
  startOpenAIWireServer,
} from '../../support/openai-wire-server';
import { PROJECT_ROOT, runNodeApp } from '../../support/run-node-app';
import { openWatchedPage, saveScreenshot, type WatchedPage } from './support/browser-page';
import { launchChromium } from './support/chromium';
import { eventually } from './support/eventually';
import { XSS_PAYLOADS } from './support/fixture-traces';
import { type RunningViewer, startRealViewer } from './support/real-viewer';

interface ProviderWire {
  /** Environment that points the app's SDK at the wire server. */
  env: Record<string, string>;
  /** Queues the two model turns: a call of get_weather({city:'Paris'}), then `answer` streamed. */
  queueTurns(answer: string): void;
  close(): Promise<void>;
}

interface ProviderCase {
  provider: string;
  app: string;
  /** The chat spans' name, `chat {request model}`. */
  chatSpanName: string;
  /** The model the trace list shows (the response model). */
  listedModel: string;
  startWire(): Promise<ProviderWire>;
}

const PROVIDERS: ProviderCase[] = [
  {
    provider: 'openai',
    app: 'test/viewer/browser/fixtures/openai-agent-app.mjs',
    chatSpanName: 'chat gpt-4o-mini',
    listedModel: 'gpt-4o-mini-2024-07-18',
    async startWire() {
      const wire = await startOpenAIWireServer();
      return {
        env: { OPENAI_BASE_URL: wire.baseURL },
        queueTurns(answer) {
          wire.enqueue(
            'POST /v1/chat/completions',
            {
              kind: 'json',
              body: chatCompletion({
                choices: [
                  {
                    toolCalls: [
                      { id: 'call_weather_paris', name: 'get_weather', arguments: '{"city":"Paris"}' },
                    ],
                  },
                ],
                usage: { prompt: 57, completion: 17 },
              }),
            },
            {
              kind: 'sse',
              events: chatCompletionChunks({
                pieces: [[answer.slice(0, 12), answer.slice(12)]],
                includeUsage: true,
                usage: { prompt: 118, completion: 12 },
              }),
            },
          );
        },
        close: () => wire.close(),
      };
    },
  },
  {
    provider: 'anthropic',
    app: 'test/viewer/browser/fixtures/anthropic-agent-app.mjs',
    chatSpanName: 'chat claude-sonnet-4-5',
    // The API resolves the alias the app asks for to a dated snapshot.
    listedModel: 'claude-sonnet-4-5-20250929',
    async startWire() {
      const wire = await startAnthropicWireServer();
      const model = 'claude-sonnet-4-5-20250929';
      return {
        env: { ANTHROPIC_BASE_URL: wire.url },
        queueTurns(answer) {
          wire.enqueue(
            {
              kind: 'message',
              body: anthropicMessage({
                model,
                content: [
                  { type: 'text', text: 'Let me check the weather in Paris.' },
                  toolUse('get_weather', { city: 'Paris' }),
                ],
                stopReason: 'tool_use',
                usage: { input: 57, output: 17 },
              }),
            },
            {
              kind: 'events',
              events: messageEvents({
                model,
                content: [{ type: 'text', text: answer }],
                usage: { input: 118, output: 12 },
              }),
            },
          );
        },
        close: () => wire.close(),
      };
    },
  },
];

const PROMPT = 'I land in Paris in an hour. What is the weather like?';
const ANSWER = 'It is 18 °C with light rain in Paris.';

// A real browser (and, end to end, a real app and viewer) on two shared cores: minutes, not seconds, when the whole suite runs.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let browser: Browser;
let viewer: RunningViewer;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** Runs a provider's app against the viewer; resolves to its trace id. */
async function runApp(
  providerCase: ProviderCase,
  wire: ProviderWire,
  options: {
    serviceName: string;
    prompt: string;
    extraSpan?: { name: string; attributes: Record<string, string> };
    /** More environment for the app (the OTLP token header). */
    env?: Record<string, string>;
  },
): Promise<string> {
  wire.queueTurns(ANSWER);
  const run = await runNodeApp(join(PROJECT_ROOT, providerCase.app), {
    loader: 'import',
    timeoutMillis: 60_000,
    env: {
      ...wire.env,
      OTEL_SERVICE_NAME: options.serviceName,
      OTEL_EXPORTER_OTLP_ENDPOINT: viewer.url,
      OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true',
      VIEWER_E2E_PROMPT: options.prompt,
      ...(options.extraSpan ? { VIEWER_E2E_EXTRA_SPAN: JSON.stringify(options.extraSpan) } : {}),
      ...options.env,
    },
  });
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
  expect(run.stdout).toContain(`answer: ${ANSWER}`);
  return /^trace-id: ([0-9a-f]{32})$/m.exec(run.stdout)?.[1] as string;
}

async function traceDetail(traceId: string): Promise<TraceDetail> {
  const response = await fetch(`${viewer.url}/api/traces/${traceId}`);
  expect(response.status).toBe(200);
  return (await response.json()) as TraceDetail;
}

describe.each(PROVIDERS)('$provider app → genai-otel view → Chromium', (providerCase) => {
  let wire: ProviderWire;
  let watched: WatchedPage;
  let page: Page;
  let traceId: string;
  const serviceName = `viewer-e2e-${providerCase.provider}`;
  const otherService = `viewer-e2e-${providerCase.provider}-other`;

  // A viewer per provider: the list, the filters and the overview totals see this provider's traces only.
  beforeAll(async () => {
    [viewer, wire] = await Promise.all([startRealViewer(), providerCase.startWire()]);
    watched = await openWatchedPage(browser);
    page = watched.page;
  });

  afterAll(async () => {
    await Promise.allSettled([watched?.close(), wire?.close(), viewer?.stop()]);
  });

  it('shows the trace in the list as it arrives, without a reload', async () => {
    await page.goto(`${viewer.url}/`);
    await eventually(() => page.textContent('.live-indicator')).toBe('Live');
    await page.evaluate('window.__sameDocument = true');

    traceId = await runApp(providerCase, wire, { serviceName, prompt: PROMPT });

    const row = page.locator(`.trace-rows .trace-row[data-trace-id="${traceId}"]`);
    await eventually(() => row.count()).toBe(1);
    // The row fills in as the app's spans are stored: wait for the finished trace's facts.
    await eventually(() => row.textContent()).toContain('175→29');
    const text = await row.textContent();
    expect(text).toContain('invoke_agent trip-helper');
    expect(text).toContain(serviceName);
    expect(text).toContain(providerCase.listedModel);
    expect(await page.evaluate('window.__sameDocument')).toBe(true);
    expect(watched.problems).toEqual([]);
  });

  it('narrows the list with the service filter and the search box', async () => {
    await runApp(providerCase, wire, { serviceName: otherService, prompt: 'What time is it in Lisbon?' });
    const rows = page.locator('.trace-rows .trace-row');
    await eventually(() => rows.count()).toBe(2);

    await page.selectOption('select[name=service]', serviceName);
    await eventually(() => rows.locator('.service').allTextContents()).toEqual([serviceName]);
    await page.selectOption('select[name=service]', '');
    await eventually(() => rows.count()).toBe(2);

    // Full-text search reaches the captured prompt.
    await page.fill('#trace-search', 'Lisbon');
    await eventually(() => rows.locator('.service').allTextContents()).toEqual([otherService]);
    await page.fill('#trace-search', '');
    await eventually(() => rows.count()).toBe(2);
    await saveScreenshot(page, `e2e-${providerCase.provider}-trace-list`);
    expect(watched.problems).toEqual([]);
  });

  it('opens the trace: waterfall, and the chat span as a transcript with prompt, tool call and reply', async () => {
    await page.click(`.trace-rows .trace-row[data-trace-id="${traceId}"]`);
    await page.waitForURL(`**/traces/${traceId}`);
    const rows = page.locator('.waterfall-row');
    await eventually(() => rows.locator('.span-name').allTextContents()).toEqual([
      'invoke_agent trip-helper',
      providerCase.chatSpanName,
      'execute_tool get_weather',
      providerCase.chatSpanName,
    ]);
    expect(await rows.locator('.badge').allTextContents()).toEqual([
      'invoke_agent',
      'chat',
      'execute_tool',
      'chat',
    ]);

    await rows.nth(1).click();
    const transcript = page.locator('.span-detail .transcript');
    await eventually(() => transcript.locator('.message.role-user').textContent()).toContain(PROMPT);
    const toolCall = transcript.locator('.message.role-assistant .part-tool-call');
    expect(await toolCall.locator('strong').textContent()).toBe('get_weather');
    expect(JSON.parse((await toolCall.locator('pre').textContent()) ?? '')).toEqual({ city: 'Paris' });
    expect(await page.locator('.span-detail .span-facts').textContent()).toContain('Input tokens57');

    await rows.nth(3).click();
    await eventually(() => transcript.locator('.message.role-assistant').last().textContent()).toContain(
      ANSWER,
    );
    expect(await transcript.locator('.part-tool-result pre').textContent()).toContain('"temperature_c": 18');
    expect(await page.locator('.span-detail .span-facts').textContent()).toContain('Time to first chunk');
    await saveScreenshot(page, `e2e-${providerCase.provider}-trace`);
    if (providerCase === PROVIDERS[0]) publishReadmeScreenshot(`e2e-${providerCase.provider}-trace`);
    expect(watched.problems).toEqual([]);
  });

  it('opens the span a deep link names', async () => {
    const detail = await traceDetail(traceId);
    const tool = detail.spans.find((span) => span.name === 'execute_tool get_weather');
    await page.goto(`${viewer.url}/traces/${traceId}?span=${tool?.spanId}`);
    await eventually(() => page.locator('.span-detail h2').textContent()).toBe('execute_tool get_weather');
    expect(await page.getAttribute('.waterfall-row[aria-current="true"]', 'data-span-id')).toBe(tool?.spanId);
    expect(await page.locator('.span-detail').textContent()).toContain('"city": "Paris"');
    expect(watched.problems).toEqual([]);
  });

  it('draws the overview charts from the stored model calls', async () => {
    await page.goto(`${viewer.url}/overview`);
    const charts = page.locator('figure.chart');
    await eventually(() => charts.count()).toBe(5);
    for (const chart of await charts.all()) {
      // uPlot sizes the canvas to its container once layout has run (ResizeObserver).
      await eventually(async () => (await chart.locator('canvas').boundingBox())?.width).toBeGreaterThan(300);
      expect((await chart.locator('canvas').boundingBox())?.height).toBeGreaterThan(100);
    }
    expect(await page.locator('.totals').textContent()).toContain('Model calls4');
    expect(await charts.nth(0).locator('.u-legend').textContent()).toContain(providerCase.listedModel);
    await saveScreenshot(page, `e2e-${providerCase.provider}-overview`);
    expect(watched.problems).toEqual([]);
  });

  it('switches themes with the toggle and keeps the choice', async () => {
    const theme = () => page.getAttribute('html', 'data-theme');
    expect(await theme()).toBe('light');
    await page.click('.theme-toggle');
    expect(await theme()).toBe('dark');
    await page.goto(`${viewer.url}/traces/${traceId}`);
    await eventually(theme).toBe('dark');
    await eventually(() => page.locator('.waterfall-row').count()).toBe(4);
    await saveScreenshot(page, `e2e-${providerCase.provider}-trace-dark`);
    await page.click('.theme-toggle');
    expect(await theme()).toBe('light');
  });

  it('renders <script> and <img onerror> payloads from a prompt, a span name and an attribute key as text', async () => {
    const xssTraceId = await runApp(providerCase, wire, {
      serviceName: `viewer-e2e-xss-${providerCase.provider}`,
      prompt: `Weather? ${XSS_PAYLOADS.script} ${XSS_PAYLOADS.img}`,
      extraSpan: {
        name: `lookup ${XSS_PAYLOADS.img}`,
        attributes: { [XSS_PAYLOADS.script]: XSS_PAYLOADS.svg, 'app.note': XSS_PAYLOADS.img },
      },
    });
    await page.goto(`${viewer.url}/?q=${encodeURIComponent('onerror')}`);
    await eventually(() => page.locator(`.trace-row[data-trace-id="${xssTraceId}"]`).count()).toBe(1);
    await page.click(`.trace-row[data-trace-id="${xssTraceId}"]`);
    const rows = page.locator('.waterfall-row');
    await eventually(() => rows.count()).toBe(5);
    for (const row of await rows.all()) {
      await row.click();
      await eventually(() => page.locator('.span-detail table.attributes').count()).toBeGreaterThan(0);
    }
    await page.click(`.waterfall-row >> text=lookup ${XSS_PAYLOADS.img}`);
    await eventually(() => page.locator('.span-detail table.attributes th').allTextContents()).toContain(
      XSS_PAYLOADS.script,
    );
    await page.click('.waterfall-row >> nth=2');
    await eventually(() => page.locator('.transcript .message.role-user').textContent()).toContain(
      XSS_PAYLOADS.img,
    );

    expect(await page.evaluate('window.__xss')).toBeUndefined();
    expect(await page.evaluate("document.querySelectorAll('img, svg, iframe, object, embed').length")).toBe(
      0,
    );
    expect(await page.evaluate("document.querySelectorAll('script').length")).toBe(1);
    expect(watched.problems).toEqual([]);
  });
});

describe('genai-otel view --token in Chromium', () => {
  // The UI side (token kept from ?token=, Bearer on API calls, token query on /api/live) is tested
  // in viewer-ui.test.ts; here the real server must let the page load its own script and style
  // files (the cookie it sets on ?token=) while the API still wants the token.
  const token = 'viewer-e2e-secret';
  const providerCase = PROVIDERS[0] as ProviderCase;
  let wire: ProviderWire;
  let watched: WatchedPage;

  beforeAll(async () => {
    [viewer, wire] = await Promise.all([
      startRealViewer(['--memory', '--token', token]),
      providerCase.startWire(),
    ]);
    watched = await openWatchedPage(browser);
  });

  afterAll(async () => {
    await Promise.allSettled([watched?.close(), wire?.close(), viewer?.stop()]);
  });

  it('loads the UI from the URL the CLI prints; the API still refuses requests without the token', async () => {
    expect(viewer.uiUrl).toBe(`${viewer.url}/?token=${token}`);
    const traceId = await runApp(providerCase, wire, {
      serviceName: 'viewer-e2e-token',
      prompt: PROMPT,
      env: { OTEL_EXPORTER_OTLP_HEADERS: `authorization=Bearer%20${token}` },
    });

    const page = watched.page;
    await page.goto(viewer.uiUrl);
    await eventually(() => page.textContent('.live-indicator')).toBe('Live');
    const row = page.locator(`.trace-rows .trace-row[data-trace-id="${traceId}"]`);
    await eventually(() => row.textContent()).toContain('invoke_agent trip-helper');
    expect(watched.problems).toEqual([]);

    const [cookie] = await watched.context.cookies(viewer.url);
    expect({ name: cookie?.name, httpOnly: cookie?.httpOnly, sameSite: cookie?.sameSite }).toEqual({
      name: 'genai_otel_view_token',
      httpOnly: true,
      sameSite: 'Strict',
    });
    // The cookie opens the static UI only: the page's own fetch without the Bearer header is refused.
    expect(await page.evaluate("fetch('/api/traces').then((response) => response.status)")).toBe(401);
    expect((await fetch(`${viewer.url}/api/traces`)).status).toBe(401);
    const withToken = await fetch(`${viewer.url}/api/traces`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(withToken.status).toBe(200);
  });
});

/** The README's screenshot (docs/images/viewer-trace.png) is the e2e run's trace view, refreshed on demand. */
function publishReadmeScreenshot(name: string): void {
  if (process.env.GENAI_OTEL_UPDATE_SCREENSHOTS !== '1') return;
  mkdirSync(join(PROJECT_ROOT, 'docs/images'), { recursive: true });
  copyFileSync(
    join(PROJECT_ROOT, 'test-output/viewer', `${name}.png`),
    join(PROJECT_ROOT, 'docs/images/viewer-trace.png'),
  );
}
