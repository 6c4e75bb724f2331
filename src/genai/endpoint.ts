/** Where a model call goes: the provider name and the server it is sent to. */
export interface Endpoint {
  /** `gen_ai.provider.name`: `openai`, `azure.ai.openai`, `anthropic`, `aws.bedrock`, … */
  providerName: string;
  serverAddress?: string;
  serverPort?: number;
}
