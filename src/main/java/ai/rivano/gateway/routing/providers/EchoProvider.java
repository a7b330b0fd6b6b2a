package ai.rivano.gateway.routing.providers;

import ai.rivano.gateway.routing.RequestShape;
import ai.rivano.gateway.routing.translate.WireFormat;
import io.vertx.core.buffer.Buffer;
import ai.rivano.gateway.routing.sse.SseEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The built-in {@code echo} provider: answers locally, in the wire format the client used (OpenAI chat
 * completions or Anthropic messages, streaming or not), with the last user message as the gateway forwarded
 * it, so redaction is visible. Token figures are estimates (about four characters a token), clearly plausible
 * rather than exact. No network: a newcomer can run the gateway with no API key.
 */
public final class EchoProvider {

  public static final String MODEL = "echo-1";

  /** Where echo's answer goes (the request's exit, so guardrails and audit see echo like any provider). */
  public interface Out {
    void json(int status, JsonObject body);

    /** A complete stream, in the client's dialect. */
    void stream(java.util.List<SseEvent> events);
  }

  private EchoProvider() {
  }

  public static void answer(Out response, String method, String path, WireFormat format, Buffer body) {
    if (path.endsWith("/models") && "GET".equals(method)) {
      response.json(200, new JsonObject().put("object", "list").put("data",
          new JsonArray().add(new JsonObject().put("id", MODEL).put("object", "model").put("owned_by", "rivano"))));
      return;
    }
    JsonObject request;
    try {
      request = body.length() == 0 ? null : body.toJsonObject();
    } catch (RuntimeException e) {
      request = null;
    }
    boolean chat = path.endsWith("/chat/completions") || format == WireFormat.ANTHROPIC_MESSAGES;
    String problem = !"POST".equals(method) || !chat
        ? "the echo provider serves POST /v1/chat/completions, POST /v1/messages and GET /v1/models"
        : request == null ? "request body must be a JSON object with \"messages\""
        : RequestShape.problem(format, request);
    if (problem == null && !(request.getValue("messages") instanceof JsonArray)) {
      problem = "request body must be a JSON object with \"messages\"";
    }
    if (problem != null) {
      response.json(400, error(format, problem));
      return;
    }
    Parsed parsed = Parsed.of(request, format);
    if (format == WireFormat.ANTHROPIC_MESSAGES) {
      if (parsed.stream) {
        response.stream(AnthropicEcho.stream(parsed.model, parsed.text, parsed.inputTokens, parsed.outputTokens));
      } else {
        response.json(200, AnthropicEcho.message(parsed.model, parsed.text, parsed.inputTokens, parsed.outputTokens));
      }
    } else if (parsed.stream) {
      response.stream(OpenAiEcho.stream(parsed.model, parsed.text, parsed.inputTokens, parsed.outputTokens,
          parsed.includeUsage));
    } else {
      response.json(200, OpenAiEcho.completion(parsed.model, parsed.text, parsed.inputTokens, parsed.outputTokens));
    }
  }

  /**
   * What echo reads from a request whose field types {@link RequestShape} has checked: a cast that failed inside
   * an answer once left the client without one ({@code "stream": "true"} hung the connection).
   */
  private record Parsed(String model, String text, boolean stream, boolean includeUsage, int inputTokens,
                        int outputTokens) {

    static Parsed of(JsonObject request, WireFormat format) {
      JsonObject options = request.getJsonObject("stream_options");
      boolean includeUsage = format != WireFormat.ANTHROPIC_MESSAGES && options != null
          && Boolean.TRUE.equals(options.getValue("include_usage"));
      JsonArray messages = request.getJsonArray("messages");
      String text = lastUserText(messages);
      int inputTokens = estimateTokens(messages.encode())
          + estimateTokens(request.getValue("system") == null ? "" : String.valueOf(request.getValue("system")));
      // getValue, not getBoolean(key, false): a key present with null ("stream": null, which OpenAI accepts) gives
      // null there, and unboxing it threw on the event loop and left the client without an answer
      Object model = request.getValue("model");
      return new Parsed(model instanceof String name ? name : MODEL, text,
          Boolean.TRUE.equals(request.getValue("stream")), includeUsage,
          inputTokens, estimateTokens(text));
    }
  }

  /** The last user message's text; anything that is not a message or a text part is skipped, never cast. */
  static String lastUserText(JsonArray messages) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (!(messages.getValue(i) instanceof JsonObject m) || !"user".equals(m.getValue("role"))) {
        continue;
      }
      Object content = m.getValue("content");
      if (content instanceof String s) {
        return s;
      }
      if (content instanceof JsonArray parts) {
        StringBuilder text = new StringBuilder();
        for (Object part : parts) {
          if (part instanceof JsonObject p && "text".equals(p.getValue("type")) && p.getValue("text") instanceof String t) {
            text.append(text.length() > 0 ? "\n" : "").append(t);
          }
        }
        return text.toString();
      }
    }
    return "";
  }

  static int estimateTokens(String text) {
    return text.isEmpty() ? 0 : Math.max(1, (text.length() + 3) / 4);
  }

  static String id(String prefix) {
    return prefix + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
  }

  /** Splits into word-sized pieces so a stream looks like one (and tests see several events). */
  static String[] pieces(String text) {
    return text.isEmpty() ? new String[0] : text.split("(?<= )");
  }

  private static JsonObject error(WireFormat format, String message) {
    return format == WireFormat.ANTHROPIC_MESSAGES
        ? new JsonObject().put("type", "error").put("error",
            new JsonObject().put("type", "invalid_request_error").put("message", message))
        : new JsonObject().put("error",
            new JsonObject().put("message", message).put("type", "invalid_request_error").put("code", "invalid_request"));
  }

}
