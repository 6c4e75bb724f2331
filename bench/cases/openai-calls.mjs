/**
 * Cases (a) and (b): a chat completion through the real openai SDK, non-streaming and streamed
 * (200 content chunks, consumed to the end), for every variant. Overheads are taken against the
 * bare SDK of the same major in the same round.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { measureRounds, medianPerRound, round3 } from '../support/measure.mjs';
import {
  buildOpenAIVariants,
  GENAI_OTEL_SCOPE,
  PEER_VARIANTS,
  STREAM_CHUNKS,
} from '../support/openai-variants.mjs';

// The SSE answer holds a role chunk, the content chunks, a finish chunk and a usage chunk.
const EXPECTED_STREAM_CHUNKS = STREAM_CHUNKS + 3;

export async function run({ timing }) {
  const { variants, telemetry } = buildOpenAIVariants();
  const { spans } = telemetry;
  const verification = await verifyEverySpan(variants, spans);

  const chat = await measureRounds(
    variants.map((variant) => ({ id: variant.id, fn: variant.chat })),
    timing.calls,
  );
  const stream = await measureRounds(
    variants.map((variant) => ({ id: variant.id, fn: variant.stream })),
    timing.streams,
  );

  const ratios = {
    chat: overheads(variants, chat, timing.calls.rounds, 1),
    stream: overheads(variants, stream, timing.streams.rounds, STREAM_CHUNKS),
  };
  // The same from each round's fastest sample: on a machine with more runnable jobs than cores,
  // a 2 ms stream is often descheduled mid-run, and the fastest sample is the uncontended cost.
  const ratiosFromMinimums = {
    chat: overheads(variants, chat, timing.calls.rounds, 1, 'roundMins'),
    stream: overheads(variants, stream, timing.streams.rounds, STREAM_CHUNKS, 'roundMins'),
  };
  // Per chunk without the per-call part: (stream overhead − call overhead) ÷ chunks.
  for (const [id, streamRatios] of Object.entries(ratios.stream)) {
    streamRatios.marginalPerChunkUs = round3(
      (streamRatios.overheadUs * STREAM_CHUNKS - ratios.chat[id].overheadUs) / STREAM_CHUNKS,
    );
  }

  return {
    variants: variants.map(({ id, label, kind, major, scope }) => ({
      id,
      label,
      kind,
      openaiMajor: major,
      scope,
      chatMs: summary(chat.get(id)),
      streamMs: summary(stream.get(id)),
    })),
    verification,
    ratios,
    ratiosFromMinimums,
  };
}

function summary(entry) {
  return {
    median: entry.median,
    min: entry.min,
    max: entry.max,
    samples: entry.samples,
    roundMedians: entry.roundMedians,
    roundMins: entry.roundMins,
  };
}

/**
 * Per variant: overhead over the bare SDK of its major in µs (per chunk for streams: the whole
 * stream's overhead divided by the chunk count, an upper bound that includes the per-call part),
 * overhead relative to the limit's (one span), the fair limit's (span and metric records) and
 * genai-otel's on the same major.
 */
function overheads(variants, results, rounds, divisor, perRound = 'roundMedians') {
  const roundMedian = (id, round) => results.get(id)[perRound][round];
  const overheadUs = (id, major, round) =>
    ((roundMedian(id, round) - roundMedian(`bare-v${major}`, round)) * 1000) / divisor;
  const out = {};
  for (const variant of variants) {
    if (variant.kind === 'bare') continue;
    const { id, major } = variant;
    out[id] = {
      overheadUs: round3(medianPerRound(rounds, (r) => overheadUs(id, major, r))),
      timeVsBare: round3(
        medianPerRound(rounds, (r) => roundMedian(id, r) / roundMedian(`bare-v${major}`, r)),
      ),
      overheadVsLimit: round3(
        medianPerRound(rounds, (r) => overheadUs(id, major, r) / overheadUs(`limit-v${major}`, major, r)),
      ),
      overheadVsFairLimit: round3(
        medianPerRound(rounds, (r) => overheadUs(id, major, r) / overheadUs(`fair-v${major}`, major, r)),
      ),
      overheadVsGenaiOtel: round3(
        medianPerRound(
          rounds,
          (r) => overheadUs(id, major, r) / overheadUs(`genai-otel-v${major}`, major, r),
        ),
      ),
    };
  }
  return out;
}

/** Runs each variant once, streaming and not, and checks the one span it must have ended. */
async function verifyEverySpan(variants, spans) {
  const checks = [];
  // genai-otel first: what its spans carry decides what the limit must carry.
  const ordered = [...variants].sort(
    (a, b) => Number(b.kind === 'genai-otel') - Number(a.kind === 'genai-otel'),
  );
  for (const variant of ordered) {
    if (variant.kind === 'limit') {
      const ours = checks.find((check) => check.variant === `genai-otel-v${variant.major}`);
      variant.priceCalls(ours?.attributeKeys?.includes('genai_otel.cost.usd') ?? false);
    }
    for (const mode of ['chat', 'stream']) {
      const endedBefore = spans.ended;
      const returned = await variant[mode]();
      await nextTurn(); // instrumentations that end spans on a side chain get their turn
      const ended = spans.ended - endedBefore;
      const span = variant.scope ? spans.last.get(variant.scope) : undefined;
      const problems = [];
      if (mode === 'stream' && returned !== EXPECTED_STREAM_CHUNKS)
        problems.push(`consumed ${returned} chunks, expected ${EXPECTED_STREAM_CHUNKS}`);
      if (variant.kind === 'bare') {
        if (ended !== 0) problems.push(`bare call ended ${ended} spans`);
      } else if (ended !== 1 || span === undefined || span.endTime === undefined) {
        problems.push(`expected exactly one ended span from ${variant.scope}, got ${ended}`);
      } else if (!JSON.stringify(span.attributes).includes('gpt-4o-mini')) {
        problems.push(`span ${span.name} does not name the model`);
      }
      if (problems.length > 0) throw new Error(`${variant.id} ${mode}: ${problems.join('; ')}`);
      checks.push({
        variant: variant.id,
        mode,
        span: span && { name: span.name, attributeCount: Object.keys(span.attributes).length },
        attributeKeys: span && Object.keys(span.attributes).sort(),
      });
    }
  }
  // The limit must carry what genai-otel carries, or it is no limit.
  for (const mode of ['chat', 'stream']) {
    for (const major of new Set(variants.map((variant) => variant.major))) {
      const keys = (id) => checks.find((check) => check.variant === id && check.mode === mode)?.attributeKeys;
      const ours = keys(`genai-otel-v${major}`);
      for (const limitId of [`limit-v${major}`, `fair-v${major}`]) {
        const limit = keys(limitId);
        if (ours && limit && ours.join() !== limit.join())
          throw new Error(`${limitId} ${mode} attributes differ from genai-otel's: ${ours} vs ${limit}`);
      }
    }
  }
  return checks.map(({ attributeKeys, ...check }) => check);
}

export const PEER_IDS = PEER_VARIANTS.map((peer) => peer.id);
export { GENAI_OTEL_SCOPE };
