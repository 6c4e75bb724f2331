type AnyFunction = (...args: unknown[]) => unknown;

/**
 * Wraps `target[name]` the way shimmer does (`__original`, `__unwrap`, `__wrapped`, so
 * `InstrumentationBase._unwrap` undoes it), but on top of whatever is there. `_wrap` first unwraps
 * a wrapped method, and shimmer's `__unwrap` restores the prototype that other wrapper was put on:
 * wrapping `BedrockRuntimeClient.prototype.send`, inherited from Smithy's `Client`, would remove
 * the `@opentelemetry/instrumentation-aws-sdk` wrapper from `Client.prototype.send`, and with it
 * that instrumentation's spans for every AWS client. Unwrapping restores the method as it was:
 * the own property, or none where the method was inherited.
 */
export function wrapOnTop(
  target: object,
  name: string,
  wrapper: (original: AnyFunction) => AnyFunction,
): void {
  const holder = target as Record<string, unknown>;
  const original = holder[name] as AnyFunction;
  const ownBefore = Object.getOwnPropertyDescriptor(target, name);
  const wrapped = wrapper(original);
  const hidden = (value: unknown) => ({ value, configurable: true, writable: true, enumerable: false });
  Object.defineProperty(wrapped, '__original', hidden(original));
  Object.defineProperty(wrapped, '__wrapped', hidden(true));
  Object.defineProperty(
    wrapped,
    '__unwrap',
    hidden(() => {
      if (holder[name] !== wrapped) return;
      if (ownBefore === undefined) delete holder[name];
      else Object.defineProperty(target, name, ownBefore);
    }),
  );
  Object.defineProperty(target, name, {
    value: wrapped,
    configurable: true,
    writable: true,
    enumerable: ownBefore?.enumerable ?? false,
  });
}
