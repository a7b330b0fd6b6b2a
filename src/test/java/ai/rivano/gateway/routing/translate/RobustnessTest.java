package ai.rivano.gateway.routing.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.rivano.gateway.routing.sse.SseEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fields present with JSON null, as OpenAI-compatible servers often send them. */
class RobustnessTest {

  @Test
  void nullFieldsInOpenAiChunksDoNotBreakTheAnthropicStream() {
    StreamTranslator stream = Translators.forPair(WireFormat.ANTHROPIC_MESSAGES, WireFormat.OPENAI_CHAT)
        .newStreamTranslator(new JsonObject(), "m");
    String chunk = "{\"id\":\"c\",\"model\":\"m1\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
        + "\"content\":null,\"tool_calls\":null,\"refusal\":null},\"finish_reason\":null}],\"usage\":null}";
    List<SseEvent> out = stream.onEvent(SseEvent.data(chunk));
    assertEquals(1, out.size()); // only message_start
    assertEquals("message_start", out.get(0).event());
  }

  @Test
  void nullFieldsInOpenAiRequestAreIgnored() {
    JsonObject request = new JsonObject()
        .put("messages", new JsonArray().add(new JsonObject().put("role", "assistant").putNull("content").putNull("tool_calls"))
            .add(new JsonObject().put("role", "user").put("content", "hi")))
        .putNull("max_completion_tokens").put("max_tokens", 99).putNull("tools").putNull("stop").putNull("stream");
    JsonObject anthropic = Translators.forPair(WireFormat.OPENAI_CHAT, WireFormat.ANTHROPIC_MESSAGES).translateRequest(request, "c");
    assertEquals(99, anthropic.getInteger("max_tokens"));
    assertEquals(1, anthropic.getJsonArray("messages").size(), "an empty assistant turn is dropped");
    JsonObject gemini = Translators.forPair(WireFormat.OPENAI_CHAT, WireFormat.GEMINI).translateRequest(request, "g");
    assertEquals(99, gemini.getJsonObject("generationConfig").getInteger("maxOutputTokens"));
  }

  @Test
  void toolArgumentsThatAreNotJsonAreKeptRaw() {
    JsonObject request = new JsonObject().put("messages", new JsonArray().add(new JsonObject().put("role", "assistant")
        .put("tool_calls", new JsonArray().add(new JsonObject().put("id", "c1").put("type", "function")
            .put("function", new JsonObject().put("name", "f").put("arguments", "{broken"))))));
    JsonObject anthropic = Translators.forPair(WireFormat.OPENAI_CHAT, WireFormat.ANTHROPIC_MESSAGES).translateRequest(request, "c");
    assertEquals(new JsonObject().put("_raw", "{broken"),
        anthropic.getJsonArray("messages").getJsonObject(0).getJsonArray("content").getJsonObject(0).getJsonObject("input"));
  }

  @Test
  void geminiStreamIgnoresMalformedChunk() {
    StreamTranslator stream = Translators.forPair(WireFormat.OPENAI_CHAT, WireFormat.GEMINI).newStreamTranslator(new JsonObject(), "g");
    assertTrue(stream.onEvent(SseEvent.data("{\"candidates\": [")).isEmpty());
    assertEquals(2, stream.onEvent(Fixtures.sse("gemini/stream_text.sse").get(0)).size());
  }

  @Test
  void stringErrorBodiesAndNullUsageAreTolerated() {
    JsonObject error = ErrorMapping.toOpenAi(500, new JsonObject().put("error", "model crashed")).getJsonObject("error");
    assertEquals("model crashed", error.getString("message"));
    StreamTranslator stream = Translators.forPair(WireFormat.OPENAI_CHAT, WireFormat.ANTHROPIC_MESSAGES)
        .newStreamTranslator(new JsonObject().put("stream_options", new JsonObject().put("include_usage", true)), "m");
    List<SseEvent> upstream = Fixtures.sse("anthropic/stream_text.sse");
    stream.onEvent(upstream.get(0)); // message_start: 25 input tokens
    List<SseEvent> out = stream.onEvent(SseEvent.named("message_delta",
        "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"input_tokens\":null,\"output_tokens\":3}}"));
    assertEquals(25, new JsonObject(out.get(1).data()).getJsonObject("usage").getInteger("prompt_tokens"));
  }
}
