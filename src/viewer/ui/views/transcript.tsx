import type { ChatMessage, ChatPart, Parsed, ToolDefinition } from '../model/chat-messages';
import { prettyJson } from '../model/chat-messages';

/**
 * A model call's content as a chat transcript: system instructions, the input messages, the
 * output messages. Everything is rendered as text nodes (Preact escapes them): captured content
 * is untrusted and must never become markup.
 */
export function Transcript(props: {
  systemInstructions?: ChatPart[];
  input?: Parsed<ChatMessage[]>;
  output?: Parsed<ChatMessage[]>;
}) {
  return (
    <div class="transcript">
      {props.systemInstructions && props.systemInstructions.length > 0 && (
        <MessageBubble
          message={{ role: 'system', parts: props.systemInstructions }}
          note="system instructions"
        />
      )}
      {props.input && <MessageList parsed={props.input} label="input" />}
      {props.output && <MessageList parsed={props.output} label="output" />}
    </div>
  );
}

function MessageList({ parsed, label }: { parsed: Parsed<ChatMessage[]>; label: 'input' | 'output' }) {
  if (!parsed.ok) {
    return (
      <div class={`message role-unknown raw-content ${label}`}>
        <div class="message-head">
          <span class="role">{label} (not valid JSON message list)</span>
        </div>
        <pre class="part-text">{parsed.raw}</pre>
      </div>
    );
  }
  return (
    <>
      {parsed.value.map((message, index) => (
        <MessageBubble key={index} message={message} note={label === 'output' ? 'output' : undefined} />
      ))}
    </>
  );
}

function MessageBubble({ message, note }: { message: ChatMessage; note?: string }) {
  return (
    <div class={`message role-${roleClass(message.role)}`} data-role={message.role}>
      <div class="message-head">
        <span class="role">{message.role}</span>
        {message.name && <span class="muted">{message.name}</span>}
        {note && <span class="muted">{note}</span>}
        {message.finishReason && <span class="finish-reason">finish: {message.finishReason}</span>}
      </div>
      {message.parts.length === 0 && <p class="muted">(no content)</p>}
      {message.parts.map((part, index) => (
        <MessagePart key={index} part={part} />
      ))}
    </div>
  );
}

function MessagePart({ part }: { part: ChatPart }) {
  switch (part.type) {
    case 'text':
      return <div class="part-text">{part.content}</div>;
    case 'reasoning':
      return (
        <details class="part-reasoning">
          <summary>Reasoning</summary>
          <div class="part-text">{part.content}</div>
        </details>
      );
    case 'tool_call':
      return (
        <div class="part-tool-call">
          <div class="part-title">
            <span class="badge cat-tool">tool call</span> <strong>{part.name}</strong>
            {part.id && <span class="muted mono"> {part.id}</span>}
          </div>
          {part.arguments !== undefined && <pre class="json">{prettyJson(part.arguments)}</pre>}
        </div>
      );
    case 'tool_call_response':
      return (
        <div class="part-tool-result">
          <div class="part-title">
            <span class="badge cat-tool">tool result</span>
            {part.id && <span class="muted mono"> {part.id}</span>}
          </div>
          <pre class="json">{prettyJson(part.response)}</pre>
        </div>
      );
    case 'media':
      return (
        <div class="part-media">
          [{part.modality ?? 'media'} {part.kind}
          {part.mimeType ? ` · ${part.mimeType}` : ''}
          {part.reference ? ` · ${part.reference}` : ''}
          {part.contentLength !== undefined ? ` · ${part.contentLength} base64 chars` : ''}]
        </div>
      );
    case 'other':
      return (
        <div class="part-other">
          <div class="part-title muted">{part.typeName} part</div>
          <pre class="json">{prettyJson(part.value)}</pre>
        </div>
      );
  }
}

/** `gen_ai.tool.definitions`: the tools the model was offered. */
export function ToolDefinitions({ parsed }: { parsed: Parsed<ToolDefinition[]> }) {
  if (!parsed.ok) return <pre class="json">{parsed.raw}</pre>;
  return (
    <ul class="tool-definitions">
      {parsed.value.map((tool, index) => (
        <li key={index}>
          <details>
            <summary>
              <strong>{tool.name}</strong> <span class="muted">{tool.type}</span>
              {tool.description && <span class="tool-description"> — {tool.description}</span>}
            </summary>
            {tool.parameters !== undefined && <pre class="json">{prettyJson(tool.parameters)}</pre>}
          </details>
        </li>
      ))}
    </ul>
  );
}

/** Known roles get their own colour; anything else shares one (the role text is shown as sent). */
function roleClass(role: string): string {
  return ['system', 'user', 'assistant', 'tool', 'developer'].includes(role) ? role : 'other';
}
