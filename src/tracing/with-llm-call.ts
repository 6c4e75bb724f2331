import { type Context, diag, INVALID_SPAN_CONTEXT, trace } from '@opentelemetry/api';
import { globalGenAITelemetry } from '../genai/global-telemetry';
import { InferenceRecording } from '../genai/inference-recording';
import type { InferenceRequest, InferenceResult, TokenUsage } from '../genai/inference-types';
import { type MessagePart, toInputMessages, toOutputMessages } from '../genai/message-parts';
import { ATTR_SPAN_KIND } from '../genai/semconv';
import { resolveParentContext } from './explicit-parent';
import { SpanCompletion } from './span-completion';
import type { SpanOptions } from './span-options';
import { runWithCompletion } from './start-span';
import { getTraceAttributes } from './trace-attributes';
import { ManualSpan, type TracedSpan } from './traced-span';
import { TRACER_NAME } from './tracer';

/** A model call made by code no instrumentation covers; request fields as in the conventions. */
export interface LLMCallOptions
  extends Omit<
      InferenceRequest,
      'operationName' | 'providerName' | 'requestModel' | 'content' | 'attributes'
    >,
    Pick<SpanOptions, 'attributes' | 'parent' | 'captureContent' | 'spanKind' | 'outputReducer'> {
  /** `gen_ai.provider.name`, e.g. `openai`, `anthropic`, `ollama`. */
  provider: string;
  /** `gen_ai.request.model`. */
  model?: string;
  /** `gen_ai.operation.name`; default `chat`. */
  operation?: string;
  /** The prompt: text, chat-style `{ role, content }` messages, or messages in parts shape. Recorded when capture is on. */
  input?: unknown;
  /** Instructions given apart from the messages (`gen_ai.system_instructions`), text or parts. */
  systemInstructions?: unknown;
}

/** What the model answered, for {@link LLMCallSpan.recordResponse}. */
export interface LLMResponse {
  id?: string;
  model?: string;
  /** One per choice; e.g. `stop`, `length`, `tool_call`. */
  finishReasons?: string[];
  usage?: TokenUsage;
  conversationId?: string;
  /** The answer: text, chat-style messages or messages in parts shape. Recorded when capture is on. */
  output?: unknown;
}

/** The handle `withLLMCall` gives `fn`: a {@link TracedSpan} that also records the response. */
export interface LLMCallSpan extends TracedSpan {
  /** Records response id/model, usage (incl. cache and reasoning tokens), finish reasons and output. */
  recordResponse(response: LLMResponse): this;
  /** Notes that a stream chunk arrived (time to first chunk and time per chunk). */
  recordChunk(): this;
}

/**
 * Runs a model call made by code no instrumentation covers (a raw HTTP call to a model server,
 * an in-house SDK) in an inference span `{operation} {model}`, through the same recorder the
 * instrumentations use: request attributes at start, usage, finish reasons, errors and the
 * GenAI metrics. `fn` gets a handle to record what the model answered; the span ends when
 * `fn`'s work ends, as with {@link startSpan} (a returned stream is followed).
 *
 * @example
 * const answer = await withLLMCall({ provider: 'ollama', model: 'llama3.2', input: prompt, temperature: 0 }, async (call) => {
 *   const body = await (await fetch(url, { method: 'POST', body: JSON.stringify({ prompt }) })).json();
 *   call.recordResponse({ model: body.model, usage: { inputTokens: body.prompt_eval_count, outputTokens: body.eval_count }, finishReasons: ['stop'], output: body.response });
 *   return body.response;
 * });
 */
export function withLLMCall<T>(options: LLMCallOptions, fn: (call: LLMCallSpan) => T): T {
  let completion: SpanCompletion;
  let spanContext: Context;
  try {
    ({ completion, spanContext } = beginLLMCall(options));
  } catch (error) {
    diag.error('genai-otel: could not start an LLM call span; running the function untraced', error);
    return fn(new LLMCallHandle(trace.wrapSpanContext(INVALID_SPAN_CONTEXT), undefined, false));
  }
  return runWithCompletion(completion, spanContext, undefined, fn);
}

function beginLLMCall(options: LLMCallOptions): { completion: SpanCompletion; spanContext: Context } {
  const {
    provider,
    model,
    operation,
    input,
    systemInstructions,
    attributes,
    parent,
    captureContent,
    spanKind,
    outputReducer,
    ...request
  } = options;
  const parentContext = resolveParentContext(parent);
  const recording = InferenceRecording.start(
    globalGenAITelemetry(TRACER_NAME),
    {
      ...request,
      operationName: operation ?? 'chat',
      providerName: provider,
      requestModel: model,
      attributes: { [ATTR_SPAN_KIND]: 'llm', ...getTraceAttributes(parentContext), ...attributes },
      content: () => ({
        inputMessages: input === undefined ? undefined : toInputMessages(input),
        systemInstructions:
          systemInstructions === undefined ? undefined : toInstructionParts(systemInstructions),
      }),
    },
    // Undefined lets the recorder decide from the context and the capture mode (span, event, both).
    { parentContext, kind: spanKind, captureContent },
  );
  const handle = new LLMCallHandle(recording.span, recording, recording.recordsContentOnSpan);
  return {
    completion: new SpanCompletion(handle, outputReducer),
    spanContext: trace.setSpan(parentContext, handle),
  };
}

class LLMCallHandle extends ManualSpan implements LLMCallSpan {
  constructor(
    span: ConstructorParameters<typeof ManualSpan>[0],
    private readonly recording: InferenceRecording | undefined,
    capture: boolean,
  ) {
    super(span, {
      kind: 'llm',
      // The request content was recorded by the recorder at start.
      captureInput: false,
      captureOutput: capture,
      owner: recording && {
        end: () => recording.end(),
        endWithError: (error) => recording.endWithError(error),
      },
    });
  }

  recordResponse(response: LLMResponse): this {
    if (!this.recording) return this;
    const { output, id, model, ...rest } = response;
    const result: InferenceResult = { ...rest, responseId: id, responseModel: model };
    if (output !== undefined) {
      this.markOutputSet();
      result.outputMessages = () => toOutputMessages(output);
    }
    try {
      this.recording.recordResult(result);
    } catch (error) {
      diag.error('genai-otel: could not record an LLM response on its span', error);
    }
    return this;
  }

  recordChunk(): this {
    // Called from the user's own stream loop: a telemetry failure must not end it.
    try {
      this.recording?.recordChunk();
    } catch (error) {
      diag.error('genai-otel: could not record an LLM chunk on its span', error);
    }
    return this;
  }
}

function toInstructionParts(instructions: unknown): MessagePart[] {
  if (typeof instructions === 'string') return [{ type: 'text', content: instructions }];
  if (Array.isArray(instructions)) {
    return instructions.map((part) =>
      typeof part === 'string' ? { type: 'text', content: part } : (part as MessagePart),
    );
  }
  return toInputMessages(instructions).flatMap((message) => message.parts);
}
