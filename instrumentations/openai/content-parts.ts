import { blobPart, mediaPartFromUrl, modalityOfMimeType } from '../../src/genai/media-parts';
import type { MessagePart } from '../../src/genai/message-parts';
import { asArray, asRecord, asString } from '../../src/genai/payload-readers';

const AUDIO_MIME_TYPES: Record<string, string> = { wav: 'audio/wav', mp3: 'audio/mpeg' };

/**
 * Message `content` of either API (a string or an array of typed parts) → parts. Covers Chat
 * (`text`, `image_url`, `input_audio`, `file`, `refusal`) and Responses (`input_text`,
 * `output_text`, `input_image`, `input_file`, `input_audio`, `refusal`) part types; unknown ones
 * are kept as generic parts carrying only their type, so nothing unexpected is dumped.
 */
export function contentPartsOf(content: unknown): MessagePart[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', content }];
  const parts: MessagePart[] = [];
  for (const entry of asArray(content) ?? []) {
    const part = asRecord(entry);
    if (part === undefined) continue;
    const converted = contentPart(part);
    if (converted !== undefined) parts.push(converted);
  }
  return parts;
}

function contentPart(part: Record<string, unknown>): MessagePart | undefined {
  const type = asString(part.type) ?? '';
  switch (type) {
    case 'text':
    case 'input_text':
    case 'output_text':
      return { type: 'text', content: asString(part.text) ?? '' };
    case 'refusal':
      return { type: 'refusal', content: asString(part.refusal) ?? '' };
    case 'image_url': {
      const url = asString(asRecord(part.image_url)?.url) ?? asString(part.image_url);
      return url !== undefined ? mediaPartFromUrl('image', url) : { type: 'image' };
    }
    case 'input_image': {
      const url = asString(part.image_url);
      if (url !== undefined) return mediaPartFromUrl('image', url);
      const fileId = asString(part.file_id);
      return fileId !== undefined ? { type: 'file', modality: 'image', file_id: fileId } : { type: 'image' };
    }
    case 'input_audio': {
      const audio = asRecord(part.input_audio) ?? part;
      const format = asString(audio.format);
      return blobPart(
        'audio',
        asString(audio.data) ?? '',
        format ? (AUDIO_MIME_TYPES[format] ?? `audio/${format}`) : undefined,
      );
    }
    case 'file':
    case 'input_file': {
      const file = asRecord(part.file) ?? part;
      const fileId = asString(file.file_id);
      if (fileId !== undefined) return { type: 'file', modality: 'document', file_id: fileId };
      const fileData = asString(file.file_data);
      if (fileData !== undefined) {
        // Usually a data URL; some callers pass bare base64, which must not become a `uri` part.
        return fileData.startsWith('data:')
          ? mediaPartFromUrl(modalityOfMimeType(mimeTypeOfDataUrl(fileData)), fileData)
          : blobPart('document', fileData);
      }
      const fileUrl = asString(file.file_url);
      if (fileUrl !== undefined) return { type: 'uri', modality: 'document', uri: fileUrl };
      return { type: 'file', modality: 'document', file_id: '' };
    }
    default:
      return { type: type || 'unknown' };
  }
}

function mimeTypeOfDataUrl(url: string): string | undefined {
  const match = /^data:([^;,]+)/.exec(url.slice(0, 128));
  return match?.[1];
}
