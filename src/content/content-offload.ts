import { diag } from '@opentelemetry/api';
import { elidedMediaMarker, MAX_INLINE_MEDIA_CHARS } from '../genai/media-parts';
import type { ContentStore } from './content-store';

/** Options of `register({ contentOffload })`. */
export interface ContentOffloadOptions {
  /** Where content goes: your {@link ContentStore}, or this directory for the built-in filesystem store. */
  store?: ContentStore;
  /** Directory of the built-in {@link FileSystemContentStore}. Env: `GENAI_OTEL_CONTENT_OFFLOAD_DIR`. */
  directory?: string;
  /**
   * Text parts (and reasoning) longer than this many characters are offloaded too. Media (blobs)
   * larger than 1024 base64 characters always are. Env: `GENAI_OTEL_CONTENT_OFFLOAD_MIN_CHARS`.
   * Default {@link DEFAULT_OFFLOAD_MIN_TEXT_CHARS}.
   */
  minTextChars?: number;
}

/** Texts shorter than this stay in the span: a link is less useful than a paragraph. */
export const DEFAULT_OFFLOAD_MIN_TEXT_CHARS = 16_384;

/** The offload in force: the store and when text goes to it. */
export interface ContentOffload {
  store: ContentStore;
  minTextChars: number;
}

const OFFLOAD_KEY = Symbol.for('genai-otel.content-offload.v1');
type GlobalWithOffload = typeof globalThis & { [OFFLOAD_KEY]?: { offload: ContentOffload | undefined } };

/**
 * Sets (or, with undefined, clears) the process-wide content offload. `register()` calls this;
 * process-wide like the rest of genai-otel's state, however many copies are loaded.
 */
export function setContentOffload(offload: ContentOffload | undefined): void {
  (globalThis as GlobalWithOffload)[OFFLOAD_KEY] = { offload };
}

/**
 * The content offload in force: the one `register()` set, else one from
 * `GENAI_OTEL_CONTENT_OFFLOAD_DIR` (so that an instrumentation used with another SDK setup follows
 * the variable), else none.
 */
export function contentOffload(): ContentOffload | undefined {
  const holder = globalThis as GlobalWithOffload;
  if (holder[OFFLOAD_KEY] === undefined) {
    holder[OFFLOAD_KEY] = { offload: contentOffloadFrom(undefined, process.env) };
  }
  return holder[OFFLOAD_KEY].offload;
}

/** Whether media should be kept whole for the store rather than elided when the part is built. */
export function isContentOffloadActive(): boolean {
  return contentOffload() !== undefined;
}

/** The offload for register options over the environment; undefined when neither asks for one. */
export function contentOffloadFrom(
  options: ContentOffloadOptions | false | undefined,
  env: NodeJS.ProcessEnv,
): ContentOffload | undefined {
  if (options === false) return undefined;
  const directory = options?.directory ?? nonEmpty(env.GENAI_OTEL_CONTENT_OFFLOAD_DIR);
  const store = options?.store ?? (directory !== undefined ? fileSystemStore(directory) : undefined);
  if (store === undefined) return undefined;
  return { store, minTextChars: options?.minTextChars ?? readMinTextChars(env) };
}

// The built-in store and node:crypto are required at first use: most processes never offload,
// and loading them would cost every start-up (node:crypto alone ≈5 ms).
function fileSystemStore(directory: string): ContentStore {
  const { FileSystemContentStore } =
    require('./filesystem-content-store') as typeof import('./filesystem-content-store');
  return new FileSystemContentStore(directory);
}

function sha256Hex(data: Uint8Array): string {
  return (require('node:crypto') as typeof import('node:crypto'))
    .createHash('sha256')
    .update(data)
    .digest('hex');
}

function readMinTextChars(env: NodeJS.ProcessEnv): number {
  const raw = nonEmpty(env.GENAI_OTEL_CONTENT_OFFLOAD_MIN_CHARS);
  if (raw === undefined) return DEFAULT_OFFLOAD_MIN_TEXT_CHARS;
  const value = Number(raw);
  if (Number.isInteger(value) && value > 0) return value;
  diag.warn(
    `genai-otel: ignoring GENAI_OTEL_CONTENT_OFFLOAD_MIN_CHARS=${JSON.stringify(raw)} (expected a positive integer); using ${DEFAULT_OFFLOAD_MIN_TEXT_CHARS}`,
  );
  return DEFAULT_OFFLOAD_MIN_TEXT_CHARS;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/**
 * `value` (messages with parts, or a parts array) with large blobs and long texts moved to the
 * store and replaced by conventions `uri` parts (`{ type: 'uri', modality, mime_type, uri }`).
 * The caller's objects are not changed; parts the store refused stay as they were (blobs elided).
 */
export function offloadContent(
  value: unknown,
  offload: ContentOffload,
): { value: unknown; offloaded: number } {
  let offloaded = 0;
  const part = (candidate: unknown): unknown => {
    const replaced = offloadPart(candidate, offload);
    if (replaced !== candidate) offloaded++;
    return replaced;
  };
  const entry = (item: unknown): unknown => {
    if (typeof item !== 'object' || item === null) return item;
    const record = item as Record<string, unknown>;
    if (Array.isArray(record.parts)) return { ...record, parts: record.parts.map(part) };
    return part(item);
  };
  const result = Array.isArray(value) ? value.map(entry) : entry(value);
  return { value: offloaded > 0 ? result : value, offloaded };
}

function offloadPart(candidate: unknown, offload: ContentOffload): unknown {
  if (typeof candidate !== 'object' || candidate === null) return candidate;
  const part = candidate as Record<string, unknown>;
  const content = part.content;
  if (typeof content !== 'string') return candidate;
  let data: Uint8Array;
  let modality: string;
  let mimeType: string;
  if (part.type === 'blob') {
    // Small media stays inline, as media-parts.ts keeps it (an elided marker is short too).
    if (content.length <= MAX_INLINE_MEDIA_CHARS) return candidate;
    data = Buffer.from(content, 'base64');
    modality = typeof part.modality === 'string' ? part.modality : 'document';
    mimeType = typeof part.mime_type === 'string' ? part.mime_type : 'application/octet-stream';
  } else if (part.type === 'text' || part.type === 'reasoning') {
    if (content.length <= offload.minTextChars) return candidate;
    data = Buffer.from(content, 'utf8');
    modality = 'text';
    mimeType = 'text/plain';
  } else {
    return candidate;
  }
  let uri: string;
  try {
    uri = offload.store.store({
      data,
      mimeType,
      modality,
      digest: sha256Hex(data),
    });
  } catch (error) {
    diag.warn('genai-otel: the content store failed; the part stays in the span (media elided)', error);
    return part.type === 'blob' ? { ...part, content: elidedMediaMarker(content.length) } : candidate;
  }
  return { type: 'uri', modality, mime_type: mimeType, uri };
}
