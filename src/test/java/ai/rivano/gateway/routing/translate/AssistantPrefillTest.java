package ai.rivano.gateway.routing.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class AssistantPrefillTest {

  private static JsonObject chat(String... roleContentPairs) {
    JsonArray messages = new JsonArray();
    for (int i = 0; i < roleContentPairs.length; i += 2) {
      messages.add(new JsonObject().put("role", roleContentPairs[i]).put("content", roleContentPairs[i + 1]));
    }
    return new JsonObject().put("model", "m").put("messages", messages);
  }

  @Test
  void openAiRequestGetsTrailingAssistantMessageAndOriginalIsUntouched() {
    JsonObject request = chat("system", "s", "user", "Tell a story");
    JsonObject out = AssistantPrefill.withAssistantPrefill(request, WireFormat.OPENAI_CHAT, "Once upon a time ");
    assertEquals(2, request.getJsonArray("messages").size());
    assertEquals(new JsonObject().put("role", "assistant").put("content", "Once upon a time "),
        out.getJsonArray("messages").getJsonObject(2));
  }

  @Test
  void anthropicPrefillDropsTrailingWhitespaceWhichTheApiRejects() {
    JsonObject out = AssistantPrefill.withAssistantPrefill(chat("user", "Tell a story"), WireFormat.ANTHROPIC_MESSAGES, "Once upon \n");
    assertEquals(new JsonObject().put("role", "assistant").put("content", "Once upon"), out.getJsonArray("messages").getJsonObject(1));
  }

  @Test
  void existingClientPrefillIsExtendedNotDuplicated() {
    JsonObject out = AssistantPrefill.withAssistantPrefill(chat("user", "JSON please", "assistant", "{"),
        WireFormat.ANTHROPIC_MESSAGES, "\"a\": 1");
    assertEquals(2, out.getJsonArray("messages").size());
    assertEquals("{\"a\": 1", out.getJsonArray("messages").getJsonObject(1).getString("content"));
  }

  @Test
  void geminiGetsTrailingModelContent() {
    JsonObject request = new JsonObject().put("contents", new JsonArray().add(new JsonObject().put("role", "user")
        .put("parts", new JsonArray().add(new JsonObject().put("text", "Hi")))));
    JsonObject out = AssistantPrefill.withAssistantPrefill(request, WireFormat.GEMINI, "Hel");
    assertEquals(new JsonObject().put("role", "model").put("parts", new JsonArray().add(new JsonObject().put("text", "Hel"))),
        out.getJsonArray("contents").getJsonObject(1));
  }

  @Test
  void prefilledOpenAiRequestTranslatesToAnthropicPrefill() {
    JsonObject prefilled = AssistantPrefill.withAssistantPrefill(chat("user", "Count"), WireFormat.OPENAI_CHAT, "1, 2,");
    JsonObject anthropic = Translators.forPair(WireFormat.OPENAI_CHAT, WireFormat.ANTHROPIC_MESSAGES)
        .translateRequest(prefilled, "claude-sonnet-4-5");
    JsonArray messages = anthropic.getJsonArray("messages");
    assertEquals("assistant", messages.getJsonObject(messages.size() - 1).getString("role"));
    assertEquals("1, 2,", messages.getJsonObject(messages.size() - 1).getJsonArray("content").getJsonObject(0).getString("text"));
  }

  @Test
  void emptyTextLeavesRequestUnchanged() {
    JsonObject request = chat("user", "x");
    assertEquals(request, AssistantPrefill.withAssistantPrefill(request, WireFormat.OPENAI_CHAT, ""));
  }
}
