import {
  type Attributes,
  type AttributeValue,
  diag,
  type Exception,
  type Link,
  type Span,
  type SpanContext,
  type SpanStatus,
  type TimeInput,
} from '@opentelemetry/api';
import { inputAttributes, outputAttributes, outputFacts } from './content-recording';
import { recordError } from './error-recording';
import type { TracedKind } from './span-options';

/**
 * The span handed to `startSpan`, `traced` and the GenAI helpers: an OpenTelemetry `Span` that
 * also records inputs and outputs in the attributes the conventions name for its kind, and only
 * when content capture is on for it.
 */
export interface TracedSpan extends Span {
  /** What the span stands for. */
  readonly kind: TracedKind;
  /** Whether `setInput` / `setOutput` record anything on this span. */
  readonly capturesContent: boolean;
  /** Records the input (tool arguments, input messages, query …) when content capture is on. */
  setInput(value: unknown): this;
  /**
   * Records the output (tool result, output messages, documents …) when content capture is on.
   * An explicit output wins over the return value genai-otel would otherwise record.
   */
  setOutput(value: unknown): this;
}

/** Who ends the underlying span when it is not simply `span.end()` (the shared inference recorder). */
export interface SpanOwner {
  /** `endTime` in epoch ms when the end is reported after the fact. */
  end(endTime?: number): void;
  endWithError(error: unknown): void;
}

export interface ManualSpanSettings {
  kind: TracedKind;
  captureInput: boolean;
  captureOutput: boolean;
  owner?: SpanOwner;
}

/** Implementation of {@link TracedSpan} over any OpenTelemetry span; ends it at most once. */
export class ManualSpan implements TracedSpan {
  private ended = false;
  private explicitOutput = false;

  constructor(
    readonly span: Span,
    private readonly settings: ManualSpanSettings,
  ) {}

  get kind(): TracedKind {
    return this.settings.kind;
  }

  get capturesContent(): boolean {
    return this.settings.captureInput || this.settings.captureOutput;
  }

  get capturesInput(): boolean {
    return this.settings.captureInput;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** Whether an output should be collected for recording (capture on, and not set explicitly). */
  get wantsOutput(): boolean {
    return this.settings.captureOutput && !this.explicitOutput;
  }

  setInput(value: unknown): this {
    if (this.settings.captureInput)
      this.guard(() => this.span.setAttributes(inputAttributes(this.kind, value, this.span)));
    return this;
  }

  setOutput(value: unknown): this {
    this.markOutputSet();
    this.recordOutput(value);
    return this;
  }

  /** Notes that the output was recorded by other means, so the return value is not recorded over it. */
  protected markOutputSet(): void {
    this.explicitOutput = true;
  }

  /** Records a return value unless the user already set an output; facts (not content) always. */
  recordReturnValue(value: unknown): void {
    this.guard(() => this.span.setAttributes(outputFacts(this.kind, value)));
    if (!this.explicitOutput) this.recordOutput(value);
  }

  private recordOutput(value: unknown): void {
    if (this.settings.captureOutput)
      this.guard(() => this.span.setAttributes(outputAttributes(this.kind, value, this.span)));
  }

  private guard(record: () => void): void {
    try {
      record();
    } catch (error) {
      diag.debug('genai-otel: could not record span content', error);
    }
  }

  // --- OpenTelemetry Span, delegated ---

  spanContext(): SpanContext {
    return this.span.spanContext();
  }

  setAttribute(key: string, value: AttributeValue): this {
    this.span.setAttribute(key, value);
    return this;
  }

  setAttributes(attributes: Attributes): this {
    this.span.setAttributes(attributes);
    return this;
  }

  addEvent(name: string, attributesOrStartTime?: Attributes | TimeInput, startTime?: TimeInput): this {
    this.span.addEvent(name, attributesOrStartTime, startTime);
    return this;
  }

  addLink(link: Link): this {
    this.span.addLink(link);
    return this;
  }

  addLinks(links: Link[]): this {
    this.span.addLinks(links);
    return this;
  }

  setStatus(status: SpanStatus): this {
    this.span.setStatus(status);
    return this;
  }

  updateName(name: string): this {
    this.span.updateName(name);
    return this;
  }

  /** Ends the span; later calls (from the user or from genai-otel) do nothing. */
  end(endTime?: TimeInput): void {
    if (this.ended) return;
    this.ended = true;
    if (this.settings.owner) this.settings.owner.end(typeof endTime === 'number' ? endTime : undefined);
    else this.span.end(endTime);
  }

  /** Records `error` (exception event, status ERROR, `error.type`) and ends the span. */
  endWithError(error: unknown): void {
    if (this.ended) return;
    if (this.settings.owner) {
      this.ended = true;
      this.settings.owner.endWithError(error);
      return;
    }
    recordError(this.span, error);
    this.end();
  }

  isRecording(): boolean {
    return this.span.isRecording();
  }

  recordException(exception: Exception, time?: TimeInput): void {
    this.span.recordException(exception, time);
  }
}
