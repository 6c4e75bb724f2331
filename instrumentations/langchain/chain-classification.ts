import type { SerializedLike } from './internal-types';

/** How a chain run (LCEL runnable, LangGraph graph or node, legacy agent) appears in the trace. */
export type ChainRole =
  /** Not shown: LangGraph-internal (`langsmith:hidden`) or unnamed LCEL plumbing; its children hang on its parent. */
  | { kind: 'hidden' }
  /** A LangGraph graph (root or subgraph) or a root chain: `invoke_workflow`, promoted to `invoke_agent` when its model calls tools. */
  | { kind: 'workflow'; isGraph: boolean }
  /** A legacy AgentExecutor. */
  | { kind: 'agent' }
  /** A LangGraph node or a named step inside a chain. */
  | { kind: 'task' };

/** LCEL building blocks that only route data; shown only when the user named them. */
const PLUMBING = /^(Runnable[A-Za-z]*|ChannelWrite|ChannelRead|Branch|RouterRunnable)(<.*>)?$/;

export interface ChainStart {
  serialized: SerializedLike | undefined;
  runName: string;
  tags: string[] | undefined;
  metadata: Record<string, unknown> | undefined;
  /** Whether the run has a visible parent run. */
  hasParent: boolean;
}

export function classifyChain(start: ChainStart): ChainRole {
  const className = classNameOf(start.serialized);
  if (isGraph(start.serialized)) return { kind: 'workflow', isGraph: true };
  if (className === 'AgentExecutor') return { kind: 'agent' };
  if (!start.hasParent) return { kind: 'workflow', isGraph: false };
  if (start.tags?.includes('langsmith:hidden')) return { kind: 'hidden' };
  if (start.metadata?.langgraph_node === start.runName) {
    // A node that runs a subgraph: the subgraph's own run (same name) stands for it.
    return isGraph(wrappedRunnable(start.serialized)) ? { kind: 'hidden' } : { kind: 'task' };
  }
  if (PLUMBING.test(start.runName) && (className === undefined || start.runName.startsWith(className))) {
    return { kind: 'hidden' };
  }
  return { kind: 'task' };
}

/** The run's display name: the run name LangChain reports, else the class name. */
export function runNameOf(serialized: SerializedLike | undefined, runName: string | undefined): string {
  return runName || serialized?.name || classNameOf(serialized) || 'chain';
}

/** LangGraph's compiled graphs serialize as `['langgraph', 'pregel', 'CompiledStateGraph' | …]`. */
function isGraph(serialized: SerializedLike | undefined): boolean {
  // Nested kwargs hold the live runnables, which name themselves by `lc_id`.
  const id = serialized?.id ?? (serialized as { lc_id?: string[] } | undefined)?.lc_id;
  return Array.isArray(id) && id[0] === 'langgraph' && id[1] === 'pregel';
}

/** What a LangGraph node's `RunnableSequence` (or a binding) runs first. */
function wrappedRunnable(serialized: SerializedLike | undefined): SerializedLike | undefined {
  const kwargs = serialized?.kwargs;
  const inner = kwargs?.first ?? kwargs?.bound;
  return typeof inner === 'object' && inner !== null ? (inner as SerializedLike) : undefined;
}

function classNameOf(serialized: SerializedLike | undefined): string | undefined {
  const id = serialized?.id;
  return Array.isArray(id) && id.length > 0 ? id[id.length - 1] : undefined;
}
