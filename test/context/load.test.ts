import { EventEmitter } from 'node:events';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { withAgent, withRetrieval, withTool } from '../../src/tracing/genai-helpers';
import { startSpan } from '../../src/tracing/start-span';
import { traced } from '../../src/tracing/traced';
import { useContextHarness } from '../support/context-harness';

const harness = useContextHarness();

/**
 * Every span says where it belongs (`app.path`) and where its parent belongs (`app.parent_path`),
 * written from the code's structure, not read from the context. The test then checks the parent
 * the SDK recorded against that: any span whose context got lost or crossed runs shows up.
 */
const PATH = 'app.path';
const PARENT_PATH = 'app.parent_path';

const RUNS = Number(process.env.LOAD_RUNS ?? 10_000);

/** Deterministic per-run randomness (mulberry32), so a failure reproduces. */
function randomFor(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One shared bus, its listener added once outside any span, as app-wide event buses are. */
const bus = new EventEmitter();
bus.on('tool-progress', (path: string) => {
  startSpan('progress event', { attributes: { [PATH]: `${path}/event`, [PARENT_PATH]: path } }, () => {});
});

async function randomPause(random: () => number): Promise<void> {
  const pick = random();
  if (pick < 0.3) await sleep(Math.floor(random() * 3));
  else if (pick < 0.6) await nextTurn();
  else if (pick < 0.8) await new Promise<void>((resolve) => queueMicrotask(resolve));
  // else: no pause at all
}

function plainSpan(name: string, path: string, parentPath: string): void {
  startSpan(name, { attributes: { [PATH]: path, [PARENT_PATH]: parentPath } }, () => {});
}

async function simulatedRun(run: number): Promise<void> {
  const random = randomFor(run + 1);
  const root = `run${run}`;
  await withAgent({ name: 'planner', attributes: { [PATH]: root, [PARENT_PATH]: '' } }, async () => {
    await randomPause(random);
    // Fan-out: three tools at once, each with a nested retrieval and an event from a timer.
    await Promise.all(
      [0, 1, 2].map((index) => {
        const toolPath = `${root}/tool${index}`;
        return withTool(
          { name: `tool${index}`, attributes: { [PATH]: toolPath, [PARENT_PATH]: root } },
          async () => {
            await randomPause(random);
            await withRetrieval(
              {
                dataSourceId: 'kb',
                attributes: { [PATH]: `${toolPath}/retrieval`, [PARENT_PATH]: toolPath },
              },
              async () => {
                await randomPause(random);
              },
            );
            // The callback runs later, on a timer scheduled here: it must still land under this tool.
            await new Promise<void>((resolve) =>
              setTimeout(
                () => {
                  bus.emit('tool-progress', toolPath);
                  resolve();
                },
                Math.floor(random() * 2),
              ),
            );
          },
        );
      }),
    );
    // A traced async generator streaming "tokens": body spans under the generator's span,
    // consumer spans under the consumer's.
    const generatorPath = `${root}/stream`;
    const stream = traced(
      async function* tokens() {
        for (let index = 0; index < 2; index++) {
          await randomPause(random);
          plainSpan('produce token', `${generatorPath}/produce${index}`, generatorPath);
          yield index;
        }
      },
      { name: 'stream', attributes: { [PATH]: generatorPath, [PARENT_PATH]: root } },
    );
    for await (const token of stream()) {
      await randomPause(random);
      plainSpan('consume token', `${root}/consume${token}`, root);
    }
  });
}

function expectedSpanCount(): number {
  // agent + 3 × (tool + retrieval + event) + stream + 2 produce + 2 consume
  return RUNS * (1 + 3 * 3 + 1 + 2 + 2);
}

it(`keeps every span of ${RUNS} concurrent simulated agent runs under its right parent`, async () => {
  await Promise.all(Array.from({ length: RUNS }, (_, run) => simulatedRun(run)));

  const spans = harness.spans();
  expect(spans.length).toBe(expectedSpanCount());
  expect(spans.filter((span) => typeof span.attributes[PATH] !== 'string')).toEqual([]);
  const byId = new Map(spans.map((span) => [span.spanId, span]));
  const traceOfRun = new Map<string, string>();
  const misParented: string[] = [];
  for (const span of spans) {
    const path = String(span.attributes[PATH]);
    const expectedParent = String(span.attributes[PARENT_PATH]);
    const parent = span.parentSpanId ? byId.get(span.parentSpanId) : undefined;
    const actualParent = parent ? String(parent.attributes[PATH]) : '';
    const run = path.split('/')[0] as string;
    if (expectedParent === '') traceOfRun.set(run, span.traceId);
    if (actualParent !== expectedParent || (parent && parent.traceId !== span.traceId)) {
      misParented.push(`${path}: parent ${actualParent || '(none)'}`);
    }
  }
  expect(misParented.slice(0, 10)).toEqual([]);
  expect(misParented.length).toBe(0);
  // One trace per run, and no two runs share one.
  expect(traceOfRun.size).toBe(RUNS);
  expect(new Set(traceOfRun.values()).size).toBe(RUNS);
  for (const span of spans) {
    expect(span.traceId === traceOfRun.get(String(span.attributes[PATH]).split('/')[0] as string)).toBe(true);
  }
}, 300_000);
