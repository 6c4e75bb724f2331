import { requireFromRoot } from './load-langchain';

/**
 * The LangChain scenarios the out-of-process fixture apps run, loaded in process so the in-process
 * tests exercise the very same code (call each with `lc` and the wire server's base URL).
 */
export const scenarios = requireFromRoot(
  './test/fixtures/langchain/langchain-scenarios.cjs',
) as typeof import('../../fixtures/langchain/langchain-scenarios.cjs');
