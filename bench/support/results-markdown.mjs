/**
 * Renders bench/results.json as the Markdown tables of bench/README.md's "Latest results":
 *   node bench/support/results-markdown.mjs [results.json]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_DIR } from './paths.mjs';

const results = JSON.parse(readFileSync(process.argv[2] ?? join(BENCH_DIR, 'results.json'), 'utf8'));
const { machine, cases } = results;
const n = (value, digits = 1) =>
  typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : '–';
const table = (header, rows) =>
  [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
const out = [];

out.push(
  `Run ${results.startedAt} → ${results.finishedAt}; ${machine.node}, ${machine.cpu} × ${machine.cores}, load average (1/5/15 min) at the start ${machine.loadAverageAtStart?.join(' / ') ?? '–'}, at the end ${machine.loadAverageAtEnd.join(' / ')}; per case (1-min, start → end): ${Object.entries(
    cases,
  )
    .map(
      ([name, result]) =>
        `${name} ${result.loadAverage?.atStart[0] ?? '–'} → ${result.loadAverage?.atEnd[0] ?? '–'}`,
    )
    .join(', ')}.`,
);
const calls = cases['openai-calls'];
for (const [key, title, unit] of [
  ['chat', '(a) Non-streaming chat completion', 'per call'],
  ['stream', '(b) Streamed chat completion, 200 chunks consumed', 'per chunk'],
]) {
  out.push(
    `\n**${title}** (µs; overhead = variant − bare SDK of the same major, per round, median of ${results.timing[key === 'chat' ? 'calls' : 'streams'].rounds} rounds)\n`,
  );
  out.push(
    table(
      [
        'variant',
        'median',
        'min',
        `overhead ${unit}`,
        '× bare',
        'overhead ÷ limit',
        'overhead ÷ fair limit',
        'overhead ÷ genai-otel',
        'fastest samples: overhead',
        '÷ fair limit',
        '÷ genai-otel',
      ],
      calls.variants.map((variant) => {
        const times = variant[`${key}Ms`];
        const ratios = calls.ratios[key][variant.id];
        return [
          variant.label,
          n(times.median * 1000),
          n(times.min * 1000),
          n(ratios?.overheadUs, 2),
          n(ratios?.timeVsBare, 2),
          n(ratios?.overheadVsLimit, 2),
          n(ratios?.overheadVsFairLimit, 2),
          n(ratios?.overheadVsGenaiOtel, 2),
          n(calls.ratiosFromMinimums?.[key][variant.id]?.overheadUs, 2),
          n(calls.ratiosFromMinimums?.[key][variant.id]?.overheadVsFairLimit, 2),
          n(calls.ratiosFromMinimums?.[key][variant.id]?.overheadVsGenaiOtel, 2),
        ];
      }),
    ),
  );
}
const anthropic = cases['anthropic-calls'];
if (anthropic) {
  for (const [key, title, unit] of [
    ['chat', `(h) Anthropic \`messages.create()\`, @anthropic-ai/sdk ${anthropic.sdkVersion}`, 'per call'],
    ['stream', '(h) Anthropic stream, 200 text deltas consumed', 'per chunk'],
  ]) {
    out.push(`\n**${title}** (µs; overhead = variant − bare SDK, per round, median of rounds)\n`);
    out.push(
      table(
        [
          'variant',
          'median',
          'min',
          `overhead ${unit}`,
          '× bare',
          'overhead ÷ limit',
          'overhead ÷ fair limit',
          'fastest samples: overhead',
          '÷ fair limit',
        ],
        anthropic.variants.map((variant) => {
          const times = variant[`${key}Ms`];
          const ratios = anthropic.ratios[key][variant.id];
          return [
            variant.id,
            n(times.median * 1000),
            n(times.min * 1000),
            n(ratios?.overheadUs, 2),
            n(ratios?.timeVsBare, 2),
            n(ratios?.overheadVsLimit, 2),
            n(ratios?.overheadVsFairLimit, 2),
            n(anthropic.ratiosFromMinimums?.[key][variant.id]?.overheadUs, 2),
            n(anthropic.ratiosFromMinimums?.[key][variant.id]?.overheadVsFairLimit, 2),
          ];
        }),
      ),
    );
  }
}
const manual = cases['manual-api'];
out.push('\n**(c) Manual API** (µs; overhead = task − the bare async body)\n');
out.push(
  table(
    ['task', 'median', 'min', 'overhead', 'overhead ÷ raw'],
    manual.tasks.map((task) => [
      task.label,
      n(task.ms.median * 1000, 2),
      n(task.ms.min * 1000, 2),
      n(manual.ratios[task.id]?.overheadUs, 2),
      n(manual.ratios[task.id]?.overheadVsRaw, 2),
    ]),
  ),
);
const startup = cases.startup;
out.push(
  `\n**(d) Start-up** (ms to the app's first line, median of ${startup.runs} interleaved runs; cost = minus bare node)\n`,
);
out.push(
  table(
    ['command', 'CPU', 'CPU cost', 'wall', 'wall cost'],
    startup.variants.map((v) => [
      `\`${v.label}\``,
      n(v.firstLineCpuMs.median),
      n(v.cpuCostMs),
      n(v.firstLineMs.median),
      n(v.costMs),
    ]),
  ),
);
const memory = cases.memory;
out.push(
  `\n**(e) Memory** (heap after GC, register() pipeline, ${memory.warmupCalls} warm-up calls first)\n`,
);
out.push(
  table(
    ['calls', 'heap MiB'],
    memory.heapAfterGc.map((point) => [String(point.calls), n(point.bytes / 2 ** 20, 3)]),
  ),
);
const retained = memory.retainedBytesPerOpenSpan;
out.push(
  `\nChat: growth ${memory.growthBytes} B over ${memory.calls} calls (${n(memory.growthBytesPerCall, 2)} B/call). ` +
    `Streams (${memory.stream.chunksPerCall} chunks each): growth ${memory.stream.growthBytes} B over ${memory.calls} calls (${n(memory.stream.growthBytesPerCall, 2)} B/call), ` +
    `heap after GC ${memory.stream.heapAfterGc.map((point) => n(point.bytes / 2 ** 20, 2)).join(' → ')} MiB.\n\n` +
    `Retained per open span (${memory.openSpans} open): raw OpenTelemetry ${retained.rawOpenTelemetry} B, genai-otel \`startSpan\` ${retained.genaiOtelStartSpan} B; ` +
    `a streamed call opened and left unread: bare SDK ${retained.bareSdkOpenStream} B, under genai-otel ${retained.genaiOtelOpenStream} B (+${retained.genaiOtelOpenStreamOverBare} B for its span, follower and unconsumed-policy entry).`,
);
const exported = cases['export-throughput'];
out.push('\n**(f) Export throughput**\n');
out.push(
  table(
    ['path', 'spans/s'],
    [
      [
        `register() pipeline → batch → OTLP/protobuf → receiver on 127.0.0.1 (${exported.spanCount} spans, ${exported.pipeline.exportRequests} requests)`,
        String(exported.pipeline.spansPerSecond),
      ],
      [`span creation alone in that pipeline`, String(exported.pipeline.producingSpansPerSecond)],
      [
        `OTLP protobuf serialization alone (${exported.serialization.batchSize}-span batch, ${exported.serialization.bytesPerBatch} B)`,
        String(exported.serialization.spansPerSecond),
      ],
    ],
  ),
);
out.push('\n**Targets**\n');
out.push(
  table(
    ['target', 'value', 'goal', 'met'],
    results.targets.map((t) => [t.name, n(t.value, 2), t.goal, t.met ? 'yes' : '**no**']),
  ),
);
process.stdout.write(`${out.join('\n')}\n`);
