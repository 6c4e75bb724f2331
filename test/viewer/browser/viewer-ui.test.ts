/**
 * The viewer UI in real headless Chromium, against the fixture viewer (exact data: payloads,
 * garbage, sources, tokens) served with the strict Content-Security-Policy. Every page also
 * fails the test on a page error, console error, dialog or CSP violation.
 * Needs `npm run build` (dist/viewer-ui). The same UI against the real `genai-otel view` and a
 * real instrumented app: viewer-e2e.test.ts.
 */
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Overview } from '../../../src/viewer/ui/api/api-types';
import { openWatchedPage, saveScreenshot, type WatchedPage } from './support/browser-page';
import { launchChromium } from './support/chromium';
import { eventually } from './support/eventually';
import {
  AGENT_ANSWER,
  AGENT_QUESTION,
  agentTrace,
  embeddingsTrace,
  garbageContentTrace,
  XSS_PAYLOADS,
  xssTrace,
} from './support/fixture-traces';
import { type FixtureViewer, startFixtureViewer } from './support/fixture-viewer-server';

// A real browser (and, end to end, a real app and viewer) on two shared cores: minutes, not seconds, when the whole suite runs.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let browser: Browser;
const cleanups: Array<() => Promise<unknown>> = [];
let watched: WatchedPage | undefined;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

afterEach(async () => {
  const problems = watched?.problems ?? [];
  watched = undefined;
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
  expect(problems).toEqual([]);
});

async function viewerWith(options: Parameters<typeof startFixtureViewer>[0]): Promise<FixtureViewer> {
  const viewer = await startFixtureViewer(options);
  cleanups.push(() => viewer.close());
  return viewer;
}

async function open(
  viewer: FixtureViewer,
  path: string,
  options: Parameters<typeof openWatchedPage>[1] = {},
): Promise<WatchedPage> {
  watched = await openWatchedPage(browser, options);
  cleanups.push(watched.close);
  await watched.page.goto(viewer.url + path);
  return watched;
}

const now = Date.now();

