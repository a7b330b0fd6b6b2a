package ai.rivano.gateway.routing.translate;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Builds a non-streaming {@code chat.completion} body, whatever upstream the parts came from. */
final class OpenAiCompletion {

  private OpenAiCompletion() {}

  static JsonObject toolCall(String id, String name, String argumentsJson) {
    return new JsonObject()
        .put("id", id)
        .put("type", "function")
        .put("function", new JsonObject().put("name", name).put("arguments", argumentsJson));
  }

  /** {@code text} is null when the answer has no text (OpenAI then sends {@code "content": null}). */
  static JsonObject build(String id, String model, String text, JsonArray toolCalls, String finishReason, TokenUsage usage) {
    JsonObject message = new JsonObject().put("role", "assistant");
    if (text == null) {
      message.putNull("content");
    } else {
      message.put("content", text);
    }
    if (toolCalls != null && !toolCalls.isEmpty()) {
      message.put("tool_calls", toolCalls);
    }
    message.putNull("refusal");
    JsonObject choice = new JsonObject()
        .put("index", 0)
        .put("message", message)
        .putNull("logprobs")
        .put("finish_reason", finishReason == null ? "stop" : finishReason);
    return new JsonObject()
        .put("id", id)
        .put("object", "chat.completion")
        .put("created", System.currentTimeMillis() / 1000)
        .put("model", model)
        .put("choices", new JsonArray().add(choice))
        .put("usage", usage.toOpenAi());
  }

  static String generatedId(String prefix) {
    return prefix + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 24);
  }
}
