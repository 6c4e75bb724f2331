import type { GenAIEvent, GenAIEventType } from './event-types';

/**
 * Which events a subscription or stream wants:
 * - a type (`'llm.end'`), a family (`'llm.*'`), `'*'` for all, or a list of those;
 * - `{ types, where }` to also test each event;
 * - a function of the event.
 *
 * `llm.token` (one event per streamed chunk) is opt-in: `'*'`, `'llm.*'` and functions do not
 * receive it; name `'llm.token'` to get it.
 */
export type EventFilter =
  | EventTypePattern
  | readonly EventTypePattern[]
  | { types?: EventTypePattern | readonly EventTypePattern[]; where?: (event: GenAIEvent) => boolean }
  | ((event: GenAIEvent) => boolean);

export type EventTypePattern =
  | GenAIEventType
  | `${'llm' | 'tool' | 'agent' | 'retrieval' | 'embeddings' | 'chunking' | 'run'}.*`
  | '*';

/** A filter compiled once at subscription time. */
export interface CompiledFilter {
  /** Whether events of this type can match (cheap; lets publishers skip building events). */
  wantsType(type: GenAIEventType): boolean;
  matches(event: GenAIEvent): boolean;
}

const OPT_IN_TYPES: ReadonlySet<string> = new Set(['llm.token']);

export function compileFilter(filter: EventFilter | undefined): CompiledFilter {
  if (filter === undefined) return typesFilter(['*'], undefined);
  if (typeof filter === 'function') return typesFilter(['*'], filter);
  if (typeof filter === 'string') return typesFilter([filter], undefined);
  if (Array.isArray(filter)) return typesFilter(filter as readonly EventTypePattern[], undefined);
  const { types, where } = filter as Exclude<
    EventFilter,
    string | readonly EventTypePattern[] | ((event: GenAIEvent) => boolean)
  >;
  const list = types === undefined ? ['*'] : typeof types === 'string' ? [types] : types;
  return typesFilter(list as readonly EventTypePattern[], where);
}

function typesFilter(
  patterns: readonly EventTypePattern[],
  where: ((event: GenAIEvent) => boolean) | undefined,
): CompiledFilter {
  const exact = new Set<string>();
  const families = new Set<string>();
  let all = false;
  for (const pattern of patterns) {
    if (typeof pattern !== 'string')
      throw new TypeError(`genai-otel: event filter entries must be strings, got ${typeof pattern}`);
    if (pattern === '*') all = true;
    else if (pattern.endsWith('.*')) families.add(pattern.slice(0, -2));
    else exact.add(pattern);
  }
  const wantsType = (type: string): boolean => {
    if (exact.has(type)) return true;
    if (OPT_IN_TYPES.has(type)) return false;
    return all || families.has(type.slice(0, type.indexOf('.')));
  };
  return {
    wantsType,
    // `where` is the user's code: a throw means "not for me" and is caught by the bus.
    matches: (event) => wantsType(event.type) && (where === undefined || where(event) === true),
  };
}
