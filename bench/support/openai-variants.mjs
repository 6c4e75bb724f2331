/**
 * The variants of the OpenAI cases, each on its own copy of the `openai` major it runs on:
 * bare SDK, the limit (one hand-written span), genai-otel, and each peer instrumentation on the
 * newest major it supports. Each variant knows the instrumentation scope of its span, so that the
 * case can check the span was really produced before timing it.
 */
import { CHAT_PARAMS, cannedFetch, STREAM_PARAMS } from './canned-openai.mjs';
import { limitCaller } from './limit-call.mjs';
import { forgetOpenAICopy, freshOpenAI, openAIVersion } from './openai-copies.mjs';
import { benchRequire, rootRequire, versionOf } from './paths.mjs';
import { installTelemetry, noopMeterProvider } from './telemetry.mjs';

export const STREAM_CHUNKS = 200;

/** Peers and the `openai` major each is measured on (the newest its module definition accepts). */
export const PEERS = [
  {
    id: 'otel-contrib',
    label: '@opentelemetry/instrumentation-openai',
    packageName: '@opentelemetry/instrumentation-openai',
    major: 6, // ">=4.19.0 <7"
    instrument(module, version) {
      const { OpenAIInstrumentation } = benchRequire(this.packageName);
      const instrumentation = new OpenAIInstrumentation();
      // What the require hook would do for a module named `openai`; our copies live under aliases.
      for (const definition of instrumentation.getModuleDefinitions()) definition.patch?.(module, version);
      return instrumentation;
    },
  },
  {
    id: 'traceloop',
    label: '@traceloop/instrumentation-openai',
    packageName: '@traceloop/instrumentation-openai',
    major: 6, // ">=4 <7"
    instrument(module) {
      const { OpenAIInstrumentation } = benchRequire(this.packageName);
      const instrumentation = new OpenAIInstrumentation();
      // Its manuallyInstrument() takes the OpenAI class, not the module.
      instrumentation.manuallyInstrument(module.OpenAI);
      return instrumentation;
    },
  },
  {
    id: 'openinference',
    label: '@arizeai/openinference-instrumentation-openai',
    packageName: '@arizeai/openinference-instrumentation-openai',
    major: 7, // "^7 || ^6 || ^5"
    instrument(module) {
      const { OpenAIInstrumentation } = benchRequire(this.packageName);
      const instrumentation = new OpenAIInstrumentation();
      instrumentation.manuallyInstrument(module);
      return instrumentation;
    },
  },
];

/**
 * What the OpenAI cases measure: every peer, and the official instrumentation a second time with
 * a no-op MeterProvider (as in a tracing-only setup). `PEERS` stays one entry per package (start-up,
 * dependencies, versions).
 */
export const PEER_VARIANTS = [
  ...PEERS,
  {
    ...PEERS[0],
    id: 'otel-contrib-no-metrics',
    noMetrics: true,
  },
];

export const GENAI_OTEL_SCOPE = 'genai-otel/instrumentation-openai';

function clientFor(module) {
  return new module.OpenAI({
    apiKey: 'sk-bench',
    baseURL: 'http://127.0.0.1:9/v1',
    fetch: cannedFetch(STREAM_CHUNKS),
    maxRetries: 0,
  });
}

async function consume(stream) {
  let chunks = 0;
  for await (const _chunk of stream) chunks++;
  return chunks;
}

function sdkCaller(client) {
  return {
    chat: () => client.chat.completions.create(CHAT_PARAMS),
    stream: async () => consume(await client.chat.completions.create(STREAM_PARAMS)),
  };
}

/**
 * Builds every variant and the telemetry setups (see telemetry.mjs). The copies of `openai` that
 * genai-otel must not see are loaded before `register()` and dropped from the require cache; then
 * `register()` runs, and genai-otel's openai 7 copy is required as an app would (the module hook
 * patches it), its openai 6 copy (an alias the hook cannot see) goes through `instrumentOpenAI()`
 * — the same shared instrumentation and pipeline. The peers are constructed last, each patching
 * only its own copy, with the bench's providers (peer `otel-contrib-no-metrics` with a no-op meter).
 */
