import type { ResourceClassLike } from '../../src/genai/sdk-shapes';
import type { BedrockRuntimeModuleLike } from './internal-types';

/**
 * The `@aws-sdk/client-bedrock-runtime` module from whatever the caller or a module hook has: the
 * CJS exports or an ESM namespace (both export `BedrockRuntimeClient`), or a client (whose class,
 * `BedrockRuntimeClient` or the aggregated `BedrockRuntime`, has `send`).
 */
export function bedrockModuleOf(target: unknown): BedrockRuntimeModuleLike | undefined {
  if (target === null || (typeof target !== 'object' && typeof target !== 'function')) return undefined;
  const candidates = target as Record<string | symbol, unknown>;
  for (const candidate of [candidates, candidates.default as Record<string, unknown> | undefined]) {
    if (isClientClass(candidate?.BedrockRuntimeClient))
      return candidate as unknown as BedrockRuntimeModuleLike;
  }
  if (typeof target === 'object' && 'middlewareStack' in target) {
    const ClientClass = runtimeClientClassOf(target);
    if (isClientClass(ClientClass)) return { BedrockRuntimeClient: ClientClass };
  }
  return undefined;
}

/**
 * A client's `BedrockRuntimeClient` class, also for a `BedrockRuntime` (its subclass): patching the
 * base class, as the module hooks do, and never the subclass, keeps one wrapper per SDK copy.
 */
function runtimeClientClassOf(client: object): unknown {
  let prototype = Object.getPrototypeOf(client);
  const own = prototype?.constructor;
  for (let depth = 0; prototype !== null && depth < 8; depth++) {
    if (prototype.constructor?.name === 'BedrockRuntimeClient') return prototype.constructor;
    prototype = Object.getPrototypeOf(prototype);
  }
  return own;
}

function isClientClass(value: unknown): value is ResourceClassLike {
  if (typeof value !== 'function') return false;
  const prototype = (value as { prototype?: Record<string, unknown> }).prototype;
  return typeof prototype?.send === 'function';
}
