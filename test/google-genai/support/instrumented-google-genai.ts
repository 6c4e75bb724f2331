import { beforeAll } from 'vitest';
import { GoogleGenAIInstrumentation } from '../../../instrumentations/google-genai';
import { requireFromRoot } from '../../openai/support/load-openai';
import { geminiClientOptions, type WireServer } from '../../support/gemini-wire-server';
import { lateBound } from '../../support/late-bound';
import { useOpenAIWireServer } from '../../support/use-openai-wire-server';

export type GoogleGenAIModule = typeof import('@google/genai');
type GoogleGenAIClient = InstanceType<GoogleGenAIModule['GoogleGenAI']>;

export interface InstrumentedGoogleGenAI {
  instrumentation: GoogleGenAIInstrumentation;
  /** The real `@google/genai` (CJS build), patched by the require hook as under `--require`. */
  genai: GoogleGenAIModule;
  /** The file's local wire server (Gemini routes), emptied before each test. */
  server: WireServer;
  /** A Gemini API client (API key) pointed at `server`. */
  gemini: GoogleGenAIClient;
  /** A Vertex AI client (project, location, a fixed-token auth client) pointed at `server`. */
  vertex: GoogleGenAIClient;
}

/**
 * The in-process setup of a file that calls the real `@google/genai` client: constructs the
 * instrumentation BEFORE the SDK is required (so the require hook patches it), starts the local
 * wire server and makes a Gemini API and a Vertex AI client for it.
 */
export function useInstrumentedGoogleGenAI(): InstrumentedGoogleGenAI {
  const instrumentation = new GoogleGenAIInstrumentation();
  const genai = requireFromRoot('@google/genai') as GoogleGenAIModule;
  const server = useOpenAIWireServer();
  const gemini = lateBound<GoogleGenAIClient>('the Gemini API client');
  const vertex = lateBound<GoogleGenAIClient>('the Vertex AI client');
  beforeAll(() => {
    gemini.set(new genai.GoogleGenAI(geminiClientOptions(server.url)));
    vertex.set(new genai.GoogleGenAI(geminiClientOptions(server.url, { vertexai: true })));
  });
  return { instrumentation, genai, server, gemini: gemini.standIn, vertex: vertex.standIn };
}
