package ai.rivano.gateway.middleware.content;

import ai.rivano.gateway.routing.sse.SseEvent;
import ai.rivano.gateway.routing.translate.WireFormat;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One stream event's texts in each client dialect, and the same event with other texts. */
class StreamEventTextsTest {

  private static List<String> seen(StreamEventTexts texts) {
    return texts.slots().stream().map(s -> s.channel() + "|" + s.role() + "|" + s.text() + "|"
        + (s.jsonFragment() ? "json" : "text") + (s.last() ? "|last" : "")).toList();
  }

  @Test
  void openAiContentDelta() {
    SseEvent event = SseEvent.data("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"m\","
        + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null}]}");
    StreamEventTexts texts = StreamEventTexts.read(WireFormat.OPENAI_CHAT, event);
    assertEquals(List.of("choice0|ASSISTANT|Hel|text"), seen(texts));
    assertSame(event, texts.toEvent(), "unchanged events are passed through as they were");
    texts.replace(0, "Hello");
    JsonObject out = new JsonObject(texts.toEvent().data());
    assertEquals("Hello", out.getJsonArray("choices").getJsonObject(0).getJsonObject("delta").getString("content"));
    assertEquals("c", out.getString("id"));
  }

  @Test
  void openAiToolCallFragmentsAndFinish() {
    SseEvent event = SseEvent.data("{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\",\"tool_calls\":"
        + "[{\"index\":1,\"function\":{\"arguments\":\"{\\\"to\\\":\\\"PII_\"}}]},\"finish_reason\":\"tool_calls\"}],"
        + "\"usage\":{\"prompt_tokens\":1}}");
    StreamEventTexts texts = StreamEventTexts.read(WireFormat.OPENAI_CHAT, event);
    assertEquals(List.of("choice0|ASSISTANT|x|text|last", "choice0.tool1|TOOL_CALL_ARGUMENTS|{\"to\":\"PII_|json|last"),
        seen(texts));
    JsonObject alone = new JsonObject(texts.eventWith(1, "rest").data());
    assertEquals("c", alone.getString("id"));
    assertFalse(alone.containsKey("usage"), "a released piece carries no usage");
    JsonObject choice = alone.getJsonArray("choices").getJsonObject(0);
    assertEquals(null, choice.getValue("finish_reason"), "nor a finish reason");
    assertEquals("rest", choice.getJsonObject("delta").getJsonArray("tool_calls").getJsonObject(0)
        .getJsonObject("function").getString("arguments"));
    assertEquals(1, choice.getJsonObject("delta").getJsonArray("tool_calls").getJsonObject(0).getInteger("index"));
  }

  @Test
  void anthropicTextAndJsonDeltas() {
    SseEvent text = SseEvent.named("content_block_delta",
        "{\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}");
    StreamEventTexts texts = StreamEventTexts.read(WireFormat.ANTHROPIC_MESSAGES, text);
    assertEquals(List.of("block2|ASSISTANT|Hi|text"), seen(texts));
    texts.replace(0, "Hey");
    SseEvent out = texts.toEvent();
    assertEquals("content_block_delta", out.event());
    assertEquals("Hey", new JsonObject(out.data()).getJsonObject("delta").getString("text"));
    SseEvent alone = texts.eventWith(0, "more");
    assertEquals(new JsonObject("{\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"text_delta\",\"text\":\"more\"}}"),
        new JsonObject(alone.data()));

    SseEvent json = SseEvent.named("content_block_delta",
        "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"a\\\":\"}}");
    assertEquals(List.of("block1|TOOL_CALL_ARGUMENTS|{\"a\":|json"),
        seen(StreamEventTexts.read(WireFormat.ANTHROPIC_MESSAGES, json)));
  }

  @Test
  void anthropicEventsWithoutTextHaveNoSlots() {
    for (String data : List.of("{\"type\":\"message_start\",\"message\":{\"content\":[]}}", "{\"type\":\"ping\"}",
        "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"t\"}}",
        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"s\"}}",
        "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"}}", "{\"type\":\"message_stop\"}")) {
      assertTrue(StreamEventTexts.read(WireFormat.ANTHROPIC_MESSAGES, SseEvent.data(data)).isEmpty(), data);
    }
  }

  @Test
  void geminiChunkTextAndWholeFunctionCalls() {
    SseEvent event = SseEvent.data("{\"candidates\":[{\"index\":0,\"content\":{\"role\":\"model\",\"parts\":["
        + "{\"text\":\"a\"},{\"text\":\"b\",\"thought\":true},{\"text\":\"c\"},"
        + "{\"functionCall\":{\"name\":\"f\",\"args\":{\"x\":\"y\"}}}]}}],\"usageMetadata\":{\"promptTokenCount\":1}}");
    StreamEventTexts texts = StreamEventTexts.read(WireFormat.GEMINI, event);
    assertEquals(List.of("candidate0|ASSISTANT|a|text", "candidate0|ASSISTANT|c|text",
        "candidate0.call3.0|TOOL_CALL_ARGUMENTS|y|text|last"), seen(texts));
    texts.replace(1, "C");
    texts.replace(2, "Y");
    JsonObject out = new JsonObject(texts.toEvent().data());
    var parts = out.getJsonArray("candidates").getJsonObject(0).getJsonObject("content").getJsonArray("parts");
    assertEquals("C", parts.getJsonObject(2).getString("text"));
    assertEquals("Y", parts.getJsonObject(3).getJsonObject("functionCall").getJsonObject("args").getString("x"));
    JsonObject alone = new JsonObject(texts.eventWith(0, "held").data());
    assertFalse(alone.containsKey("usageMetadata"));
    assertEquals("held", alone.getJsonArray("candidates").getJsonObject(0).getJsonObject("content")
        .getJsonArray("parts").getJsonObject(0).getString("text"));
  }

  @Test
  void geminiFinishReasonEndsTheChannel() {
    SseEvent event = SseEvent.data("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"end\"}]},\"finishReason\":\"STOP\"}]}");
    assertEquals(List.of("candidate0|ASSISTANT|end|text|last"), seen(StreamEventTexts.read(WireFormat.GEMINI, event)));
  }

  @Test
  void nonJsonAndTerminatorsHaveNoSlots() {
    for (WireFormat format : WireFormat.values()) {
      for (SseEvent event : List.of(SseEvent.done(), SseEvent.data(""), SseEvent.data("not json"),
          SseEvent.data("[1,2]"), SseEvent.data("{\"choices\":5,\"candidates\":\"x\",\"delta\":3}"),
          SseEvent.data("{\"choices\":[{\"delta\":{\"content\":5}}],\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":1}}"))) {
        StreamEventTexts texts = StreamEventTexts.read(format, event);
        assertTrue(texts.isEmpty(), format + " " + event);
        assertSame(event, texts.toEvent());
      }
    }
  }
}
