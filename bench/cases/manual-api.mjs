/**
 * Case (c): genai-otel's manual API (withTool, startSpan) against the raw OpenTelemetry
 * equivalent, tracer.startActiveSpan with the same attributes, around the same trivial async
 * tool body. The raw form is the limit: overhead ratios are taken against it.
 */
import { measureRounds, medianPerRound, round3 } from '../support/measure.mjs';
import { rootRequire } from '../support/paths.mjs';
import { installSharedGlobals } from '../support/telemetry.mjs';

export async function run({ timing }) {
  const { api, spans } = installSharedGlobals();
  const { withTool, startSpan } = rootRequire('genai-otel');
  const tracer = api.trace.getTracer('bench-raw');
  const toolBody = async () => 21 * 2;
  // Reference, not a manual-API task: one histogram record with the 7 attributes of a streamed
  // chat call's metrics. genai-otel records gen_ai.client.operation.time_per_output_chunk once per
  // chunk (as the conventions ask), so this is the floor of its per-chunk cost.
  const histogram = api.metrics.getMeter('bench-metrics').createHistogram('bench.time_per_output_chunk');
  const chunkMetricAttributes = {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': 'gpt-4o-mini',
    'server.address': '127.0.0.1',
    'server.port': 9,
    'gen_ai.request.stream': true,
    'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
  };

  const tasks = [
    { id: 'empty', label: 'the async tool body alone', fn: toolBody },
    {
      id: 'raw-startActiveSpan',
      label: 'tracer.startActiveSpan (raw OpenTelemetry, same attributes)',
      fn: () =>
        tracer.startActiveSpan(
          'execute_tool get_weather',
          {
            attributes: {
              'gen_ai.operation.name': 'execute_tool',
              'gen_ai.tool.name': 'get_weather',
              'gen_ai.tool.call.id': 'call_1',
            },
          },
          async (span) => {
            try {
              return await toolBody();
            } finally {
              span.end();
            }
          },
        ),
    },
    {
      id: 'withTool',
      label: 'withTool',
      fn: () => withTool({ name: 'get_weather', callId: 'call_1' }, toolBody),
    },
    { id: 'startSpan', label: 'startSpan', fn: () => startSpan('execute_tool get_weather', toolBody) },
  ];
  const histogramTask = {
    id: 'histogram-record',
    label: 'reference: one sdk-metrics histogram record, 7 attributes',
    fn: () => histogram.record(0.002, chunkMetricAttributes),
  };

  // Each must end exactly one span, with the tool name where it says so.
  const verification = [];
  for (const task of tasks) {
    const before = spans.ended;
    await task.fn();
    const ended = spans.ended - before;
    if (ended !== (task.id === 'empty' ? 0 : 1)) throw new Error(`${task.id} ended ${ended} spans`);
    verification.push({
      task: task.id,
      spansEnded: ended,
      span: ended
        ? { name: spans.lastEnded.name, attributeKeys: Object.keys(spans.lastEnded.attributes).sort() }
        : undefined,
    });
  }

  const results = await measureRounds([...tasks, histogramTask], timing.manual);
  const { rounds } = timing.manual;
  const at = (id, round) => results.get(id).roundMedians[round];
  const overheadUs = (id, round) => (at(id, round) - at('empty', round)) * 1000;
  const ratios = {};
  for (const id of ['raw-startActiveSpan', 'withTool', 'startSpan']) {
    ratios[id] = {
      overheadUs: round3(medianPerRound(rounds, (r) => overheadUs(id, r))),
      overheadVsRaw: round3(
        medianPerRound(rounds, (r) => overheadUs(id, r) / overheadUs('raw-startActiveSpan', r)),
      ),
    };
  }
  return {
    tasks: [...tasks, histogramTask].map(({ id, label }) => {
      const entry = results.get(id);
      return {
        id,
        label,
        ms: {
          median: entry.median,
          min: entry.min,
          max: entry.max,
          samples: entry.samples,
          roundMedians: entry.roundMedians,
        },
      };
    }),
    verification,
    ratios,
  };
}
