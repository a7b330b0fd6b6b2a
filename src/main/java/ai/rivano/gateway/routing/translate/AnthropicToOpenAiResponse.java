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
    for (Object b : anthropic.getJsonArray("content", new JsonArray())) {
      if (!(b instanceof JsonObject block)) {
        continue;
      }
      switch (block.getString("type", "")) {
        case "text" -> {
          sawText = true;
          text.append(block.getString("text", ""));
        }
        case "tool_use" -> toolCalls.add(OpenAiCompletion.toolCall(
            block.getString("id"), block.getString("name"),
            block.getJsonObject("input", new JsonObject()).encode()));
        default -> { } // thinking / redacted_thinking: OpenAI chat has no field for them
      }
    }
    return OpenAiCompletion.build(
        anthropic.getString("id", OpenAiCompletion.generatedId("chatcmpl-")),
        anthropic.getString("model", upstreamModel),
        sawText ? text.toString() : null,
        toolCalls,
        StopReasons.openAiFromAnthropic(anthropic.getString("stop_reason")),
        TokenUsage.fromAnthropic(anthropic.getJsonObject("usage")));
  }
}
