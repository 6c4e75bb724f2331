import { diag } from '@opentelemetry/api';

/** Options for {@link safeJsonStringify}. */
export interface SafeJsonOptions {
  /**
   * Strings (values and keys) longer than this many UTF-16 code units are cut and end with a
   * visible `…[truncated N chars]` marker. Default {@link DEFAULT_MAX_STRING_LENGTH}.
   */
  maxStringLength?: number;
  /** Objects nested deeper than this are written as `"[MaxDepth]"`. Default 32. */
  maxDepth?: number;
}

/** Default cut-off for one string; large enough for a long prompt, small enough for an exporter. */
export const DEFAULT_MAX_STRING_LENGTH = 16_384;
const DEFAULT_MAX_DEPTH = 32;

/**
 * Serialises any value to valid JSON for a span attribute, and never throws.
 *
 * Unlike `JSON.stringify` it survives circular references (`"[Circular]"`), BigInt (decimal
 * string), Map (object, or entry pairs for non-string keys) and Set (array), binary data
 * (`"[Buffer 12 bytes]"`, summarised rather than dumped), Errors (`{name, message, …}`), getters
 * or `toJSON` that throw (`"[Threw: …]"`), symbols and functions (descriptive strings) and a
 * top-level `undefined` (`null`). Long strings are truncated with a visible marker; non-ASCII
 * text is kept as is. Plain objects and class instances contribute their own enumerable string
 * keys, as with `JSON.stringify`.
 *
 * @example
 * const a: Record<string, unknown> = { n: 1n };
 * a.self = a;
 * safeJsonStringify(a); // '{"n":"1","self":"[Circular]"}'
 */
export function safeJsonStringify(value: unknown, options?: SafeJsonOptions): string {
  try {
    const writer = new JsonWriter(
      positiveOr(options?.maxStringLength, DEFAULT_MAX_STRING_LENGTH),
      positiveOr(options?.maxDepth, DEFAULT_MAX_DEPTH),
    );
    return writer.write(value, '', 0, true) ?? 'null';
  } catch (error) {
    // Only reachable through a bug here or an exotic host object; a marker beats losing the span.
    diag.debug('genai-otel: safeJsonStringify failed', error);
    return '"[Unserializable]"';
  }
}

function positiveOr(candidate: number | undefined, fallback: number): number {
  return typeof candidate === 'number' && candidate > 0 ? Math.floor(candidate) : fallback;
}

class JsonWriter {
  /** Objects on the current path: a repeat is a cycle, while shared (non-cyclic) references are fine. */
  private readonly ancestors = new Set<object>();

  constructor(
    private readonly maxStringLength: number,
    private readonly maxDepth: number,
  ) {}

  /** Returns the JSON text of `value`, or `undefined` when JSON would omit it (in an object). */
  write(value: unknown, key: string, depth: number, allowToJSON: boolean): string | undefined {
    switch (typeof value) {
      case 'string':
        return this.string(value);
      case 'number':
        // JSON has no NaN/Infinity; a string says more than JSON.stringify's `null`.
        return Number.isFinite(value) ? String(value) : this.string(String(value));
      case 'boolean':
        return value ? 'true' : 'false';
      case 'bigint':
        return this.string(value.toString());
      case 'symbol':
        return this.string(value.toString());
      case 'undefined':
        return undefined;
      case 'function':
        return this.string(`[Function${value.name ? ` ${value.name}` : ''}]`);
      default:
        break;
    }
    if (value === null) return 'null';
    const object = value as object;
    if (this.ancestors.has(object)) return '"[Circular]"';
    const binary = describeBinary(object);
    if (binary !== undefined) return this.string(binary);
    if (allowToJSON) {
      let toJSON: unknown;
      try {
        toJSON = (object as { toJSON?: unknown }).toJSON;
      } catch (error) {
        return this.threw(error);
      }
      if (typeof toJSON === 'function') {
        let replaced: unknown;
        try {
          replaced = toJSON.call(object, key);
        } catch (error) {
          return this.threw(error);
        }
        // Like JSON.stringify, the replacement's own toJSON is not called again, so a toJSON
        // returning `this` does not loop; one returning a wrapper around `this` is a cycle.
        if (replaced === object) return this.write(replaced, key, depth, false);
        this.ancestors.add(object);
        try {
          return this.write(replaced, key, depth, false);
        } finally {
          this.ancestors.delete(object);
        }
      }
    }
    if (depth >= this.maxDepth) return '"[MaxDepth]"';
    this.ancestors.add(object);
    try {
      return this.container(object, depth + 1);
    } catch (error) {
      // A Proxy whose traps throw, or a host object that refuses enumeration.
      return this.threw(error);
    } finally {
      this.ancestors.delete(object);
    }
  }

