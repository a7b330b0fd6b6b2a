package ai.rivano.gateway.routing.translate;

/** Native endpoint of each format, relative to the provider's base URL. */
final class UpstreamPaths {

  static final String OPENAI_CHAT = "/v1/chat/completions";
  static final String ANTHROPIC_MESSAGES = "/v1/messages";

  private UpstreamPaths() {}

  /** Gemini puts the model and the streaming mode in the path; {@code alt=sse} selects SSE framing. */
  static String gemini(String model, boolean stream) {
    return "/v1beta/models/" + model + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
  }
}
