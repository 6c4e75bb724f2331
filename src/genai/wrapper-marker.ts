/**
 * Marks for the functions an instrumentation wraps a library's methods with, so that nothing is
 * wrapped twice: not when the CJS and the ESM build of a library are both hooked, nor when two
 * copies of genai-otel (or a manual `instrument…()` next to `register()`) patch the same class.
 * Marks live under a `Symbol.for` key, shared by every copy.
 *
 * @example
 * const marker = wrapperMarker('genai-otel.mcp.wrapper');
 * if (!marker.isMarked(prototype.request)) this._wrap(prototype, 'request', (original) => marker.mark(traced(original)));
 */
export interface WrapperMarker {
  /** Marks `fn` as ours and returns it. */
  mark<F extends object>(fn: F): F;
  /** Whether `fn`, or a function it wraps (shimmer's `__original` chain), is marked. */
  isMarked(fn: unknown): boolean;
}

export function wrapperMarker(key: string): WrapperMarker {
  const symbol = Symbol.for(key);
  return {
    mark(fn) {
      Object.defineProperty(fn, symbol, { value: true });
      return fn;
    },
    isMarked(fn) {
      let current: unknown = fn;
      for (let depth = 0; typeof current === 'function' && depth < 16; depth++) {
        const candidate = current as unknown as Record<string | symbol, unknown>;
        if (candidate[symbol] === true) return true;
        current = candidate.__original;
      }
      return false;
    },
  };
}
