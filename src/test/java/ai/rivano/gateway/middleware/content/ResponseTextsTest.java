package ai.rivano.gateway.middleware.content;

import ai.rivano.gateway.routing.translate.WireFormat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The answer texts of whole responses in the three client dialects, replaced in place. */
class ResponseTextsTest {

  private static List<String> seen(ResponseTexts texts) {
    return texts.parts().stream().map(p -> p.message() + ":" + p.role() + ":" + p.text()).toList();
  }

  @Test
  void openAiContentAndToolCallArguments() {
    JsonObject response = new JsonObject("""
        {"id": "chatcmpl-1", "object": "chat.completion", "choices": [
          {"index": 0, "message": {"role": "assistant", "content": "write to PII_EMAIL_a1b2c3",
            "tool_calls": [{"id": "c1", "type": "function",
              "function": {"name": "send", "arguments": "{\\"to\\":\\"PII_EMAIL_a1b2c3\\"}"}}]},
           "finish_reason": "tool_calls"},
          {"index": 1, "message": {"role": "assistant", "content": null, "refusal": "no"}}],
         "usage": {"prompt_tokens": 5, "completion_tokens": 7}}""");
    ResponseTexts texts = ResponseTexts.of(WireFormat.OPENAI_CHAT, response);
    assertEquals(List.of("0:ASSISTANT:write to PII_EMAIL_a1b2c3", "0:TOOL_CALL_ARGUMENTS:PII_EMAIL_a1b2c3",
        "1:ASSISTANT:no"), seen(texts));
    texts.replace(0, "write to jane@x.io");
    texts.replace(1, "jane \"the\" doe");
    JsonObject message = texts.body().getJsonArray("choices").getJsonObject(0).getJsonObject("message");
    assertEquals("write to jane@x.io", message.getString("content"));
    assertEquals(new JsonObject().put("to", "jane \"the\" doe"), new JsonObject(message.getJsonArray("tool_calls")
        .getJsonObject(0).getJsonObject("function").getString("arguments")));
  }

  @Test
  void anthropicTextAndToolUseInput() {
    JsonObject response = new JsonObject("""
        {"id": "msg_1", "type": "message", "role": "assistant", "content": [
          {"type": "thinking", "thinking": "x", "signature": "s"},
          {"type": "text", "text": "Calling"},
          {"type": "tool_use", "id": "t", "name": "f", "input": {"q": "555-0100", "n": 2}}],
         "stop_reason": "tool_use"}""");
    ResponseTexts texts = ResponseTexts.of(WireFormat.ANTHROPIC_MESSAGES, response);
    assertEquals(List.of("0:ASSISTANT:Calling", "0:TOOL_CALL_ARGUMENTS:555-0100"), seen(texts));
    texts.replace(1, "[REDACTED]");
    assertEquals("[REDACTED]", response.getJsonArray("content").getJsonObject(2).getJsonObject("input").getString("q"));
  }

  @Test
  void geminiCandidatesParts() {
    JsonObject response = new JsonObject("""
        {"candidates": [{"index": 0, "content": {"role": "model", "parts": [
            {"text": "thinking...", "thought": true}, {"text": "Hello "}, {"text": "Jane"},
            {"functionCall": {"name": "f", "args": {"who": "Jane"}}}]}, "finishReason": "STOP"}],
         "usageMetadata": {"promptTokenCount": 3}}""");
    ResponseTexts texts = ResponseTexts.of(WireFormat.GEMINI, response);
    assertEquals(List.of("0:ASSISTANT:Hello ", "0:ASSISTANT:Jane", "0:TOOL_CALL_ARGUMENTS:Jane"), seen(texts));
    texts.replace(1, "J***");
    assertEquals("J***", response.getJsonArray("candidates").getJsonObject(0).getJsonObject("content")
        .getJsonArray("parts").getJsonObject(2).getString("text"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{}", "{\"choices\": 1}", "{\"choices\": [1, {\"message\": 2}, {\"message\": {\"content\": 3}}]}",
      "{\"content\": \"x\"}", "{\"content\": [1, {\"type\": \"text\", \"text\": 2}, {\"type\": \"tool_use\", \"input\": 3}]}",
      "{\"candidates\": [1, {\"content\": 1}, {\"content\": {\"parts\": [1, {\"text\": 2}]}}]}",
      "{\"error\": {\"message\": \"upstream failed\"}}"})
  void typeConfusedResponsesHaveNoTexts(String body) {
    for (WireFormat format : WireFormat.values()) {
      assertEquals(List.of(), ResponseTexts.of(format, new JsonObject(body)).parts(), format + " " + body);
    }
  }

  @Test
  void nullResponseHasNoTexts() {
    assertEquals(List.of(), ResponseTexts.of(WireFormat.OPENAI_CHAT, null).parts());
    assertEquals(new JsonArray(), new JsonArray(ResponseTexts.of(WireFormat.GEMINI, null).parts()));
  }
}
