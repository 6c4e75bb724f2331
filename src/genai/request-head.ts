import type { Endpoint } from './endpoint';
import type { InferenceRequest } from './inference-types';
import { asString, type PayloadRecord } from './payload-readers';

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
