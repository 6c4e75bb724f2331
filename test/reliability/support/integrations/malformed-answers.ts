import fc from 'fast-check';
import type { MalformedAnswer, WireFrame } from './integration-under-test';

/**
 * Malformed provider answers derived from a valid one, so every integration gets the same kinds
 * of damage in its own wire format: fields missing, `null`, of the wrong type or huge; whole
 * bodies replaced by anything; stream frames of unknown event types, corrupt JSON, a frame cut
 * off mid-way, the stream ending early.
 */
type Path = ReadonlyArray<string | number>;

/** Every path to a value inside `value` (objects and arrays), the root excluded. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return entries.flatMap(([key, inner]) => [[...prefix, key], ...pathsOf(inner, [...prefix, key])]);
}

/** 2–3 MB of text: bigger than the 1 MiB genai-otel cuts values at. */
const hugeString = fc.integer({ min: 2_000_000, max: 3_000_000 }).map((size) => 'ä'.repeat(size / 2));

const wrongType = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.double(),
  fc.string(),
  fc.boolean(),
  fc.array(fc.anything(), { maxLength: 4 }),
  fc.dictionary(fc.string(), fc.anything(), { maxKeys: 4 }),
);

type Damage = { kind: 'delete' } | { kind: 'set'; value: unknown };
const damage: fc.Arbitrary<Damage> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'delete' } as const) },
  { weight: 3, arbitrary: fc.constant({ kind: 'set', value: null } as const) },
  { weight: 4, arbitrary: wrongType.map((value) => ({ kind: 'set', value }) as const) },
  { weight: 1, arbitrary: hugeString.map((value) => ({ kind: 'set', value }) as const) },
);

function applyDamage(value: unknown, path: Path, what: Damage): unknown {
  const copy = structuredClone(value);
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (what.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else parent[last] = what.value;
  return copy;
}

/** `valid` with one to three fields damaged, or (rarely) replaced by anything at all. */
export function damagedJson(valid: unknown): fc.Arbitrary<unknown> {
  const oneDamage = (body: unknown): fc.Arbitrary<unknown> => {
    const paths = pathsOf(body);
    if (paths.length === 0) return fc.constant(body);
    return fc.tuple(fc.constantFrom(...paths), damage).map(([path, what]) => applyDamage(body, path, what));
  };
  const damaged = fc.integer({ min: 1, max: 3 }).chain((count) => {
    let arbitrary: fc.Arbitrary<unknown> = fc.constant(valid);
    for (let i = 0; i < count; i++) arbitrary = arbitrary.chain(oneDamage);
    return arbitrary;
  });
  return fc.oneof(
    { weight: 9, arbitrary: damaged },
    {
      weight: 1,
      // A top-level `undefined` has no JSON form: no server can send it.
      arbitrary: fc.anything().filter((value) => value !== undefined),
    },
  );
}

const unknownEventName = fc.stringMatching(/^[a-z][a-z_]{2,20}$/).map((name) => `unknown_${name}`);

/** A frame of a kind the integration does not know, anywhere in the stream. */
const unknownFrame: fc.Arbitrary<WireFrame> = fc.record({
  event: unknownEventName,
  data: fc
    .dictionary(fc.string(), fc.anything(), { maxKeys: 5 })
    .map((data) => ({ type: 'unknown_event', ...data })),
});

/** `valid` stream frames with damaged frames, unknown frames, corrupt JSON, an early end or a truncated last frame. */
export function damagedFrames(
  valid: WireFrame[],
): fc.Arbitrary<Extract<MalformedAnswer, { kind: 'stream' }>> {
  const indexes = fc.nat({ max: valid.length - 1 });
  const frameDamage = fc.oneof(
    fc.tuple(indexes, fc.nat()).chain(([index]) =>
      damagedJson((valid[index] as WireFrame).data).map((data) => ({
        index,
        frame: { ...valid[index], data } as WireFrame,
      })),
    ),
    fc.tuple(indexes, unknownFrame).map(([index, frame]) => ({ index, frame, insert: true })),
    fc.tuple(indexes, fc.string({ maxLength: 40 })).map(([index, text]) => ({
      index,
      frame: { ...valid[index], data: `{"corrupt": ${JSON.stringify(text)}` } as WireFrame,
    })),
  );
  return fc
    .record({
      damages: fc.array(frameDamage, { minLength: 0, maxLength: 3 }),
      keep: fc.integer({ min: 0, max: valid.length }),
      truncate: fc.option(fc.tuple(indexes, fc.integer({ min: 1, max: 60 })), { nil: undefined }),
    })
    .map(({ damages, keep, truncate }) => {
      const frames = [...valid];
      for (const { index, frame, insert } of damages as Array<{
        index: number;
        frame: WireFrame;
        insert?: boolean;
      }>) {
        if (insert) frames.splice(index, 0, frame);
        else frames[index] = frame;
      }
      const answer: Extract<MalformedAnswer, { kind: 'stream' }> = {
        kind: 'stream',
        frames: frames.slice(0, keep + (frames.length - valid.length)),
      };
      if (truncate) answer.truncatedTail = { frame: valid[truncate[0]] as WireFrame, cutAt: truncate[1] };
      return answer;
    });
}
