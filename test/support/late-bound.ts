/**
 * A stand-in for a value that a vitest hook makes later (a server started in `beforeAll`, a
 * receiver started per test), so a test file can hold it in a module-level `const` and use it as
 * if it were the value. Reading it before the hook ran, or after it was cleared, fails with a
 * message naming what was missing instead of a TypeError on `undefined`.
 */
export interface LateBound<T extends object> {
  /** Use this where the value is wanted; every property read goes to the current value. */
  readonly standIn: T;
  /** The current value, for the hook that replaces or closes it. */
  current(): T | undefined;
  set(value: T | undefined): void;
}

export function lateBound<T extends object>(what: string): LateBound<T> {
  let value: T | undefined;
  const currentValue = (): T => {
    if (value === undefined) throw new Error(`${what} is not available outside the test's lifetime`);
    return value;
  };
  const standIn = new Proxy({} as T, {
    get(_target, key) {
      const target = currentValue();
      const property = Reflect.get(target, key, target);
      // Bound so that methods using private fields or `this` see the real object.
      return typeof property === 'function' ? property.bind(target) : property;
    },
    set(_target, key, newValue) {
      return Reflect.set(currentValue(), key, newValue);
    },
    has(_target, key) {
      return Reflect.has(currentValue(), key);
    },
  });
  return {
    standIn,
    current: () => value,
    set(next) {
      value = next;
    },
  };
}
