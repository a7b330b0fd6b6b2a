package ai.rivano.gateway.routing.translate;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Anthropic Messages response to an OpenAI {@code chat.completion}. */
final class AnthropicToOpenAiResponse {

  private AnthropicToOpenAiResponse() {}

  static JsonObject convert(JsonObject anthropic, String upstreamModel) {
    StringBuilder text = new StringBuilder();
    boolean sawText = false;
    JsonArray toolCalls = new JsonArray();
    for (Object b : Json.arr(anthropic, "content")) {
      if (!(b instanceof JsonObject block)) {
        continue;
      }
      switch (Json.str(block, "type", "")) {
        case "text" -> {
          sawText = true;
          text.append(Json.str(block, "text", ""));
        }
        case "tool_use" -> toolCalls.add(OpenAiCompletion.toolCall(
            block.getString("id"), block.getString("name"),
            Json.obj(block, "input").encode()));
        default -> { } // thinking / redacted_thinking: OpenAI chat has no field for them
      }
    }
    return OpenAiCompletion.build(
        Json.str(anthropic, "id", OpenAiCompletion.generatedId("chatcmpl-")),
        Json.str(anthropic, "model", upstreamModel),
        sawText ? text.toString() : null,
        toolCalls,
        StopReasons.openAiFromAnthropic(anthropic.getString("stop_reason")),
        TokenUsage.fromAnthropic(anthropic.getJsonObject("usage")));
  }
}
