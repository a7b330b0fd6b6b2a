package ai.rivano.gateway.routing.translate;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** OpenAI {@code chat.completion} to an Anthropic Messages response (first choice only). */
final class OpenAiToAnthropicResponse {

  private OpenAiToAnthropicResponse() {}

  static JsonObject convert(JsonObject openAi, String upstreamModel) {
    JsonArray choices = Json.arr(openAi, "choices");
    JsonObject choice = choices.isEmpty() ? new JsonObject() : choices.getJsonObject(0);
    JsonObject message = Json.obj(choice, "message");
    JsonArray content = new JsonArray();
    String text = Json.openAiContentText(message.getValue("content"));
    if (text.isEmpty() && message.getString("refusal") != null) {
      text = message.getString("refusal"); // present-but-null when the model did not refuse
    }
    if (!text.isEmpty()) {
      content.add(new JsonObject().put("type", "text").put("text", text));
    }
    for (Object c : Json.arr(message, "tool_calls")) {
      if (c instanceof JsonObject call) {
        JsonObject function = Json.obj(call, "function");
        content.add(new JsonObject()
            .put("type", "tool_use")
            .put("id", call.getString("id"))
            .put("name", function.getString("name"))
            .put("input", Json.argumentsToObject(function.getString("arguments"))));
      }
    }
    return new JsonObject()
        .put("id", Json.str(openAi, "id", OpenAiCompletion.generatedId("msg_")))
        .put("type", "message")
        .put("role", "assistant")
        .put("model", Json.str(openAi, "model", upstreamModel))
        .put("content", content)
        .put("stop_reason", StopReasons.anthropicFromOpenAi(Json.str(choice, "finish_reason", "stop")))
        .putNull("stop_sequence")
        .put("usage", TokenUsage.fromOpenAi(openAi.getJsonObject("usage")).toAnthropic());
  }
}