  private container(object: object, depth: number): string {
    if (Array.isArray(object)) return this.array(object, depth);
    if (object instanceof Map) return this.map(object, depth);
    if (object instanceof Set) return this.array(Array.from(object), depth);
    if (object instanceof Error) return this.error(object, depth);
    if (object instanceof Promise) return '"[Promise]"';
    if (object instanceof WeakMap || object instanceof WeakSet || object instanceof WeakRef) {
      return this.string(`[${object.constructor.name}]`);
    }
    const boxed = unboxPrimitive(object);
    if (boxed !== undefined) return this.write(boxed, '', depth, false) ?? 'null';
    return this.entries(
      Object.keys(object).map((name) => [name, () => (object as Record<string, unknown>)[name]]),
      depth,
    );
  }

  private array(items: readonly unknown[], depth: number): string {
    const parts: string[] = [];
    for (let index = 0; index < items.length; index++) {
      let item: unknown;
      try {
        item = items[index];
      } catch (error) {
        parts.push(this.threw(error));
        continue;
      }
      parts.push(this.write(item, String(index), depth, true) ?? 'null');
    }
    return `[${parts.join(',')}]`;
  }

  private map(map: Map<unknown, unknown>, depth: number): string {
    const entries = Array.from(map.entries());
    if (entries.every(([key]) => typeof key === 'string' || typeof key === 'number')) {
      return this.entries(
        entries.map(([key, item]) => [String(key), () => item]),
        depth,
      );
    }
    // Object keys cannot be JSON keys without losing them; keep the pairs.
    return this.array(entries, depth);
  }

  private error(error: Error, depth: number): string {
    const fields: Array<[string, () => unknown]> = [
      ['name', () => error.name],
      ['message', () => error.message],
    ];
    for (const name of Object.keys(error)) {
      if (name !== 'name' && name !== 'message' && name !== 'stack') {
        fields.push([name, () => (error as unknown as Record<string, unknown>)[name]]);
      }
    }
    if ('cause' in error && !Object.keys(error).includes('cause')) fields.push(['cause', () => error.cause]);
    return this.entries(fields, depth);
  }

  private entries(fields: ReadonlyArray<readonly [string, () => unknown]>, depth: number): string {
    const parts: string[] = [];
    for (const [name, read] of fields) {
      let text: string | undefined;
      try {
        text = this.write(read(), name, depth, true);
      } catch (error) {
        text = this.threw(error);
      }
      if (text !== undefined) parts.push(`${this.string(name)}:${text}`);
    }
    return `{${parts.join(',')}}`;
  }

  private threw(error: unknown): string {
    let message: string;
    try {
      message = error instanceof Error ? error.message : String(error);
    } catch {
      message = 'unknown error';
    }
    return this.string(`[Threw: ${message}]`);
  }

  private string(text: string): string {
    if (text.length <= this.maxStringLength) return JSON.stringify(text);
    return JSON.stringify(truncateText(text, this.maxStringLength));
  }
}

/**
 * `text` cut to its first `keep` UTF-16 code units, followed by a visible
 * `…[truncated N chars]` marker saying how much was cut. Never splits a surrogate pair (half a
 * character would become an escaped lone surrogate).
 *
 * @example
 * truncateText('abcdef', 2); // 'ab…[truncated 4 chars]'
 */
export function truncateText(text: string, keep: number): string {
  let cut = Math.max(0, Math.min(keep, text.length));
  const last = text.charCodeAt(cut - 1);
  if (cut > 0 && last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut)}${truncationMarker(text.length - cut)}`;
}

/** The marker that ends a cut string: `…[truncated N chars]`. */
export function truncationMarker(cutChars: number): string {
  return `…[truncated ${cutChars} chars]`;
}

function describeBinary(object: object): string | undefined {
  if (typeof Buffer !== 'undefined' && Buffer.isBuffer(object)) return `[Buffer ${object.length} bytes]`;
  if (object instanceof ArrayBuffer) return `[ArrayBuffer ${object.byteLength} bytes]`;
  if (typeof SharedArrayBuffer !== 'undefined' && object instanceof SharedArrayBuffer) {
    return `[SharedArrayBuffer ${object.byteLength} bytes]`;
  }
  if (object instanceof DataView) return `[DataView ${object.byteLength} bytes]`;
  if (ArrayBuffer.isView(object)) {
    const typed = object as unknown as { length: number; constructor: { name: string } };
    return `[${typed.constructor.name} ${typed.length} items]`;
  }
  return undefined;
}

function unboxPrimitive(object: object): string | number | boolean | bigint | symbol | undefined {
  if (
    object instanceof String ||
    object instanceof Number ||
    object instanceof Boolean ||
    object instanceof BigInt ||
    object instanceof Symbol
  ) {
    return object.valueOf();
  }
  return undefined;
}
