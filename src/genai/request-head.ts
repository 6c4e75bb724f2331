import type { Endpoint } from './endpoint';
import type { InferenceRequest } from './inference-types';
import { asNumber, asString, type PayloadRecord } from './payload-readers';

/** What every SDK operation's request starts with: the operation, where it goes, the model. */
export function requestHead(
  operationName: string,
  params: PayloadRecord,
  endpoint: Endpoint,
): Pick<
  InferenceRequest,
  'operationName' | 'providerName' | 'requestModel' | 'serverAddress' | 'serverPort'
> {
  return {
    operationName,
    providerName: endpoint.providerName,
    requestModel: asString(params.model),
    serverAddress: endpoint.serverAddress,
    serverPort: endpoint.serverPort,
  };
}

/** The parameters most chat APIs name alike: `stream: true`, `temperature`, `top_p`. */
export function commonChatParameters(
  params: PayloadRecord,
): Pick<InferenceRequest, 'stream' | 'temperature' | 'topP'> {
  return {
    stream: params.stream === true ? true : undefined,
    temperature: asNumber(params.temperature),
    topP: asNumber(params.top_p),
  };
}
