import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_STRING_LENGTH, safeJsonStringify } from '../../src/content/safe-json';

/** Every output must be valid JSON; parse it so a broken escape fails the test. */
function roundTrip(value: unknown, options?: Parameters<typeof safeJsonStringify>[1]): unknown {
  const text = safeJsonStringify(value, options);
  expect(typeof text).toBe('string');
  return JSON.parse(text);
}

describe('safeJsonStringify', () => {
  it('matches JSON.stringify on plain data', () => {
    const plain = { a: 1, b: 'x', c: [true, null, 2.5], d: { e: [] }, f: {} };
    expect(safeJsonStringify(plain)).toBe(JSON.stringify(plain));
  });

  it('marks circular references but keeps shared ones', () => {
    const shared = { v: 1 };
    const root: Record<string, unknown> = { a: shared, b: shared };
    root.self = root;
    const list: unknown[] = [1];
    list.push(list);
    expect(roundTrip(root)).toEqual({ a: { v: 1 }, b: { v: 1 }, self: '[Circular]' });
    expect(roundTrip(list)).toEqual([1, '[Circular]']);
  });

  it('writes BigInt, symbols, functions, undefined and non-finite numbers', () => {
    expect(
      roundTrip({
        big: 12345678901234567890n,
        sym: Symbol('s'),
        fn: function named() {},
        u: undefined,
        n: Number.NaN,
      }),
    ).toEqual({ big: '12345678901234567890', sym: 'Symbol(s)', fn: '[Function named]', n: 'NaN' });
    expect(roundTrip([undefined, Symbol.iterator])).toEqual([null, 'Symbol(Symbol.iterator)']);
    expect(safeJsonStringify(undefined)).toBe('null');
    expect(roundTrip(10n)).toBe('10');
  });

  it('turns Map and Set into JSON structures', () => {
    expect(
      roundTrip(
        new Map<unknown, unknown>([
          ['a', 1],
          [2, new Set([1, 2])],
        ]),
      ),
    ).toEqual({ a: 1, 2: [1, 2] });
    expect(roundTrip(new Map([[{ k: 1 }, 'v']]))).toEqual([[{ k: 1 }, 'v']]);
  });

  it('summarises binary data instead of dumping it', () => {
    const out = roundTrip({
      buf: Buffer.alloc(1_000_000),
      u8: new Uint8Array(3),
      f32: new Float32Array(1536),
      ab: new ArrayBuffer(8),
      dv: new DataView(new ArrayBuffer(4)),
    });
    expect(out).toEqual({
      buf: '[Buffer 1000000 bytes]',
      u8: '[Uint8Array 3 items]',
      f32: '[Float32Array 1536 items]',
      ab: '[ArrayBuffer 8 bytes]',
      dv: '[DataView 4 bytes]',
    });
  });

  it('writes Errors with name, message, own fields and cause', () => {
    const error = Object.assign(new TypeError('bad thing', { cause: new Error('root') }), { code: 'E_BAD' });
    expect(roundTrip(error)).toEqual({
      name: 'TypeError',
      message: 'bad thing',
      code: 'E_BAD',
      cause: { name: 'Error', message: 'root' },
    });
  });

  it('writes class instances as their own enumerable fields', () => {
    class Point {
      constructor(
        public x: number,
        public y: number,
      ) {}
      norm(): number {
        return Math.hypot(this.x, this.y);
      }
    }
    expect(roundTrip(new Point(1, 2))).toEqual({ x: 1, y: 2 });
    expect(roundTrip(Object.assign(Object.create(null), { a: 1 }))).toEqual({ a: 1 });
  });

  it('survives throwing getters, toJSON and proxies', () => {
    const getter = {
      ok: 1,
      get bad(): never {
        throw new Error('getter boom');
      },
    };
    const toJSON = {
      toJSON: () => {
        throw new Error('toJSON boom');
      },
    };
    const toJSONGetter = Object.defineProperty({}, 'toJSON', {
      get() {
        throw new Error('lookup boom');
      },
    });
    const proxy = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('trap boom');
        },
      },
    );
    expect(roundTrip({ getter, toJSON, toJSONGetter, proxy })).toEqual({
      getter: { ok: 1, bad: '[Threw: getter boom]' },
      toJSON: '[Threw: toJSON boom]',
      toJSONGetter: '[Threw: lookup boom]',
      proxy: '[Threw: trap boom]',
    });
  });

  it('calls toJSON once, even when it returns this', () => {
    const self = {
      a: 1,
      toJSON() {
        return this;
      },
    };
    expect(roundTrip({ self, date: new Date(0), invalid: new Date(Number.NaN) })).toEqual({
      self: { a: 1, toJSON: '[Function toJSON]' },
      date: '1970-01-01T00:00:00.000Z',
      invalid: null,
    });
  });

  it('truncates long strings with a visible marker and stays valid JSON', () => {
    const out = roundTrip({ text: 'a'.repeat(100), ['k'.repeat(20)]: 1 }, { maxStringLength: 10 }) as Record<
      string,
      unknown
    >;
    expect(out.text).toBe('aaaaaaaaaa…[truncated 90 chars]');
    expect(Object.keys(out)).toContain('kkkkkkkkkk…[truncated 10 chars]');
    expect(roundTrip('x'.repeat(DEFAULT_MAX_STRING_LENGTH + 5))).toMatch(/…\[truncated 5 chars\]$/);
  });

  it('never splits a surrogate pair when truncating', () => {
    const text = `${'a'.repeat(9)}😀😀`;
    const out = safeJsonStringify(text, { maxStringLength: 10 });
    expect(out).not.toMatch(/\\ud/i);
    expect(JSON.parse(out)).toBe('aaaaaaaaa…[truncated 4 chars]');
  });

  it('keeps non-ASCII text as is', () => {
    const text = 'Grüße, 東京, Привет, 😀';
    expect(safeJsonStringify({ text })).toBe(`{"text":"${text}"}`);
  });

  it('limits depth instead of overflowing the stack', () => {
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 10_000; i++) {
      const next = {};
      deep.n = next;
      deep = next;
    }
    const text = safeJsonStringify(root, { maxDepth: 3 });
    expect(JSON.parse(text)).toEqual({ n: { n: { n: '[MaxDepth]' } } });
    expect(() => JSON.parse(safeJsonStringify(root))).not.toThrow();
  });

  it('handles boxed primitives, promises and weak collections', () => {
    expect(
      roundTrip({
        s: new String('boxed'),
        p: Promise.resolve(1),
        w: new WeakMap(),
      }),
    ).toEqual({ s: 'boxed', p: '[Promise]', w: '[WeakMap]' });
  });
});

describe('safeJsonStringify: toJSON cycles', () => {
  it('marks a toJSON that returns a wrapper around the object as circular', () => {
    const wrapper = {
      toJSON() {
        return { inner: this };
      },
    };
    expect(roundTrip(wrapper)).toEqual({ inner: '[Circular]' });
  });
});
