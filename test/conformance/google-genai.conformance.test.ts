import { afterEach, describe, expect, it, vi } from 'vitest';
import { withContentCapture } from '../../src/content/capture-policy';
import { useInstrumentedGoogleGenAI } from '../google-genai/support/instrumented-google-genai';
import {
  geminiEmbeddings,
  geminiError,
  geminiJson,
  geminiResponse,
  geminiRoute,
  geminiSse,
  geminiStreamEvents,
} from '../support/gemini-wire-server';
import { finishedSpans, resetTelemetry } from '../support/instrumentation-telemetry';
import { CONVENTION_VERSIONS, conformanceViolations, writeConventions } from './conformance';

const { instrumentation, server, gemini } = useInstrumentedGoogleGenAI();

afterEach(() => {
  vi.unstubAllEnvs();
});

describe.each(CONVENTION_VERSIONS)(
  'Google GenAI telemetry on the $conventions conventions',
  ({ conventions, optIn }) => {
    it('conforms: generateContent with config, a stream, embeddings and a failing call', async () => {
      writeConventions(optIn);
      resetTelemetry([instrumentation]);
      server.enqueue(geminiRoute('gemini-2.5-flash', 'generateContent'), geminiJson(geminiResponse()));
      server.enqueue(
        geminiRoute('gemini-2.5-flash', 'streamGenerateContent'),
        geminiSse(
          geminiStreamEvents({ texts: ['Paris', ' is the capital.'], usage: { prompt: 8, candidates: 7 } }),
        ),
      );
      server.enqueue(
        geminiRoute('gemini-embedding-001', 'batchEmbedContents'),
        geminiJson(geminiEmbeddings(2, 8)),
      );
      server.enqueue(geminiRoute('gemini-2.5-flash', 'generateContent'), geminiError(400));

      await withContentCapture(true, async () => {
        await gemini.models.generateContent({
          model: 'gemini-2.5-flash',
          contents: 'Capital of France?',
          config: {
            temperature: 0.2,
            topP: 0.9,
            topK: 40,
            maxOutputTokens: 100,
            seed: 7,
            stopSequences: ['END'],
            candidateCount: 1,
            responseMimeType: 'application/json',
            systemInstruction: 'Be brief.',
            thinkingConfig: { thinkingLevel: 'low' },
          } as never,
        });
        const stream = await gemini.models.generateContentStream({
          model: 'gemini-2.5-flash',
          contents: 'Hi',
        });
        for await (const _chunk of stream) {
          // drain
        }
        await gemini.models.embedContent({ model: 'gemini-embedding-001', contents: ['one', 'two'] });
        await expect(
          gemini.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Hi' }),
        ).rejects.toThrow();
      });

      expect(finishedSpans()).toHaveLength(4);
      expect(await conformanceViolations(conventions)).toEqual([]);
    });
  },
);
