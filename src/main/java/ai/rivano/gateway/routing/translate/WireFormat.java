package ai.rivano.gateway.routing.translate;

/** The request/response dialects the gateway understands on either side of a proxied call. */
public enum WireFormat {
  /** OpenAI chat completions ({@code /v1/chat/completions}); also azure, mistral, ollama /v1, echo. */
  OPENAI_CHAT,
  /** Anthropic Messages ({@code /v1/messages}). */
  ANTHROPIC_MESSAGES,
  /** Google Gemini {@code generateContent} / {@code streamGenerateContent?alt=sse}. */
  GEMINI;

  /**
   * The dialect a client speaks, told by the path it called (after any {@code /<provider>} prefix):
   * {@code …/messages} is Anthropic, {@code …:generateContent} Gemini, anything else OpenAI.
   */
  public static WireFormat ofClientPath(String path) {
    if (path.endsWith("/messages")) {
      return ANTHROPIC_MESSAGES;
    }
    if (path.contains(":generateContent") || path.contains(":streamGenerateContent")) {
      return GEMINI;
    }
    return OPENAI_CHAT;
  }
}
