import { elidedMediaMarker } from '../genai/media-parts';
import { safeJsonStringify, truncateText, truncationMarker } from './safe-json';

/** What {@link fitJsonContent} produced. */
export interface FittedContent {
  /** Valid JSON, at most the limit long (UTF-16 code units). */
  json: string;
  /** Characters of content left out: cut from strings, elided blobs, dropped messages. 0 if none. */
  truncatedChars: number;
}

/**
 * Keys whose strings describe a part rather than carry its content: never cut, since a reader
 * (or a backend's message view) needs them to make sense of what is left.
 */
const STRUCTURAL_KEYS = new Set([
  'type',
  'role',
  'id',
  'name',
  'modality',
  'mime_type',
  'finish_reason',
  'uri',
  'file_id',
]);

/** Fields holding a tool's own data (arguments, results, JSON schemas). */
const TOOL_DATA_KEYS = new Set(['arguments', 'response', 'parameters', 'result']);

/** Room for the `…[truncated N chars]` marker a cut string gets. */
const MARKER_ALLOWANCE = truncationMarker(1_000_000_000).length;
/** Re-serialisations before giving up on cutting strings and dropping whole messages instead. */
const MAX_FIT_ROUNDS = 4;

/**
 * Serialises GenAI content (messages, parts, tool definitions) to JSON of at most `limit`
 * characters that is still valid JSON in the conventions' shape. A span attribute that an SDK or a
 * backend cuts at a byte count ends mid-string and no longer parses; here the cut happens inside
 * the parts instead:
 *
 * - the longest content strings (text, reasoning, tool arguments and results) are shortened first,
 *   each to a common cap, and end with a visible `…[truncated N chars]` marker;
 * - base64 blobs that must be cut are replaced by the `[base64 elided: N chars]` marker (half an
 *   image is no use);
 * - descriptive fields (`type`, `role`, `id`, `name`, `modality`, `mime_type`, `uri`, …) are kept;
 * - if the structure alone is still too long (thousands of messages), the oldest entries of the
 *   top-level array are dropped: the latest turn is usually what explains the answer.
 *
 * @example
 * fitJsonContent([{ role: 'user', parts: [{ type: 'text', content: 'x'.repeat(1000) }] }], 120).json;
 * // '[{"role":"user","parts":[{"type":"text","content":"xxxx…[truncated 961 chars]"}]}]'
 */
export function fitJsonContent(value: unknown, limit: number): FittedContent {
  // No per-string cut here: every cut is made (and counted) below, against the whole limit.
  const json = safeJsonStringify(value, { maxStringLength: Number.MAX_SAFE_INTEGER });
  if (json.length <= limit) return { json, truncatedChars: 0 };
  let tree: unknown = JSON.parse(json);
  let truncatedChars = 0;
  let current = json;
  if (Array.isArray(tree) && tree.length > 1) {
    // So many entries that even their skeletons do not fit: drop the oldest first, rather than cut
    // every text to nothing and then drop them anyway.
    const dropped = dropOldestUntilSkeletonsFit(tree, limit);
    if (dropped.count > 0) {
      tree = tree.slice(dropped.count);
      truncatedChars += dropped.chars;
      current = JSON.stringify(tree);
    }
  }
  for (let round = 0; round < MAX_FIT_ROUNDS && current.length > limit; round++) {
    const slots = contentSlots(tree);
    const excess = current.length - limit;
    const cap = commonCap(slots, excess);
    if (cap === undefined) break;
    for (const slot of slots) {
      if (slot.length > cap) truncatedChars += cutSlot(slot, cap);
    }
    current = JSON.stringify(tree);
  }
  if (current.length > limit && Array.isArray(tree) && tree.length > 1) {
    // Cutting strings was not enough: drop the oldest entries, keeping the structure of the rest.
    const lengths = tree.map((entry) => JSON.stringify(entry).length);
    let total = current.length;
    let dropCount = 0;
    while (total > limit && dropCount < tree.length - 1) {
      // The entry and the comma after it.
      total -= (lengths[dropCount] ?? 0) + 1;
      truncatedChars += lengths[dropCount] ?? 0;
      dropCount++;
    }
    current = JSON.stringify(tree.slice(dropCount));
  }
  if (current.length > limit) {
    truncatedChars += current.length;
    return { json: Array.isArray(tree) ? '[]' : 'null', truncatedChars };
  }
  return { json: current, truncatedChars };
}