describe('trace list', () => {
  it('shows each trace with time, root span, service, duration, status, models, tokens and cost', async () => {
    const agent = agentTrace(now - 60_000);
    const viewer = await viewerWith({ traces: [agent, embeddingsTrace(now - 30_000)] });
    const { page } = await open(viewer, '/');

    const rows = page.locator('.trace-rows .trace-row');
    await eventually(() => rows.count()).toBe(2);
    // Newest first.
    await eventually(() => rows.nth(0).textContent()).toContain('embeddings text-embedding-3-small');
    const agentRow = rows.nth(1);
    const text = await agentRow.textContent();
    expect(text).toContain('invoke_agent trip-helper');
    expect(text).toContain('support-bot');
    expect(text).toContain('1.24s');
    expect(text).toContain('error');
    expect(text).toContain('gpt-4o-mini-2024-07-18');
    expect(text).toContain('175→53');
    expect(text).toContain('$0.000058');
    expect(await agentRow.getAttribute('href')).toBe(`/traces/${agent[0]?.traceId}`);
    // The benchmark's first-paint mark.
    await eventually(() =>
      page.evaluate("performance.getEntriesByName('genai-otel:trace-list-painted').length"),
    ).toBe(1);
    await saveScreenshot(page, 'fixture-trace-list');
  });

  it('narrows the list by service, status, search, model and minimum duration, with the filters in the URL', async () => {
    const viewer = await viewerWith({
      traces: [
        agentTrace(now - 60_000),
        embeddingsTrace(now - 30_000),
        agentTrace(now - 20_000, 'billing-bot'),
      ],
    });
    const { page } = await open(viewer, '/');
    const rows = page.locator('.trace-rows .trace-row');
    const rootNames = () => rows.locator('.root-name').allTextContents();
    await eventually(() => rows.count()).toBe(3);

    await page.selectOption('select[name=service]', 'indexer');
    await eventually(rootNames).toEqual([expect.stringContaining('embeddings text-embedding-3-small')]);
    expect(page.url()).toContain('service=indexer');
    expect(viewer.apiRequests.some((request) => request.query.get('service') === 'indexer')).toBe(true);

    await page.selectOption('select[name=service]', '');
    await page.selectOption('select[name=status]', 'error');
    await eventually(() => rows.count()).toBe(2);

    await page.selectOption('select[name=status]', '');
    await page.selectOption('select[name=model]', 'text-embedding-3-small');
    await eventually(() => rows.count()).toBe(1);
    await page.selectOption('select[name=model]', '');

    await page.fill('#trace-search', 'Paris');
    await eventually(() => rows.locator('.service').allTextContents()).toEqual([
      'billing-bot',
      'support-bot',
    ]);
    expect(viewer.apiRequests.some((request) => request.query.get('q') === 'Paris')).toBe(true);
    await page.fill('#trace-search', '');

    await page.waitForURL((url) => !url.searchParams.has('q'));
    await eventually(() => rows.count()).toBe(3);
    await page.fill('input[name=minDurationMs]', '500');
    await page.waitForURL((url) => url.searchParams.get('minDurationMs') === '500');
    await eventually(() => rows.count()).toBe(2);

    // A filtered list is a link: reloading keeps the filter.
    await page.reload();
    await eventually(() => rows.count()).toBe(2);
    expect(await page.inputValue('input[name=minDurationMs]')).toBe('500');

    await page.selectOption('select[name=range]', '15m');
    await eventually(() => viewer.apiRequests.at(-1)?.query.get('since')).toSatisfy(
      (since: string | null | undefined) => Math.abs(Number(since) - (Date.now() - 15 * 60_000)) < 60_000,
    );
  });

  it('adds traces as live span events arrive, without reloading the page', async () => {
    const viewer = await viewerWith({ traces: [embeddingsTrace(now - 30_000)] });
    const { page } = await open(viewer, '/');
    const rows = page.locator('.trace-rows .trace-row');
    await eventually(() => rows.count()).toBe(1);
    await eventually(() => viewer.liveClientCount()).toBe(1);
    await page.evaluate('window.__sameDocument = true');

    const arriving = agentTrace(Date.now());
    viewer.addTrace(arriving);
    viewer.pushLive([arriving[0]?.traceId as string]);

    await eventually(() => rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toContain('invoke_agent trip-helper');
    expect(await rows.nth(0).getAttribute('class')).toContain('fresh');
    expect(await page.evaluate('window.__sameDocument')).toBe(true);
    expect(await page.textContent('.live-indicator')).toBe('Live');
  });
});

describe('trace view', () => {
  it('draws the waterfall with a badge per GenAI operation and bars placed by time', async () => {
    const agent = agentTrace(now - 60_000);
    const viewer = await viewerWith({ traces: [agent] });
    const { page } = await open(viewer, '/');
    await page.click('.trace-rows .trace-row >> text=invoke_agent trip-helper');
    await page.waitForURL(`**/traces/${agent[0]?.traceId}`);

    const rows = page.locator('.waterfall-row');
    await eventually(() => rows.count()).toBe(6);
    expect(await rows.locator('.badge').allTextContents()).toEqual([
      'invoke_agent',
      'chat',
      'execute_tool',
      'execute_tool',
      'MCP tools/call',
      'chat',
    ]);
    expect(await rows.nth(1).getAttribute('class')).toContain('cat-llm');
    expect(await rows.nth(3).getAttribute('class')).toContain('failed');
    // Children are indented under the agent; the second chat starts well after the first ends.
    const badgeX = async (index: number) => (await rows.nth(index).locator('.badge').boundingBox())?.x ?? 0;
    expect((await badgeX(1)) - (await badgeX(0))).toBe(14);
    expect(await badgeX(5)).toBe(await badgeX(1));
    const firstChatBar = await rows.nth(1).locator('.span-bar').boundingBox();
    const secondChatBar = await rows.nth(5).locator('.span-bar').boundingBox();
    expect(firstChatBar?.width).toBeGreaterThan(50);
    expect(secondChatBar?.x).toBeGreaterThan((firstChatBar?.x ?? 0) + (firstChatBar?.width ?? 0));
  });

  it('renders a chat span as a transcript with instructions, prompt, reasoning, tool calls, usage and cost', async () => {
    const agent = agentTrace(now - 60_000);
    const firstChat = agent[1];
    const viewer = await viewerWith({ traces: [agent] });
    const { page } = await open(viewer, `/traces/${agent[0]?.traceId}`);
    await page.click(`.waterfall-row[data-span-id="${firstChat?.spanId}"]`);
    expect(new URL(page.url()).searchParams.get('span')).toBe(firstChat?.spanId);

    const detail = page.locator('.span-detail');
    const transcript = detail.locator('.transcript');
    await eventually(() => transcript.locator('.message').count()).toBe(3);
    expect(await transcript.locator('.message').nth(0).textContent()).toContain('You are a travel helper.');
    expect(await transcript.locator('.message.role-user').textContent()).toContain(AGENT_QUESTION);
    const reply = transcript.locator('.message.role-assistant');
    expect(await reply.locator('.finish-reason').textContent()).toBe('finish: tool_call');
    expect(await reply.locator('.part-tool-call strong').allTextContents()).toEqual([
      'get_weather',
      'get_local_time',
    ]);
    expect(JSON.parse((await reply.locator('.part-tool-call pre').first().textContent()) ?? '')).toEqual({
      city: 'Paris',
    });
    expect(await reply.locator('.part-reasoning summary').textContent()).toBe('Reasoning');
    const facts = await detail.locator('.span-facts').textContent();
    for (const fact of [
      'Input tokens57',
      'Output tokens41',
      'Cache read32',
      'Cost$0.000033',
      'Finish reasonstool_calls',
    ]) {
      expect(facts).toContain(fact);
    }
    expect(await detail.locator('.tool-definitions strong').allTextContents()).toEqual([
      'get_weather',
      'get_local_time',
    ]);
    expect(await detail.locator('table.attributes th').allTextContents()).toContain('gen_ai.request.model');
    await saveScreenshot(page, 'fixture-trace-chat-span');

    // The second call: tool result in the input, the answer, time to first chunk, an image by uri.
    await page.click(`.waterfall-row[data-span-id="${agent[5]?.spanId}"]`);
    await eventually(() => transcript.locator('.part-tool-result').count()).toBe(1);
    expect(await transcript.locator('.part-tool-result pre').textContent()).toContain('"temperature_c": 18');
    expect(await transcript.locator('.message.role-assistant').last().textContent()).toContain(AGENT_ANSWER);
    expect(await transcript.locator('.part-media').textContent()).toContain('image uri · image/png');
    expect(await detail.locator('.span-facts').textContent()).toContain('Time to first chunk49.4ms');
  });

  it('shows a failed tool span with its status, error.type and exception', async () => {
    const agent = agentTrace(now - 60_000);
    const viewer = await viewerWith({ traces: [agent] });
    const { page } = await open(viewer, `/traces/${agent[0]?.traceId}?span=${agent[3]?.spanId}`);
    const error = page.locator('.span-detail .error-section');
    await eventually(() => error.count()).toBe(1);
    const text = await error.textContent();
    expect(text).toContain('time service unavailable');
    expect(text).toContain('error.type Error');
    expect(await error.locator('.exception strong').textContent()).toBe('Error');
  });

  it('opens the span a deep link names, and the list again on Escape', async () => {
    const agent = agentTrace(now - 60_000);
    const tool = agent[2];
    const viewer = await viewerWith({ traces: [agent, embeddingsTrace(now)] });
    const { page } = await open(viewer, `/traces/${agent[0]?.traceId}?span=${tool?.spanId}`);
    await eventually(() => page.locator('.span-detail h2').textContent()).toBe('execute_tool get_weather');
    expect(await page.getAttribute('.waterfall-row[aria-current="true"]', 'data-span-id')).toBe(tool?.spanId);
    expect(await page.locator('.span-detail pre.json').first().textContent()).toContain('"city": "Paris"');
    await page.keyboard.press('Escape');
    await page.waitForURL((url) => url.pathname === '/');
    await eventually(() => page.locator('.trace-rows .trace-row').count()).toBe(2);
  });

  it('shows content that is not the conventions JSON as raw text, without breaking the page', async () => {
    const garbage = garbageContentTrace(now);
    const viewer = await viewerWith({ traces: [garbage] });
    const { page } = await open(viewer, `/traces/${garbage[0]?.traceId}`);
    const transcript = page.locator('.span-detail .transcript');
    await eventually(() => transcript.count()).toBe(1);
    expect(await transcript.locator('.message.role-system').textContent()).toContain(
      'Plain instructions, not JSON.',
    );
    expect(await transcript.locator('.raw-content').textContent()).toContain('cut off mid-');
    expect(await transcript.locator('.part-media').textContent()).toContain('audio blob');
    expect(await page.locator('.span-facts').textContent()).toContain('Finish reasonsstop');
    expect(await page.locator('.span-detail').textContent()).toContain('42');
  });
});

describe('keyboard, themes, sources and tokens', () => {
  it('moves through the list with j/k, opens with Enter, walks spans with arrows, goes back with Escape, / searches', async () => {
    const older = agentTrace(now - 60_000);
    const viewer = await viewerWith({ traces: [older, embeddingsTrace(now)] });
    const { page } = await open(viewer, '/');
    const rows = page.locator('.trace-rows .trace-row');
    await eventually(() => rows.count()).toBe(2);

    await page.keyboard.press('j');
    expect(await rows.nth(1).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('k');
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/traces/${older[0]?.traceId}`);
    await eventually(() => page.locator('.waterfall-row').count()).toBe(6);

    await page.keyboard.press('ArrowDown');
    await eventually(() => new URL(page.url()).searchParams.get('span')).toBe(older[1]?.spanId);
    await page.keyboard.press('j');
    await eventually(() => new URL(page.url()).searchParams.get('span')).toBe(older[2]?.spanId);
    await page.keyboard.press('k');
    await eventually(() => page.locator('.span-detail h2').textContent()).toBe('chat gpt-4o-mini');

    await page.keyboard.press('Escape');
    await page.waitForURL((url) => url.pathname === '/');
    await page.keyboard.press('/');
    await eventually(() => page.evaluate('document.activeElement && document.activeElement.id')).toBe(
      'trace-search',
    );
  });

  it('follows the system theme, toggles, and remembers the choice', async () => {
    const viewer = await viewerWith({ traces: [embeddingsTrace(now)] });
    const { page } = await open(viewer, '/', { colorScheme: 'dark' });
    const theme = () => page.getAttribute('html', 'data-theme');
    const background = () => page.evaluate('getComputedStyle(document.body).backgroundColor');
    await eventually(theme).toBe('dark');
    const darkBackground = await background();

    await page.click('.theme-toggle');
    expect(await theme()).toBe('light');
    expect(await background()).not.toBe(darkBackground);
    expect(await page.getAttribute('.theme-toggle', 'aria-label')).toBe('Switch to dark theme');

    await page.reload();
    await eventually(theme).toBe('light');
    await page.click('.theme-toggle');
    expect(await theme()).toBe('dark');
  });

  it('offers a source picker for Tempo/Jaeger, without the live stream and overview they lack', async () => {
    const viewer = await viewerWith({
      traces: [embeddingsTrace(now)],
      sources: [
        { id: 'local', kind: 'local', label: 'Local store' },
        { id: 'tempo', kind: 'tempo', label: 'Tempo', url: 'http://127.0.0.1:3200' },
      ],
    });
    const { page } = await open(viewer, '/');
    await page.selectOption('.source-picker select', 'tempo');
    await page.waitForURL((url) => url.searchParams.get('source') === 'tempo');
    await eventually(() =>
      viewer.apiRequests
        .filter((request) => request.path === '/api/traces')
        .at(-1)
        ?.query.get('source'),
    ).toBe('tempo');
    // The server has no live stream and no overview for Tempo or Jaeger: the UI does not ask.
    await eventually(() => page.textContent('.live-indicator')).toBe('Not live');
    expect(viewer.apiRequests.some((r) => r.path === '/api/live' && r.query.get('source') === 'tempo')).toBe(
      false,
    );
    expect(await page.locator('.app-nav a').allTextContents()).toEqual(['Traces']);
  });

  it('keeps a ?token= for the tab: Bearer header on API calls, query on the live stream, gone from the URL', async () => {
    const viewer = await viewerWith({ traces: [embeddingsTrace(now)], token: 's3cret-token' });
    const { page } = await open(viewer, '/?token=s3cret-token');
    await eventually(() => page.locator('.trace-rows .trace-row').count()).toBe(1);
    expect(page.url()).not.toContain('token');
    const apiCalls = viewer.apiRequests.filter((request) => request.path !== '/api/live');
    expect(apiCalls.length).toBeGreaterThan(0);
    for (const call of apiCalls) expect(call.authorization).toBe('Bearer s3cret-token');
    expect(viewer.apiRequests.find((request) => request.path === '/api/live')?.query.get('token')).toBe(
      's3cret-token',
    );
    await eventually(() => page.textContent('.live-indicator')).toBe('Live');
    // Navigating within the tab keeps it.
    await page.click('.trace-rows .trace-row');
    await eventually(() => page.locator('.waterfall-row').count()).toBe(1);
  });
});

describe('overview', () => {
  it('draws tokens, cost, latency, error-rate and TTFT charts with totals', async () => {
    const minute = 60_000;
    const start = Math.floor(now / minute) * minute - 10 * minute;
    const buckets = [0, 1, 2, 3].flatMap((step) => [
      {
        startMs: start + step * 2 * minute,
        model: 'gpt-4o-mini',
        provider: 'openai',
        calls: 4 + step,
        errors: step === 2 ? 1 : 0,
        inputTokens: 400 + step * 50,
        outputTokens: 90,
        costUsd: 0.0004,
        latencyP50Ms: 300,
        latencyP90Ms: 620,
        latencyP99Ms: 900,
        ttftP50Ms: 48,
      },
      {
        startMs: start + step * 2 * minute,
        model: 'claude-sonnet-4',
        provider: 'anthropic',
        calls: 2,
        errors: 0,
        inputTokens: 800,
        outputTokens: 200,
        costUsd: 0.006,
        latencyP50Ms: 700,
        latencyP90Ms: 1200,
        latencyP99Ms: 1500,
        ttftP50Ms: null,
      },
    ]);
    const overview: Overview = {
      buckets,
      totals: {
        calls: 30,
        errors: 1,
        inputTokens: 5100,
        outputTokens: 1520,
        costUsd: 0.0256,
        latencyMs: { p50: 410, p90: 1100, p99: 1480 },
        ttftMs: { p50: 48, p90: 60, p99: 75 },
      },
    };
    const viewer = await viewerWith({ overview });
    const { page } = await open(viewer, '/overview');
    const charts = page.locator('figure.chart');
    await eventually(() => charts.count()).toBe(5);
    for (let index = 0; index < 5; index++) {
      const canvas = charts.nth(index).locator('canvas');
      // uPlot sizes the canvas to its container once layout has run (ResizeObserver).
      await eventually(async () => (await canvas.boundingBox())?.width).toBeGreaterThan(300);
      expect((await canvas.boundingBox())?.height).toBeGreaterThan(100);
    }
    expect(await charts.nth(0).locator('.u-legend').textContent()).toContain('claude-sonnet-4');
    const totals = await page.locator('.totals').textContent();
    expect(totals).toContain('Model calls30');
    expect(totals).toContain('Errors1 (3.3%)');
    expect(totals).toContain('Latency p50 / p90 / p99410ms / 1.10s / 1.48s');
    expect(
      viewer.apiRequests.find((request) => request.path === '/api/overview')?.query.get('bucketMs'),
    ).toBe('1800000');

    await page.selectOption('select[name=by]', 'provider');
    await eventually(() => charts.nth(0).locator('.u-legend').textContent()).toContain('anthropic');
    await saveScreenshot(page, 'fixture-overview');
  });
});

describe('untrusted content', () => {
  it('renders <script>, <img onerror> and <svg onload> payloads in names, keys and content as text, never as markup', async () => {
    // No CSP here, so an injection would run instead of being blocked.
    const xss = xssTrace(now);
    const viewer = await viewerWith({
      traces: [xss],
      csp: false,
      overview: {
        buckets: [
          {
            startMs: now - 60_000,
            model: XSS_PAYLOADS.img,
            provider: XSS_PAYLOADS.svg,
            calls: 1,
            errors: 0,
            inputTokens: 3,
            outputTokens: 1,
            costUsd: 0,
            latencyP50Ms: 40,
            latencyP90Ms: 40,
            latencyP99Ms: 40,
            ttftP50Ms: 5,
          },
        ],
        totals: {
          calls: 1,
          errors: 0,
          inputTokens: 3,
          outputTokens: 1,
          costUsd: 0,
          latencyMs: { p50: 40, p90: 40, p99: 40 },
          ttftMs: null,
        },
      },
    });
    const { page } = await open(viewer, '/');
    const injected = () =>
      page.evaluate("document.querySelectorAll('img, svg, iframe, object, embed').length");
    const scripts = () => page.evaluate("document.querySelectorAll('script').length");

    await eventually(() => page.locator('.trace-row .root-name').textContent()).toContain(XSS_PAYLOADS.img);
    expect(await page.locator('select[name=service] option').allTextContents()).toContain(XSS_PAYLOADS.svg);
    await page.click('.trace-rows .trace-row');
    await eventually(() => page.locator('.waterfall-row').count()).toBe(2);
    for (const spanRow of await page.locator('.waterfall-row').all()) {
      await spanRow.click();
      await eventually(() => page.locator('.span-detail table.attributes').count()).toBeGreaterThan(0);
    }
    const detail = await page.locator('.span-detail').textContent();
    expect(detail).toContain(XSS_PAYLOADS.script);
    expect(detail).toContain(XSS_PAYLOADS.img);
    await page.click('.waterfall-row >> nth=0');
    await eventually(() => page.locator('.span-detail table.attributes th').allTextContents()).toContain(
      XSS_PAYLOADS.script,
    );

    await page.click('.app-nav >> text=Overview');
    await eventually(() => page.locator('figure.chart canvas').count()).toBe(5);
    expect(await page.locator('.u-legend').first().textContent()).toContain(XSS_PAYLOADS.img);

    expect(await page.evaluate('window.__xss')).toBeUndefined();
    expect(await injected()).toBe(0);
    expect(await scripts()).toBe(1);
  });
});
