package ai.rivano.gateway.testing;

import ai.rivano.gateway.testing.UpstreamStub.Behavior;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Providers that check a request the way the real APIs do before answering it: a body that is not JSON, or whose
 * fields have the wrong types, gets the provider's own 400 error shape; a valid one gets a normal answer (JSON, or
 * SSE when it asked for a stream). Used where a test sends malformed bodies through the gateway and needs the
 * upstream to behave as production would for the bodies the gateway passes through unchanged.
 */
public final class StrictProviders {

  private StrictProviders() {
  }

  /** OpenAI chat completions: {@code model} string, {@code messages} non-empty array of objects with a string role. */
  public static Behavior openAi() {
    return (vertx, request, body) -> {
      String problem = openAiProblem(body);
      if (problem != null) {
        Behaviors.openAiError(400, "invalid_request_error", null, problem).answer(vertx, request, body);
      } else if (Boolean.TRUE.equals(body.toJsonObject().getValue("stream"))) {
        Behaviors.openAiSse("gpt-4o", List.of("ok"), true, 0, -1, -1).answer(vertx, request, body);
      } else {
        Behaviors.openAiChat("gpt-4o", "ok").answer(vertx, request, body);
      }
    };
  }

  /** Anthropic messages: {@code model} string, {@code max_tokens} integer, {@code messages} array of objects. */
  public static Behavior anthropic() {
    return (vertx, request, body) -> {
      String problem = anthropicProblem(body);
      if (problem != null) {
        Behaviors.anthropicError(400, "invalid_request_error", problem).answer(vertx, request, body);
      } else if (Boolean.TRUE.equals(body.toJsonObject().getValue("stream"))) {
        Behaviors.anthropicSse("claude-x", List.of("ok"), 0, -1, -1).answer(vertx, request, body);
      } else {
        Behaviors.anthropicChat("claude-x", "ok").answer(vertx, request, body);
      }
    };
  }

  /** Gemini generateContent: {@code contents} array of objects with a {@code parts} array. */
  public static Behavior gemini() {
    return (vertx, request, body) -> {
      String problem = geminiProblem(body);
      if (problem != null) {
        Behaviors.json(400, new JsonObject().put("error", new JsonObject().put("code", 400).put("message", problem)
            .put("status", "INVALID_ARGUMENT"))).answer(vertx, request, body);
        return;
      }
      JsonObject candidate = new JsonObject()
          .put("content", new JsonObject().put("role", "model")
              .put("parts", new JsonArray().add(new JsonObject().put("text", "ok"))))
          .put("finishReason", "STOP").put("index", 0);
      JsonObject answer = new JsonObject().put("candidates", new JsonArray().add(candidate))
          .put("usageMetadata", new JsonObject().put("promptTokenCount", 3).put("candidatesTokenCount", 1)
              .put("totalTokenCount", 4))
          .put("modelVersion", "gemini-2.5-flash");
      if (request.uri().contains(":streamGenerateContent")) {
        Behaviors.sseData(List.of(answer.encode()), 0, 0, -1, -1).answer(vertx, request, body);
      } else {
        Behaviors.json(200, answer).answer(vertx, request, body);
      }
    };
  }

