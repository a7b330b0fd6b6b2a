package ai.rivano.gateway.routing.providers;

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
    if (!"POST".equals(method) || !chat || request == null || !(request.getValue("messages") instanceof JsonArray)) {
      String message = request == null && chat && "POST".equals(method)
          ? "request body must be a JSON object with \"messages\""
          : "the echo provider serves POST /v1/chat/completions, POST /v1/messages and GET /v1/models";
      response.json(400, error(format, message));
      return;
    }
    String text = lastUserText(request.getJsonArray("messages"));
    String model = request.getString("model", MODEL);
    int inputTokens = estimateTokens(request.getJsonArray("messages").encode())
        + estimateTokens(request.getValue("system") == null ? "" : String.valueOf(request.getValue("system")));
    int outputTokens = estimateTokens(text);
    boolean stream = request.getBoolean("stream", false);
    if (format == WireFormat.ANTHROPIC_MESSAGES) {
      if (stream) {
        response.stream(AnthropicEcho.stream(model, text, inputTokens, outputTokens));
      } else {
        response.json(200, AnthropicEcho.message(model, text, inputTokens, outputTokens));
      }
    } else if (stream) {
      boolean usage = request.getJsonObject("stream_options", new JsonObject()).getBoolean("include_usage", false);
      response.stream(OpenAiEcho.stream(model, text, inputTokens, outputTokens, usage));
    } else {
      response.json(200, OpenAiEcho.completion(model, text, inputTokens, outputTokens));
    }
  }

  static String lastUserText(JsonArray messages) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (!(messages.getValue(i) instanceof JsonObject m) || !"user".equals(m.getString("role"))) {
        continue;
      }
      Object content = m.getValue("content");
      if (content instanceof String s) {
        return s;
      }
      if (content instanceof JsonArray parts) {
        StringBuilder text = new StringBuilder();
        for (Object part : parts) {
          if (part instanceof JsonObject p && "text".equals(p.getString("type"))) {
            text.append(text.length() > 0 ? "\n" : "").append(p.getString("text", ""));
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
