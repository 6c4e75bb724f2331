import { isContentOffloadActive } from '../content/content-offload';
import type { BlobPart, UriPart } from './message-parts';

/**
 * Inline media (base64 images, audio, files) larger than this many characters is not copied into
 * span attributes: a single screenshot is megabytes of base64, which exporters and backends reject
 * or truncate mid-JSON. Small inline media (icons, test fixtures) is kept as is.
 */
export const MAX_INLINE_MEDIA_CHARS = 1024;

/**
 * The `content` of a blob part whose base64 was left out, e.g. `[base64 elided: 1398104 chars]`.
 * Deliberately not base64, so that nobody mistakes it for the data.
 */
export function elidedMediaMarker(base64Length: number): string {
  return `[base64 elided: ${base64Length} chars]`;
}

/**
 * A blob part for inline base64 data, eliding it when it is larger than
 * {@link MAX_INLINE_MEDIA_CHARS} — unless a content store is configured, which then receives it
 * whole when the content is recorded (content-offload.ts).
 */
export function blobPart(modality: string, base64: string, mimeType?: string): BlobPart {
  const part: BlobPart = {
    type: 'blob',
    modality,
    content: keepsInlineMedia(base64.length) ? base64 : elidedMediaMarker(base64.length),
  };
  if (mimeType) part.mime_type = mimeType;
  return part;
}

/** Whether base64 of this length is kept in the part: small, or wanted whole by the content store. */
export function keepsInlineMedia(base64Length: number): boolean {
  return base64Length <= MAX_INLINE_MEDIA_CHARS || isContentOffloadActive();
}

const DATA_URL = /^data:([^;,]*)(;[^,]*)?,/;

/**
 * The part for a media reference given as a URL: `data:` URLs become blob parts (the conventions
 * say `uri` parts must not hold data URLs), anything else a `uri` part.
 */
export function mediaPartFromUrl(modality: string, url: string): BlobPart | UriPart {
  const match = DATA_URL.exec(url.length > 256 ? url.slice(0, 256) : url);
  if (match) {
    const mimeType = match[1] || undefined;
    const isBase64 = match[2]?.includes(';base64') ?? false;
    const payload = url.slice(match[0].length);
    if (isBase64 || payload.length > MAX_INLINE_MEDIA_CHARS) return blobPart(modality, payload, mimeType);
    // A small percent-encoded data URL: the blob part wants base64.
    return blobPart(modality, Buffer.from(decodeSafe(payload)).toString('base64'), mimeType);
  }
  return { type: 'uri', modality, uri: url };
}

function decodeSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The modality of a MIME type (`image/png` → `image`), `document` for everything else. */
export function modalityOfMimeType(mimeType: string | undefined): string {
  if (!mimeType) return 'document';
  const top = mimeType.split('/')[0];
  return top === 'image' || top === 'audio' || top === 'video' ? top : 'document';
}
