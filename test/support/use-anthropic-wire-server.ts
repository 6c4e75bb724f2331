import { type AnthropicWireServer, startAnthropicWireServer } from './anthropic-wire-server';
import { useLocalServer } from './use-local-server';

/** One local Anthropic wire server for the test file, emptied before each test. */
export function useAnthropicWireServer(): AnthropicWireServer {
  return useLocalServer('the Anthropic wire server', startAnthropicWireServer);
}