  private static JsonObject object(Buffer body) {
    try {
      return body.toJsonObject();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String openAiProblem(Buffer body) {
    JsonObject json = object(body);
    if (json == null) {
      return "We could not parse the JSON body of your request.";
    }
    String common = typeProblems(json);
    if (common != null) {
      return common;
    }
    if (!(json.getValue("messages") instanceof JsonArray messages) || messages.isEmpty()) {
      return "Invalid type for 'messages': expected a non-empty array";
    }
    for (Object message : messages) {
      if (!(message instanceof JsonObject m) || !(m.getValue("role") instanceof String)) {
        return "Invalid value for 'messages': each message is an object with a string 'role'";
      }
      Object content = m.getValue("content");
      if (content != null && !(content instanceof String) && !(content instanceof JsonArray)) {
        return "Invalid type for 'messages[].content': expected a string or an array";
      }
      if (content instanceof JsonArray parts && !textParts(parts)) {
        return "Invalid value for 'messages[].content[]': each part is an object with a string 'type'";
      }
    }
    Object options = json.getValue("stream_options");
    if (options != null && !(options instanceof JsonObject o
        && (o.getValue("include_usage") == null || o.getValue("include_usage") instanceof Boolean))) {
      return "Invalid type for 'stream_options': expected an object with a boolean 'include_usage'";
    }
    return null;
  }

  private static String anthropicProblem(Buffer body) {
    JsonObject json = object(body);
    if (json == null) {
      return "messages: request body is not valid JSON";
    }
    String common = typeProblems(json);
    if (common != null) {
      return common;
    }
    if (!(json.getValue("max_tokens") instanceof Integer) && !(json.getValue("max_tokens") instanceof Long)) {
      return "max_tokens: Field required, an integer";
    }
    if (!(json.getValue("messages") instanceof JsonArray messages) || messages.isEmpty()) {
      return "messages: Input should be a non-empty list";
    }
    for (Object message : messages) {
      if (!(message instanceof JsonObject m) || !(m.getValue("role") instanceof String)) {
        return "messages.0: Input should be an object with a string role";
      }
      Object content = m.getValue("content");
      if (!(content instanceof String) && !(content instanceof JsonArray parts && textParts(parts))) {
        return "messages.0.content: Input should be a string or a list of content blocks";
      }
    }
    Object system = json.getValue("system");
    if (system != null && !(system instanceof String) && !(system instanceof JsonArray blocks && textParts(blocks))) {
      return "system: Input should be a string or a list of blocks";
    }
    return null;
  }

  private static String geminiProblem(Buffer body) {
    JsonObject json = object(body);
    if (json == null) {
      return "Invalid JSON payload received.";
    }
    if (!(json.getValue("contents") instanceof JsonArray contents)) {
      return "Invalid JSON payload received. Unknown name \"contents\": expected a list";
    }
    for (Object content : contents) {
      if (!(content instanceof JsonObject c) || !(c.getValue("parts") instanceof JsonArray parts)) {
        return "Invalid JSON payload received. contents[].parts: expected a list";
      }
      for (Object part : parts) {
        if (!(part instanceof JsonObject p) || p.getValue("text") != null && !(p.getValue("text") instanceof String)) {
          return "Invalid JSON payload received. contents[].parts[]: expected an object with a string text";
        }
      }
    }
    Object config = json.getValue("generationConfig");
    if (config != null && !(config instanceof JsonObject)) {
      return "Invalid JSON payload received. generationConfig: expected an object";
    }
    return null;
  }

  /** Fields common to the OpenAI and Anthropic bodies, with the types both APIs insist on. */
  private static String typeProblems(JsonObject json) {
    if (!(json.getValue("model") instanceof String)) {
      return "Invalid type for 'model': expected a string";
    }
    if (json.getValue("stream") != null && !(json.getValue("stream") instanceof Boolean)) {
      return "Invalid type for 'stream': expected a boolean";
    }
    for (String number : List.of("temperature", "top_p", "max_tokens", "n")) {
      if (json.getValue(number) != null && !(json.getValue(number) instanceof Number)) {
        return "Invalid type for '" + number + "': expected a number";
      }
    }
    Object tools = json.getValue("tools");
    if (tools != null && !(tools instanceof JsonArray list && list.stream().allMatch(JsonObject.class::isInstance))) {
      return "Invalid type for 'tools': expected an array of objects";
    }
    return null;
  }

  /** Content parts / blocks: objects with a string type, and a string text when they are text. */
  private static boolean textParts(JsonArray parts) {
    for (Object part : parts) {
      if (!(part instanceof JsonObject p) || !(p.getValue("type") instanceof String type)) {
        return false;
      }
      if ("text".equals(type) && !(p.getValue("text") instanceof String)) {
        return false;
      }
    }
    return true;
  }
}
