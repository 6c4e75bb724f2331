import { type OpenAIWireServer, startOpenAIWireServer } from './openai-wire-server';
import { useLocalServer } from './use-local-server';

/** One local OpenAI wire server for the test file, emptied before each test. */
export function useOpenAIWireServer(): OpenAIWireServer {
  return useLocalServer('the OpenAI wire server', startOpenAIWireServer);
}
