package ai.rivano.gateway.routing.translate;

/** Native endpoint of each format, relative to the provider's base URL. */
final class UpstreamPaths {

  static final String OPENAI_CHAT = "/v1/chat/completions";
  static final String ANTHROPIC_MESSAGES = "/v1/messages";

  private UpstreamPaths() {}

  /** A Gemini model id as it may stand in a URL path: letters, digits, {@code . _ -}, nothing that could climb. */
  private static final java.util.regex.Pattern GEMINI_MODEL = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  /**
   * Gemini puts the model and the streaming mode in the path; {@code alt=sse} selects SSE framing. The model comes
   * from the client's body (or the operator's mapping), so it is checked before it becomes part of a URL sent with
   * the operator's key: {@code "../../v1/files"} or {@code "x?key=y"} must never reach the provider.
   *
   * @throws IllegalArgumentException naming the problem, for a model id that is not a plain path segment
   */
  static String gemini(String model, boolean stream) {
    if (model == null || !GEMINI_MODEL.matcher(model).matches()) {
      throw new IllegalArgumentException("\"model\" must be a model id (letters, digits, '.', '_', '-') to be served by Gemini");
    }
    return "/v1beta/models/" + model + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
  }
}
