import type { Attributes, AttributeValue } from '../model';

/**
 * Readers for the pieces every OTLP message shares — ids, 64-bit times and `AnyValue` attributes —
 * written once for both encodings: OTLP/JSON (hex ids, integers as strings or numbers) and our
 * protobuf decoding of it (Buffer ids, integers as decimal strings).
 */

const HEX_ID = /^[0-9a-f]+$/i;

/** A trace or span id as lower-case hex, or undefined when it is absent, empty or malformed. */
export function readId(value: unknown, bytes: 8 | 16): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') {
    if (value.length === bytes * 2 && HEX_ID.test(value)) return value.toLowerCase();
    // Some senders use base64 in JSON (the protobuf JSON mapping's default for bytes).
    if (value.length > 0 && value.length !== bytes * 2) {
      const decoded = Buffer.from(value, 'base64');
      if (decoded.length === bytes) return decoded.toString('hex');
    }
    return undefined;
  }
  if (value instanceof Uint8Array) {
    return value.length === bytes ? Buffer.from(value).toString('hex') : undefined;
  }
  return undefined;
}

/** A fixed64 nanosecond time as a decimal string; '0' when absent. */
export function readNanos(value: unknown): string {
  if (typeof value === 'string' && /^\d+$/.test(value)) return value.replace(/^0+(?=\d)/, '');
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0)
    return BigInt(Math.trunc(value)).toString();
  if (typeof value === 'bigint' && value >= 0n) return value.toString();
  return '0';
}

/** Nanoseconds (decimal string) to float milliseconds, keeping microseconds. */
export function nanosToMillis(nanos: string): number {
  // Split so the sum stays exact: a ns epoch does not fit a double, a µs epoch does.
  if (nanos.length <= 6) return Number(nanos) / 1e6;
  return Number(nanos.slice(0, -3)) / 1e3;
}

/** Float milliseconds to a nanosecond decimal string. */
export function millisToNanos(millis: number): string {
  return (BigInt(Math.round(millis * 1000)) * 1000n).toString();
}

function readAnyValue(value: unknown): AttributeValue {
  if (value === null || typeof value !== 'object') return null;
  const any = value as Record<string, unknown>;
  if (any.stringValue !== undefined) return String(any.stringValue);
  if (any.boolValue !== undefined) return Boolean(any.boolValue);
  if (any.intValue !== undefined) {
    const number = Number(any.intValue);
    // Beyond 2^53 a number would silently change the value; keep the digits instead.
    return Number.isSafeInteger(number) ? number : String(any.intValue);
  }
  if (any.doubleValue !== undefined) {
    const number = Number(any.doubleValue);
    return Number.isFinite(number) ? number : String(any.doubleValue);
  }
  if (any.arrayValue !== undefined) {
    const values = (any.arrayValue as { values?: unknown[] } | null)?.values ?? [];
    return values.map((item) => {
      const read = readAnyValue(item);
      return read === null || Array.isArray(read) ? JSON.stringify(read) : read;
    });
  }
  if (any.kvlistValue !== undefined) {
    return JSON.stringify(readKeyValueMap((any.kvlistValue as { values?: unknown } | null)?.values));
  }
  if (any.bytesValue !== undefined) {
    const bytesValue = any.bytesValue;
    return bytesValue instanceof Uint8Array ? Buffer.from(bytesValue).toString('base64') : String(bytesValue);
  }
  return null;
}

function readKeyValueMap(list: unknown): Record<string, unknown> {
  const map: Record<string, unknown> = {};
  if (!Array.isArray(list)) return map;
  for (const entry of list) {
    if (entry && typeof entry === 'object' && typeof (entry as { key?: unknown }).key === 'string') {
      map[(entry as { key: string }).key] = readAnyValue((entry as { value?: unknown }).value);
    }
  }
  return map;
}

/** OTLP `repeated KeyValue` to a plain object; a malformed list yields what could be read. */
export function readAttributes(list: unknown): Attributes {
  const attributes: Attributes = Object.create(null);
  if (!Array.isArray(list)) return attributes;
  for (const entry of list) {
    if (entry && typeof entry === 'object' && typeof (entry as { key?: unknown }).key === 'string') {
      attributes[(entry as { key: string }).key] = readAnyValue((entry as { value?: unknown }).value);
    }
  }
  return attributes;
}

/** An array field of an OTLP message; absent means empty, anything else than an array is malformed. */
export function readList(parent: Record<string, unknown>, field: string, where: string): unknown[] {
  const value = parent[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new TypeError(`${where}.${field} must be an array`);
  return value;
}

export function asObject(value: unknown, where: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(`${where} must be an object`);
  }
  return value as Record<string, unknown>;
}
