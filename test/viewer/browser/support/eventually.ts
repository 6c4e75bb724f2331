import { expect } from 'vitest';

/**
 * `expect.poll` with room for a loaded machine: the browser tests share two cores with the rest
 * of the suite, and a page can take seconds to catch up. Still fails when the value never comes.
 */
export function eventually<T>(read: () => T | Promise<T>, timeout = 15_000) {
  return expect.poll(read, { timeout, interval: 50 });
}
