/** The console report: one table per case, then the targets. */
const fmt = (value, digits = 2) =>
  typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : String(value ?? '–');
const us = (ms) => fmt(ms * 1000, 1);

export function printReport(results) {
  const { machine, cases } = results;
  console.log(
    `\ngenai-otel bench${results.smoke ? ' (SMOKE: numbers are meaningless)' : ''} · ${machine.node} · ${machine.cpu} × ${machine.cores} · load ${machine.loadAverageAtEnd.join(' ')}`,
  );

  const calls = cases['openai-calls'];
  if (calls) {
    for (const [mode, key, unit] of [
      ['chat (non-streaming)', 'chat', 'per call'],
      ['stream, 200 chunks consumed', 'stream', 'per chunk'],
    ]) {
      console.log(`\n(${key === 'chat' ? 'a' : 'b'}) openai ${mode}`);
      console.table(
        Object.fromEntries(
          calls.variants.map((variant) => {
            const times = variant[`${key}Ms`];
            const ratios = calls.ratios[key][variant.id];
            return [
              variant.label,
              {
                'median µs': us(times.median),
                'min µs': us(times.min),
                'max µs': us(times.max),
                [`overhead µs ${unit}`]: fmt(ratios?.overheadUs, 3),
                '× bare': fmt(ratios?.timeVsBare, 3),
                'overhead ÷ limit': fmt(ratios?.overheadVsLimit),
                'overhead ÷ fair limit': fmt(ratios?.overheadVsFairLimit),
                'overhead ÷ genai-otel': fmt(ratios?.overheadVsGenaiOtel),
              },
            ];
          }),
        ),
      );
    }
  }
  const anthropic = cases['anthropic-calls'];
  if (anthropic) {
    for (const [mode, unit] of [
      ['chat', 'per call'],
      ['stream', 'per chunk'],
    ]) {
      console.log(
        `\n(h) @anthropic-ai/sdk ${anthropic.sdkVersion} messages.create, ${mode === 'chat' ? 'non-streaming' : '200 deltas consumed'}`,
      );
      console.table(
        Object.fromEntries(
          anthropic.variants.map((variant) => {
            const ratios = anthropic.ratios[mode][variant.id];
            return [
              variant.id,
              {
                'median µs': us(variant[`${mode}Ms`].median),
                [`overhead µs ${unit}`]: fmt(ratios?.overheadUs, 3),
                '× bare': fmt(ratios?.timeVsBare, 3),
                'overhead ÷ limit': fmt(ratios?.overheadVsLimit),
                'overhead ÷ fair limit': fmt(ratios?.overheadVsFairLimit),
              },
            ];
          }),
        ),
      );
    }
  }
  const google = cases['google-genai-calls'];
  if (google) {
    console.log(`\n(g) @google/genai ${google.sdkVersion}: generateContent, and a 100-chunk stream consumed`);
    console.table({
      'bare µs': { chat: us(google.chatMs.bare), stream: us(google.streamMs.bare) },
      'genai-otel µs': { chat: us(google.chatMs['genai-otel']), stream: us(google.streamMs['genai-otel']) },
      'overhead µs (per call / per chunk)': {
        chat: fmt(google.overheadUs.chatPerCall, 3),
        stream: fmt(google.overheadUs.streamPerChunk, 3),
      },
    });
  }

  const manual = cases['manual-api'];
  if (manual) {
    console.log('\n(c) manual API');
    console.table(
      Object.fromEntries(
        manual.tasks.map((task) => [
          task.label,
          {
            'median µs': us(task.ms.median),
            'min µs': us(task.ms.min),
            'max µs': us(task.ms.max),
            'overhead µs': fmt(manual.ratios[task.id]?.overheadUs, 3),
            'overhead ÷ raw': fmt(manual.ratios[task.id]?.overheadVsRaw),
          },
        ]),
      ),
    );
  }
  const startup = cases.startup;
  if (startup) {
    console.log(`\n(d) start-up (${startup.runs} runs each, medians in ms)`);
    console.table(
      Object.fromEntries(
        startup.variants.map((v) => [
          v.label,
          {
            'CPU to first line': fmt(v.firstLineCpuMs.median, 1),
            'CPU cost': fmt(v.cpuCostMs, 1),
            'wall to first line': fmt(v.firstLineMs.median, 1),
            'wall cost': fmt(v.costMs, 1),
            'wall cost to exit': fmt(v.wallCostMs, 1),
          },
        ]),
      ),
    );
  }
  const memory = cases.memory;
  if (memory) {
    console.log(`\n(e) memory: heap after GC over ${memory.calls} instrumented calls`);
    console.table(
      memory.heapAfterGc.map((point) => ({ calls: point.calls, 'heap MiB': fmt(point.bytes / 2 ** 20, 3) })),
    );
    const retained = memory.retainedBytesPerOpenSpan;
    console.log(
      `chat: growth ${memory.growthBytes} B (${fmt(memory.growthBytesPerCall, 3)} B/call); ` +
        `streams of ${memory.stream.chunksPerCall} chunks: growth ${memory.stream.growthBytes} B (${fmt(memory.stream.growthBytesPerCall, 3)} B/call)\n` +
        `retained per open span: raw OpenTelemetry ${retained.rawOpenTelemetry} B, genai-otel startSpan ${retained.genaiOtelStartSpan} B; ` +
        `open unread stream: bare SDK ${retained.bareSdkOpenStream} B, genai-otel ${retained.genaiOtelOpenStream} B (+${retained.genaiOtelOpenStreamOverBare} B)`,
    );
  }
  const exported = cases['export-throughput'];
  if (exported) {
    console.log('\n(f) export throughput');
    console.table({
      [`register() pipeline → OTLP/protobuf → 127.0.0.1 receiver (${exported.spanCount} spans)`]: {
        'spans/s': exported.pipeline.spansPerSecond,
        'total ms': fmt(exported.pipeline.totalMs, 0),
        requests: exported.pipeline.exportRequests,
      },
      [`protobuf serialization only (${exported.serialization.batchSize}-span batch)`]: {
        'spans/s': exported.serialization.spansPerSecond,
        'total ms': fmt(exported.serialization.msPerBatch.median, 2),
        requests: '–',
      },
    });
  }
  if (results.targets.length === 0) return;
  console.log('\ntargets');
  console.table(
    results.targets.map((t) => ({
      target: t.name,
      value: fmt(t.value, 3),
      goal: t.goal,
      met: t.met ? 'yes' : 'NO',
    })),
  );
}
