import fc from 'fast-check';

/** One 10 MB string, built once: big enough to matter, not rebuilt for every run. */
export const TEN_MB_STRING = 'x'.repeat(10 * 1024 * 1024);

function circular(): unknown {
  const node: Record<string, unknown> = printable({ role: 'user', content: 'loop' }, 'Circular');
  node.self = node;
  node.list = [node, { parent: node }];
  return node;
}

/** Lets fast-check print the value in a failure report without tripping over it. */
function printable<T extends object>(value: T, label: string): T {
  return Object.defineProperty(value, fc.toStringMethod, { value: () => label, enumerable: false });
}

function throwingGetter(): unknown {
  const message = printable({ role: 'user' }, 'ThrowingGetter');
  return Object.defineProperty(message, 'content', {
    enumerable: true,
    get() {
      throw new Error('getter exploded');
    },
  });
}

function throwingProxy(): unknown {
  return new Proxy(
    {},
    {
      get(_target, key) {
        // Only fast-check's own printing hook answers, so a failing run can still be reported.
        if (key === fc.toStringMethod) return () => 'ThrowingProxy';
        throw new Error('proxy get exploded');
      },
      ownKeys() {
        throw new Error('proxy ownKeys exploded');
      },
      getOwnPropertyDescriptor() {
        throw new Error('proxy descriptor exploded');
      },
      // `in` stays answerable: fast-check itself asks every generated value for a clone method.
      has: (_target, key) => key === fc.toStringMethod,
    },
  );
}

function throwingToJson(): unknown {
  return printable(
    {
      toJSON() {
        throw new Error('toJSON exploded');
      },
    },
    'ThrowingToJSON',
  );
}

/** The values the issue names, each a fresh instance per run. */
export const namedHostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null).map(circular),
  fc.bigInt().map((value) => ({ tokens: value })),
  fc.constant(TEN_MB_STRING),
  fc.constantFrom('\uD800', 'a\uDC00b', '\uDBFF\uDFFF\uD800', `${'\uD83D'}`),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
  fc.constant(null).map(throwingProxy),
  fc.constant(null).map(throwingGetter),
  fc.constant(null).map(throwingToJson),
  fc.constant(Symbol('s')),
  fc.constant(() => 'fn'),
  fc.constant(new Map<unknown, unknown>([[{ k: 1 }, 'object key']])),
  fc.constant(Object.create(null) as unknown),
);

/** Anything fast-check makes, with the named hostile values nested inside at any depth. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    namedHostileValue,
    fc.anything({
      withBigInt: true,
      withMap: true,
      withSet: true,
      withTypedArray: true,
      withSparseArray: true,
      withNullPrototype: true,
    }),
    fc.array(tie('value'), { maxLength: 4 }),
    // No `then` key: a thenable that never settles would hang the app's await with or without us.
    fc.dictionary(
      fc.string().filter((key) => key !== 'then'),
      tie('value'),
      { maxKeys: 4 },
    ),
  ),
})).value;
