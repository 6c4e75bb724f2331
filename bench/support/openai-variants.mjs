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
 * Builds every variant. All `openai` copies are loaded before any instrumentation is
 * constructed, so that no instrumentation's require hook patches another variant's copy.
 */
export function buildOpenAIVariants(api) {
  const majors = [...new Set([7, ...PEERS.map((peer) => peer.major)])].sort((a, b) => b - a);
  const modules = new Map();
  const load = (key, major) => modules.set(key, { major, module: freshOpenAI(major) });
  for (const major of majors) {
    load(`bare-v${major}`, major);
    load(`limit-v${major}`, major);
    load(`genai-otel-v${major}`, major);
  }
  for (const peer of PEERS) load(peer.id, peer.major);
  for (const major of majors) forgetOpenAICopy(major);

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
    const limit = limitCaller(api, clientFor(modules.get(`limit-v${major}`).module));
    variants.push({
      id: `limit-v${major}`,
      kind: 'limit',
      label: `limit (one manual span), openai ${version}`,
      major,
      scope: 'bench-limit',
      priceCalls: (enabled) => limit.priceCalls(enabled),
      chat: () => limit.chat(CHAT_PARAMS),
      stream: () => limit.consumeStream(STREAM_PARAMS),
    });
    const ours = modules.get(`genai-otel-v${major}`).module;
    instrumentOpenAI(ours);
    variants.push({
      id: `genai-otel-v${major}`,
      kind: 'genai-otel',
      label: `genai-otel, openai ${version}`,
      major,
      scope: GENAI_OTEL_SCOPE,
      ...sdkCaller(clientFor(ours)),
    });
  }
  for (const peer of PEERS) {
    const { module, major } = modules.get(peer.id);
    const version = openAIVersion(major);
    const instrumentation = peer.instrument(module, version);
    // What registerInstrumentations() does for every instrumentation of an SDK setup (some
    // create their metric instruments only here).
    instrumentation.setTracerProvider(api.trace.getTracerProvider());
    instrumentation.setMeterProvider(api.metrics.getMeterProvider());
    variants.push({
      id: peer.id,
      kind: 'peer',
      label: `${peer.label} ${versionOf(benchRequire, peer.packageName)}, openai ${version}`,
      major,
      scope: peer.packageName,
      ...sdkCaller(clientFor(module)),
    });
  }
  return variants;
}