export function buildOpenAIVariants() {
  const majors = [...new Set([7, ...PEERS.map((peer) => peer.major)])].sort((a, b) => b - a);
  const modules = new Map();
  const load = (key, major) => modules.set(key, { major, module: freshOpenAI(major) });
  for (const major of majors) {
    load(`bare-v${major}`, major);
    load(`limit-v${major}`, major);
    load(`fair-v${major}`, major);
    if (major !== 7) load(`genai-otel-v${major}`, major);
  }
  for (const peer of PEER_VARIANTS) load(peer.id, peer.major);
  for (const major of majors) forgetOpenAICopy(major);

  const telemetry = installTelemetry();
  const { tracerProvider, meterProvider } = telemetry;
  // Loaded after register(), as under --require: the module hook patches it.
  modules.set('genai-otel-v7', { major: 7, module: freshOpenAI(7) });
  forgetOpenAICopy(7);
  if (modules.get('genai-otel-v7').module.OpenAI.Chat.Completions.prototype.create.name !== 'genaiOtelTraced')
    throw new Error('register() did not instrument openai 7');
  const { instrumentOpenAI } = rootRequire('genai-otel');

  const variants = [];
  for (const major of majors) {
    const version = openAIVersion(major);
    const bare = clientFor(modules.get(`bare-v${major}`).module);
    variants.push({
      id: `bare-v${major}`,
      kind: 'bare',
      label: `bare openai ${version}`,
      major,
      scope: undefined,
      ...sdkCaller(bare),
    });
    const limit = limitCaller(clientFor(modules.get(`limit-v${major}`).module), { tracerProvider });
    variants.push({
      id: `limit-v${major}`,
      kind: 'limit',
      label: `limit (one hand-written span), openai ${version}`,
      major,
      scope: 'bench-limit',
      priceCalls: (enabled) => limit.priceCalls(enabled),
      chat: () => limit.chat(CHAT_PARAMS),
      stream: () => limit.consumeStream(STREAM_PARAMS),
    });
    const fair = limitCaller(clientFor(modules.get(`fair-v${major}`).module), {
      tracerProvider,
      meter: meterProvider.getMeter('bench-fair-limit'),
      scope: 'bench-fair-limit',
    });
    variants.push({
      id: `fair-v${major}`,
      kind: 'limit',
      label: `fair limit (span + the same metric records by hand), openai ${version}`,
      major,
      scope: 'bench-fair-limit',
      priceCalls: (enabled) => fair.priceCalls(enabled),
      chat: () => fair.chat(CHAT_PARAMS),
      stream: () => fair.consumeStream(STREAM_PARAMS),
    });
    const ours = modules.get(`genai-otel-v${major}`).module;
    if (major !== 7) instrumentOpenAI(ours);
    variants.push({
      id: `genai-otel-v${major}`,
      kind: 'genai-otel',
      label: `genai-otel register() defaults, openai ${version}${major === 7 ? '' : ' (instrumentOpenAI)'}`,
      major,
      scope: GENAI_OTEL_SCOPE,
      ...sdkCaller(clientFor(ours)),
    });
  }
  for (const peer of PEER_VARIANTS) {
    const { module, major } = modules.get(peer.id);
    const version = openAIVersion(major);
    const instrumentation = peer.instrument(module, version);
    // What registerInstrumentations() does for every instrumentation of an SDK setup (some
    // create their metric instruments only here).
    instrumentation.setTracerProvider(tracerProvider);
    instrumentation.setMeterProvider(peer.noMetrics ? noopMeterProvider : meterProvider);
    variants.push({
      id: peer.id,
      kind: 'peer',
      label: `${peer.label} ${versionOf(benchRequire, peer.packageName)}${peer.noMetrics ? ', no MeterProvider' : ''}, openai ${version}`,
      major,
      scope: peer.packageName,
      ...sdkCaller(clientFor(module)),
    });
  }
  return { variants, telemetry };
}
