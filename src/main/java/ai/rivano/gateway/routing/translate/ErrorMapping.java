package ai.rivano.gateway.routing.translate;

import ai.rivano.gateway.routing.sse.SseEvent;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * Error bodies in each client format, built from an upstream error in any format. The HTTP status
 * is never changed (SDKs pick their exception class from it); the body's type is derived from the
 * status so it is always one the client SDK knows, and the upstream's own kind is kept in
 * {@code code} so nothing is lost.
 */
public final class ErrorMapping {

  /** OpenAI's code for a prompt that is too long; the failover layer keys on it. */
  public static final String CONTEXT_LENGTH_EXCEEDED = "context_length_exceeded";

  private ErrorMapping() {}

  /** What an upstream error said, whatever its shape. */
  public record UpstreamError(String message, String kind) {

    /**
     * Reads OpenAI {@code {"error":{"message","type","code"}}}, Anthropic
     * {@code {"type":"error","error":{"type","message"}}} and Google
     * {@code {"error":{"code":400,"message","status"}}}.
     */
    public static UpstreamError parse(int status, JsonObject body) {
      Object errorValue = body == null ? null : body.getValue("error");
      if (errorValue instanceof String text) {
        return new UpstreamError(text, null); // some OpenAI-compatible servers send {"error": "..."}
      }
      if (!(errorValue instanceof JsonObject error)) {
        return new UpstreamError("Upstream returned HTTP " + status, null);
      }
      String message = Json.str(error, "message", "Upstream returned HTTP " + status);
      Object code = error.getValue("code");
      String kind = code instanceof String s ? s                   // OpenAI code
          : Json.str(error, "status", error.getString("type"));  // Google status, Anthropic/OpenAI type
      if (looksLikeContextLength(message)) {
        kind = CONTEXT_LENGTH_EXCEEDED;
      }
      return new UpstreamError(message, kind);
    }

    private static boolean looksLikeContextLength(String message) {
      String m = message.toLowerCase(Locale.ROOT);
      return m.contains("prompt is too long")                                   // Anthropic
          || m.contains("maximum context length")                               // OpenAI
          || m.contains("input token count") && m.contains("exceeds the maximum") // Gemini
          || m.contains("context_length_exceeded");
    }
  }

  public static JsonObject toOpenAi(int status, JsonObject upstreamError) {
    UpstreamError parsed = UpstreamError.parse(status, upstreamError);
    return openAiBody(status, parsed.message(), parsed.kind());
  }

  public static JsonObject toAnthropic(int status, JsonObject upstreamError) {
    UpstreamError parsed = UpstreamError.parse(status, upstreamError);
    return anthropicBody(status, parsed.message());
  }

  public static JsonObject openAiBody(int status, String message, String code) {
    return new JsonObject().put("error", new JsonObject()
        .put("message", message)
        .put("type", openAiType(status))
        .putNull("param")
        .put("code", code));
  }

  public static JsonObject anthropicBody(int status, String message) {
    return new JsonObject()
        .put("type", "error")
        .put("error", new JsonObject().put("type", anthropicType(status)).put("message", message));
  }

  /** The SSE event a client of {@code format} understands as "this stream failed". */
  public static SseEvent streamErrorEvent(WireFormat format, int status, String message) {
    return switch (format) {
      // OpenAI sends errors mid-stream as a data line holding the usual error object.
      case OPENAI_CHAT -> SseEvent.data(openAiBody(status, message, null).encode());
      case ANTHROPIC_MESSAGES -> SseEvent.named("error", anthropicBody(status, message).encode());
      case GEMINI -> SseEvent.data(new JsonObject().put("error", new JsonObject()
          .put("code", status).put("message", message).put("status", googleStatus(status))).encode());
    };
  }

  static String openAiType(int status) {
    return switch (status) {
      case 401 -> "authentication_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 429 -> "rate_limit_error";
      default -> status >= 500 ? "server_error" : "invalid_request_error";
    };
  }

  static String anthropicType(int status) {
    return switch (status) {
      case 401 -> "authentication_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 413 -> "request_too_large";
      case 429 -> "rate_limit_error";
      case 503, 529 -> "overloaded_error";
      default -> status >= 500 ? "api_error" : "invalid_request_error";
    };
  }

  static String googleStatus(int status) {
    return switch (status) {
      case 400 -> "INVALID_ARGUMENT";
      case 401 -> "UNAUTHENTICATED";
      case 403 -> "PERMISSION_DENIED";
      case 404 -> "NOT_FOUND";
      case 429 -> "RESOURCE_EXHAUSTED";
      case 503 -> "UNAVAILABLE";
      case 504 -> "DEADLINE_EXCEEDED";
      default -> status >= 500 ? "INTERNAL" : "INVALID_ARGUMENT";
    };
  }
}