/**
 * How many of the oldest entries to drop so that the rest, with every content string cut to its
 * marker, takes at most half of `limit` (the other half is for what the entries say); and how many
 * characters they held. Nothing is dropped when the skeletons already fit that way.
 */
function dropOldestUntilSkeletonsFit(entries: unknown[], limit: number): { count: number; chars: number } {
  const lengths = entries.map((entry) => JSON.stringify(entry).length);
  const skeletons = entries.map((entry, index) => {
    let saving = 0;
    for (const slot of contentSlots([entry])) saving += Math.max(0, slot.length - MARKER_ALLOWANCE);
    return (lengths[index] ?? 0) - saving;
  });
  let total = 1 + entries.length;
  for (const skeleton of skeletons) total += skeleton;
  if (total <= limit) return { count: 0, chars: 0 };
  let count = 0;
  let chars = 0;
  while (total > limit / 2 && count < entries.length - 1) {
    total -= (skeletons[count] ?? 0) + 1;
    chars += lengths[count] ?? 0;
    count++;
  }
  return { count, chars };
}

/** A cuttable string: where it lives and how long it serialises. */
interface ContentSlot {
  holder: Record<string, unknown> | unknown[];
  key: string | number;
  text: string;
  /** Length inside the quotes of its JSON form (escapes count). */
  length: number;
  isBlob: boolean;
}

function contentSlots(tree: unknown): ContentSlot[] {
  const slots: ContentSlot[] = [];
  // Inside tool arguments, results and schemas every string is content, whatever its key.
  const visit = (node: unknown, insideToolData: boolean): void => {
    if (Array.isArray(node)) {
      for (let index = 0; index < node.length; index++) {
        const item = node[index];
        if (typeof item === 'string') addSlot(slots, node, index, item, false);
        else visit(item, false);
      }
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    for (const [key, item] of Object.entries(record)) {
      if (typeof item === 'string') {
        if (insideToolData || !STRUCTURAL_KEYS.has(key)) {
          addSlot(slots, record, key, item, key === 'content' && record.type === 'blob');
        }
      } else {
        visit(item, insideToolData || TOOL_DATA_KEYS.has(key));
      }
    }
  };
  visit(tree, false);
  return slots;
}

function addSlot(
  slots: ContentSlot[],
  holder: ContentSlot['holder'],
  key: string | number,
  text: string,
  isBlob: boolean,
): void {
  // Short strings are not worth a marker longer than themselves.
  if (text.length <= MARKER_ALLOWANCE) return;
  slots.push({ holder, key, text, length: JSON.stringify(text).length - 2, isBlob });
}

/**
 * The largest cap such that cutting every slot longer than it saves at least `excess` characters
 * (markers included), or undefined if even cutting every slot to nothing would not.
 */
function commonCap(slots: ContentSlot[], excess: number): number | undefined {
  const savingAt = (cap: number): number => {
    let saved = 0;
    for (const slot of slots) if (slot.length > cap) saved += slot.length - cap - MARKER_ALLOWANCE;
    return saved;
  };
  if (slots.length === 0) return undefined;
  if (savingAt(0) < excess) return 0;
  let low = 0;
  // A loop, not Math.max(...): a spread of a hundred thousand slots overflows the stack.
  let high = 0;
  for (const slot of slots) if (slot.length > high) high = slot.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (savingAt(middle) >= excess) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** Cuts one slot to about `cap` serialised characters; returns how many characters were left out. */
function cutSlot(slot: ContentSlot, cap: number): number {
  const { holder, key, text } = slot;
  let replacement: string;
  let cut: number;
  if (slot.isBlob) {
    replacement = elidedMediaMarker(text.length);
    cut = text.length;
  } else {
    // Escapes make the JSON form longer than the text; keep proportionally less of escaped text.
    const keep = Math.floor((cap * text.length) / slot.length);
    replacement = truncateText(text, keep);
    cut = text.length - Math.min(keep, text.length);
  }
  (holder as Record<string | number, unknown>)[key] = replacement;
  return cut;
}
