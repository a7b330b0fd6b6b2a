package ai.rivano.gateway.middleware.content;

/**
 * Where a piece of text sits in a request or a response, whatever the wire format: guardrails treat them
 * differently (an instruction inside a tool result is suspicious, the same words from the user are not;
 * {@code content_pattern} with {@code field: system} reads only system text).
 */
public enum TextRole {
  /** A system prompt (OpenAI {@code system}/{@code developer} messages, Anthropic {@code system}, Gemini {@code systemInstruction}). */
  SYSTEM,
  /** What the user wrote. */
  USER,
  /** An earlier assistant turn in the request, or the answer in a response. */
  ASSISTANT,
  /** Arguments of a tool call the model made (JSON text). */
  TOOL_CALL_ARGUMENTS,
  /** A tool's output, or retrieved text handed back to the model. */
  TOOL_RESULT
}
