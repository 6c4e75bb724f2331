import { normalizeFinishReason, streamFinishReasons } from '../../src/genai/finish-reason';
import type { InferenceResult, TokenUsage } from '../../src/genai/inference-types';
import type { MessagePart, OutputMessage } from '../../src/genai/message-parts';
import { asArray, asInteger, asRecord, asString, parseToolArguments } from '../../src/genai/payload-readers';
import type { StreamAccumulator, StreamEnding } from '../../src/genai/stream-follower';
import { openAIResponseAttributes } from './openai-attributes';
import { tokenUsageOf } from './openai-usage';

interface ToolCallDraft {
  id?: string;
  name: string;
  arguments: string;
}

interface ChoiceDraft {
  finishReason?: string;
  role?: string;
  text: string;
  reasoning: string;
  refusal: string;
  toolCalls?: ToolCallDraft[];
}

/**
 * Follows `chat.completion.chunk` (mode `chat`) and legacy `text_completion` (mode `text`) streams:
 * id, model, fingerprint and tier from any chunk, finish reasons per choice, usage from the final
 * `include_usage` chunk (none if the request did not ask for it: never estimated). Text and
 * tool-call deltas are assembled only when content is captured, so that the default costs a few
 * property reads per chunk.
 */
export class ChatStreamAccumulator implements StreamAccumulator<unknown> {
  private responseId: string | undefined;
  private responseModel: string | undefined;
  private extraAttributes: Record<string, string> | undefined;
  private seenFingerprint: unknown;
  private seenServiceTier: unknown;
  private usage: TokenUsage | undefined;
  private readonly choices: ChoiceDraft[] = [];

  constructor(
    private readonly mode: 'chat' | 'text',
    private readonly captureContent: boolean,
    private readonly expectedChoices: number,
  ) {}

  add(value: unknown): void {
    const chunk = asRecord(value);
    if (chunk === undefined) return;
    if (this.responseId === undefined) {
      this.responseId = asString(chunk.id);
      this.responseModel = asString(chunk.model);
    }
    // Every chunk repeats the fingerprint and tier: the attributes are rebuilt only when they change.
    if (
      (chunk.system_fingerprint !== undefined || chunk.service_tier !== undefined) &&
      (chunk.system_fingerprint !== this.seenFingerprint || chunk.service_tier !== this.seenServiceTier)
    ) {
      this.seenFingerprint = chunk.system_fingerprint;
      this.seenServiceTier = chunk.service_tier;
      this.extraAttributes = openAIResponseAttributes(chunk) ?? this.extraAttributes;
    }
    if (chunk.usage) this.usage = tokenUsageOf(chunk.usage);
    const choices = asArray(chunk.choices);
    if (choices === undefined) return;
    for (const entry of choices) {
      const choice = asRecord(entry);
      if (choice === undefined) continue;
      const index = asInteger(choice.index) ?? 0;
      let draft = this.choices[index];
      if (draft === undefined) {
        draft = { text: '', reasoning: '', refusal: '' };
        this.choices[index] = draft;
      }
      const finishReason = asString(choice.finish_reason);
      if (finishReason) draft.finishReason = finishReason;
      if (this.captureContent) this.addContent(draft, choice);
    }
  }

  result(ending: StreamEnding): InferenceResult {
    const finishReasons = streamFinishReasons(this.choices, ending, this.expectedChoices, (choice) =>
      choice.finishReason ? normalizeFinishReason(choice.finishReason) : undefined,
    );
    return {
      responseId: this.responseId,
      responseModel: this.responseModel,
      finishReasons,
      usage: this.usage,
      attributes: this.extraAttributes,
      outputMessages: this.captureContent ? () => this.outputMessages(finishReasons) : undefined,
    };
  }

  private addContent(draft: ChoiceDraft, choice: Record<string, unknown>): void {
    if (this.mode === 'text') {
      const text = asString(choice.text);
      if (text) draft.text += text;
      return;
    }
    const delta = asRecord(choice.delta);
    if (delta === undefined) return;
    const role = asString(delta.role);
    if (role) draft.role = role;
    const content = asString(delta.content);
    if (content) draft.text += content;
    const reasoning = asString(delta.reasoning_content) ?? asString(delta.reasoning);
    if (reasoning) draft.reasoning += reasoning;
    const refusal = asString(delta.refusal);
    if (refusal) draft.refusal += refusal;
    const toolCalls = asArray(delta.tool_calls);
    if (toolCalls === undefined) return;
    for (const entry of toolCalls) {
      const call = asRecord(entry);
      if (call === undefined) continue;
      // The first delta of a call carries its id and name; later ones append argument text.
      const callIndex = asInteger(call.index) ?? 0;
      draft.toolCalls ??= [];
      let callDraft = draft.toolCalls[callIndex];
      if (callDraft === undefined) {
        callDraft = { name: '', arguments: '' };
        draft.toolCalls[callIndex] = callDraft;
      }
      const id = asString(call.id);
      if (id) callDraft.id = id;
      const fn = asRecord(call.function) ?? asRecord(call.custom);
      const name = asString(fn?.name);
      if (name) callDraft.name += name;
      const args = asString(fn?.arguments) ?? asString(fn?.input);
      if (args) callDraft.arguments += args;
    }
  }

  private outputMessages(finishReasons: string[]): OutputMessage[] {
    return finishReasons.map((finishReason, index) => {
      const draft = this.choices[index];
      const parts: MessagePart[] = [];
      if (draft !== undefined) {
        if (draft.reasoning) parts.push({ type: 'reasoning', content: draft.reasoning });
        if (draft.text) parts.push({ type: 'text', content: draft.text });
        if (draft.refusal) parts.push({ type: 'refusal', content: draft.refusal });
        for (const call of draft.toolCalls ?? []) {
          if (call === undefined) continue;
          parts.push({
            type: 'tool_call',
            id: call.id,
            name: call.name,
            arguments: parseToolArguments(call.arguments),
          });
        }
      }
      return { role: draft?.role ?? 'assistant', parts, finish_reason: finishReason };
    });
  }
}
