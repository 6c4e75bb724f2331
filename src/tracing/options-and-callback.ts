/**
 * Splits the `(name, [options,] fn)` arguments shared by startSpan and startDetachedSpan. A missing
 * `fn` is a programming error in the caller's code, so it throws a TypeError naming `signature`.
 */
export function splitOptionsAndCallback<O extends object, F extends (...args: never[]) => unknown>(
  signature: string,
  optionsOrFn: O | F | undefined,
  maybeFn: F | undefined,
): { options: Partial<O>; fn: F } {
  const fn = typeof optionsOrFn === 'function' ? optionsOrFn : maybeFn;
  const options = typeof optionsOrFn === 'function' ? {} : (optionsOrFn ?? {});
  if (typeof fn !== 'function') throw new TypeError(`${signature}: fn must be a function`);
  return { options, fn };
}
