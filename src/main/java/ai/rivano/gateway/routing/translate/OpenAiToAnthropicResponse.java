package ai.rivano.gateway.routing.translate;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** OpenAI {@code chat.completion} to an Anthropic Messages response (first choice only). */
final class OpenAiToAnthropicResponse {

  private OpenAiToAnthropicResponse() {}

  static JsonObject convert(JsonObject openAi, String upstreamModel) {
    JsonArray choices = openAi.getJsonArray("choices", new JsonArray());
    JsonObject choice = choices.isEmpty() ? new JsonObject() : choices.getJsonObject(0);
    JsonObject message = choice.getJsonObject("message", new JsonObject());
    JsonArray content = new JsonArray();
    String text = Json.openAiContentText(message.getValue("content"));
    if (text.isEmpty()) {
      text = message.getString("refusal", "");
    }
    if (!text.isEmpty()) {
      content.add(new JsonObject().put("type", "text").put("text", text));
    }
    for (Object c : message.getJsonArray("tool_calls", new JsonArray())) {
      if (c instanceof JsonObject call) {
        JsonObject function = call.getJsonObject("function", new JsonObject());
        content.add(new JsonObject()
            .put("type", "tool_use")
            .put("id", call.getString("id"))
            .put("name", function.getString("name"))
            .put("input", Json.argumentsToObject(function.getString("arguments"))));
      }
    }
    return new JsonObject()
        .put("id", openAi.getString("id", OpenAiCompletion.generatedId("msg_")))
        .put("type", "message")
        .put("role", "assistant")
        .put("model", openAi.getString("model", upstreamModel))
        .put("content", content)
        .put("stop_reason", StopReasons.anthropicFromOpenAi(choice.getString("finish_reason", "stop")))
        .putNull("stop_sequence")
        .put("usage", TokenUsage.fromOpenAi(openAi.getJsonObject("usage")).toAnthropic());
  }
}
