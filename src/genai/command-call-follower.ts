import type { AnyFunction, SdkCallHost } from './model-call';
import type { OperationSpec } from './operation-spec';
import { asRecord } from './payload-readers';
import type { SdkCallFollower } from './sdk-instrumentation';
import type { ApiResourceLike } from './sdk-shapes';

/** One command class an SDK's `send(command)` traces, and what diagnostics and hooks call it. */
export interface CommandOperation {
  spec: OperationSpec;
  /** E.g. `Converse`; the hooks' `method`. */
  label: string;
}

/** A Smithy command (AWS SDK v3): its class says which operation, `input` holds the request. */
interface CommandLike {
  input?: unknown;
  constructor: new (input: unknown) => unknown;
}

/**
 * Runs one `client.send(command, options?)` of a command-style SDK (the AWS SDK v3) under a GenAI
 * span when the command's class is one of `operations`; any other command, and the callback form
 * of `send`, pass through untraced. The rest of the call is `follow`'s (for the AWS SDK,
 * `followPromiseCall`): it sees the command's `input` as the request parameters, the way every
 * other SDK's first argument is. A before-request hook that returns new parameters gets a fresh
 * command of the same class built from them; otherwise the caller's own command object is sent.
 */
export function followCommandCall(
  host: SdkCallHost,
  operations: Readonly<Record<string, CommandOperation>>,
  follow: SdkCallFollower,
  original: AnyFunction,
  client: unknown,
  sdkArgs: unknown[],
): unknown {
  const command = sdkArgs[0] as CommandLike | undefined;
  const operation = operationOf(operations, command);
  const input = asRecord(command?.input);
  const usesCallback = sdkArgs.some((arg) => typeof arg === 'function');
  if (operation === undefined || input === undefined || usesCallback || !host.isEnabled())
    return original.apply(client, sdkArgs);
  const sendCommand = function genaiOtelSendCommand(this: unknown, ...args: unknown[]): unknown {
    const sentInput = args[0];
    const sent = sentInput === input ? command : new (command as CommandLike).constructor(sentInput);
    return original.apply(this, [sent, ...args.slice(1)]);
  };
  return follow(host, operation.spec, operation.label, sendCommand, client as ApiResourceLike, [
    input,
    ...sdkArgs.slice(1),
  ]);
}

function operationOf(
  operations: Readonly<Record<string, CommandOperation>>,
  command: CommandLike | undefined,
): CommandOperation | undefined {
  if (typeof command !== 'object' || command === null) return undefined;
  const name = command.constructor?.name;
  return typeof name === 'string' && Object.hasOwn(operations, name) ? operations[name] : undefined;
}
