import { type Context, createContextKey } from '@opentelemetry/api';

const TOOL_EXECUTION_KEY = createContextKey('genai-otel.tool-execution');

/** An `execute_tool` span some GenAI layer (the manual API, LangChain) opened for one tool call. */
export interface ToolExecution {
  /** `gen_ai.tool.name` of that span, when it has one. */
  readonly toolName: string | undefined;
}

/**
 * Returns `ctx` marked as running inside an `execute_tool` span for `toolName`. Protocol-level
 * instrumentations (MCP) read it to avoid a second `execute_tool` operation for the same call: the
 * tool-execution counterpart of the inference scope (src/genai/inference-scope.ts).
 */
export function enterToolExecution(ctx: Context, toolName: unknown): Context {
  const execution: ToolExecution = { toolName: typeof toolName === 'string' ? toolName : undefined };
  return ctx.setValue(TOOL_EXECUTION_KEY, execution);
}

/** The innermost `execute_tool` span's marker in `ctx`, if any. */
export function activeToolExecution(ctx: Context): ToolExecution | undefined {
  return ctx.getValue(TOOL_EXECUTION_KEY) as ToolExecution | undefined;
}

/**
 * Whether a call of tool `toolName` made in `ctx` is the very tool execution an enclosing
 * `execute_tool` span already records (same tool name, or the enclosing span names no tool).
 */
export function isInsideToolExecution(ctx: Context, toolName: string | undefined): boolean {
  const execution = activeToolExecution(ctx);
  if (execution === undefined) return false;
  return execution.toolName === undefined || toolName === undefined || execution.toolName === toolName;
}
