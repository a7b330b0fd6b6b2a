package ai.rivano.gateway.routing.translate;

/** The API dialects the gateway speaks and translates between. */
public enum WireFormat {
  /** OpenAI chat completions ({@code /v1/chat/completions}); also azure, mistral, ollama /v1, echo. */
  OPENAI_CHAT,
  /** Anthropic Messages ({@code /v1/messages}). */
  ANTHROPIC_MESSAGES,
  /** Google Gemini {@code generateContent} / {@code streamGenerateContent?alt=sse}. */
  GEMINI
}
