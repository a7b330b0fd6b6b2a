package ai.rivano.gateway.routing.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.rivano.gateway.routing.sse.SseEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OpenAI chat-completions client, Anthropic Messages upstream. */
class OpenAiClientOnAnthropicTest {

  private final Translator translator = Translators.forPair(WireFormat.OPENAI_CHAT, WireFormat.ANTHROPIC_MESSAGES);

  @Test
  void requestMapsSystemImagesToolsToolResultsAndSampling() {
    JsonObject out = translator.translateRequest(Fixtures.json("openai/request_tools_images.json"), "claude-sonnet-4-5");

    assertEquals("claude-sonnet-4-5", out.getString("model"));
    assertEquals("You are a weather assistant.\n\nAnswer in metric units.", out.getString("system"));
    assertEquals(512, out.getInteger("max_tokens"));
    assertEquals(1.0, out.getDouble("temperature"), "OpenAI 1.4 clamped to Anthropic's maximum");
    assertEquals(0.9, out.getDouble("top_p"));
    assertEquals(new JsonArray().add("\n\nUser:"), out.getJsonArray("stop_sequences"));
    assertTrue(out.getBoolean("stream"));
    assertEquals("user-42", out.getJsonObject("metadata").getString("user_id"));
    for (String dropped : List.of("n", "logprobs", "stream_options", "parallel_tool_calls", "tool_calls", "stop", "user")) {
      assertFalse(out.containsKey(dropped), dropped);
    }

    JsonArray messages = out.getJsonArray("messages");
    assertEquals(3, messages.size(), messages.encodePrettily());

    JsonObject user = messages.getJsonObject(0);
    assertEquals("user", user.getString("role"));
    JsonArray userBlocks = user.getJsonArray("content");
    assertEquals(new JsonObject().put("type", "text").put("text", "What is the weather where this photo was taken, and in Paris?"),
        userBlocks.getJsonObject(0));
    JsonObject base64Source = userBlocks.getJsonObject(1).getJsonObject("source");
    assertEquals("image", userBlocks.getJsonObject(1).getString("type"));
    assertEquals("base64", base64Source.getString("type"));
    assertEquals("image/png", base64Source.getString("media_type"));
    assertTrue(base64Source.getString("data").startsWith("iVBORw0KGgo"));
    assertEquals(new JsonObject().put("type", "url").put("url", "https://example.com/photo.jpg"),
        userBlocks.getJsonObject(2).getJsonObject("source"));

    JsonObject assistant = messages.getJsonObject(1);
    assertEquals("assistant", assistant.getString("role"));
    JsonArray toolUses = assistant.getJsonArray("content");
    assertEquals(2, toolUses.size(), "null content adds no text block");
    assertEquals(new JsonObject().put("type", "tool_use").put("id", "call_abc123").put("name", "get_weather")
        .put("input", new JsonObject().put("city", "Oslo")), toolUses.getJsonObject(0));
    assertEquals("call_def456", toolUses.getJsonObject(1).getString("id"));

    // Both tool results and the follow-up question share one user turn, results first.
    JsonObject results = messages.getJsonObject(2);
    assertEquals("user", results.getString("role"));
    JsonArray resultBlocks = results.getJsonArray("content");
    assertEquals(3, resultBlocks.size());
    assertEquals(new JsonObject().put("type", "tool_result").put("tool_use_id", "call_abc123")
        .put("content", "{\"temp_c\":4,\"sky\":\"snow\"}"), resultBlocks.getJsonObject(0));
    assertEquals("call_def456", resultBlocks.getJsonObject(1).getString("tool_use_id"));
    assertEquals("12 degrees, cloudy", resultBlocks.getJsonObject(1).getString("content"));
    assertEquals("Thanks. Which one is warmer?", resultBlocks.getJsonObject(2).getString("text"));

    JsonObject tool = out.getJsonArray("tools").getJsonObject(0);
    assertEquals("get_weather", tool.getString("name"));
    assertEquals("Current weather for a city", tool.getString("description"));
    assertEquals("object", tool.getJsonObject("input_schema").getString("type"));
    assertEquals(new JsonArray().add("city"), tool.getJsonObject("input_schema").getJsonArray("required"));
    assertEquals(new JsonObject().put("type", "tool").put("name", "get_weather").put("disable_parallel_tool_use", true),
        out.getJsonObject("tool_choice"));
  }

  @Test
  void requestDefaultsMaxTokensAndMapsStringStopAndRequiredToolChoice() {
    JsonObject client = Fixtures.json("openai/request_minimal.json")
        .put("tools", new JsonArray().add(new JsonObject().put("type", "function")
            .put("function", new JsonObject().put("name", "noop"))));
    JsonObject out = translator.translateRequest(client, "claude-haiku-4-5");
    assertEquals(4096, out.getInteger("max_tokens"));
    assertEquals(new JsonArray().add("END"), out.getJsonArray("stop_sequences"));
    assertEquals(new JsonObject().put("type", "any"), out.getJsonObject("tool_choice"));
    assertEquals(new JsonObject().put("type", "object").put("properties", new JsonObject()),
        out.getJsonArray("tools").getJsonObject(0).getJsonObject("input_schema"));
    assertFalse(out.containsKey("system"));
    assertFalse(out.containsKey("response_format"));
    assertFalse(out.containsKey("stream"));
    assertEquals(new JsonArray().add(new JsonObject().put("role", "user")
        .put("content", new JsonArray().add(new JsonObject().put("type", "text").put("text", "Say hello")))),
        out.getJsonArray("messages"));
  }

  @Test
  void pathIsMessagesEndpoint() {
    assertEquals("/v1/messages", translator.upstreamPath("/v1/chat/completions", "claude-sonnet-4-5", true));
  }

  @Test
  void textResponseReportsUpstreamModelAndCacheAwareUsage() {
    JsonObject out = translator.translateResponse(Fixtures.json("anthropic/response_text.json"), "claude-sonnet-4-5");
    assertEquals("msg_01XFDUDYJgAACzvnptvVoYEL", out.getString("id"));
    assertEquals("chat.completion", out.getString("object"));
    assertEquals("claude-sonnet-4-5-20250929", out.getString("model"));
    assertTrue(Math.abs(out.getLong("created") - System.currentTimeMillis() / 1000) < 5);
    JsonObject choice = out.getJsonArray("choices").getJsonObject(0);
    assertEquals(0, choice.getInteger("index"));
    assertEquals("stop", choice.getString("finish_reason"));
    assertEquals("assistant", choice.getJsonObject("message").getString("role"));
    assertEquals("Hello! How can I help you today?", choice.getJsonObject("message").getString("content"));
    assertFalse(choice.getJsonObject("message").containsKey("tool_calls"));
    JsonObject usage = out.getJsonObject("usage");
    assertEquals(112, usage.getInteger("prompt_tokens"), "input + cache read");
    assertEquals(9, usage.getInteger("completion_tokens"));
    assertEquals(121, usage.getInteger("total_tokens"));
    assertEquals(100, usage.getJsonObject("prompt_tokens_details").getInteger("cached_tokens"));
  }

  @Test
  void toolUseResponseBecomesToolCallsAndDropsThinking() {
    JsonObject out = translator.translateResponse(Fixtures.json("anthropic/response_tool_use.json"), "claude-opus-4-1");
    JsonObject choice = out.getJsonArray("choices").getJsonObject(0);
    assertEquals("tool_calls", choice.getString("finish_reason"));
    JsonObject message = choice.getJsonObject("message");
    assertEquals("I'll check the weather.", message.getString("content"));
    JsonObject call = message.getJsonArray("tool_calls").getJsonObject(0);
    assertEquals("toolu_01A09q90qw90lq917835lq9", call.getString("id"));
    assertEquals("function", call.getString("type"));
    assertEquals("get_weather", call.getJsonObject("function").getString("name"));
    assertEquals(new JsonObject().put("location", "San Francisco, CA").put("unit", "celsius"),
        new JsonObject(call.getJsonObject("function").getString("arguments")));
    assertEquals(new JsonObject().put("prompt_tokens", 472).put("completion_tokens", 89).put("total_tokens", 561),
        out.getJsonObject("usage"));
  }

  @Test
  void textStreamBecomesChunkSequenceWithUsageAndDone() {
    StreamTranslator stream = translator.newStreamTranslator(Fixtures.json("openai/request_tools_images.json"), "claude-sonnet-4-5");
    List<SseEvent> out = Fixtures.translate(stream, Fixtures.sse("anthropic/stream_text.sse"));

    assertTrue(stream.upstreamFinished());
    assertFalse(stream.upstreamFailed());
    assertTrue(out.get(out.size() - 1).isDone());
    out.forEach(e -> assertNull(e.event(), "OpenAI chunks are unnamed"));
    List<JsonObject> chunks = Fixtures.dataJson(out);
    assertEquals(5, chunks.size(), chunks.toString()); // role, 2 text, finish, usage
    for (JsonObject chunk : chunks) {
      assertEquals("msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY", chunk.getString("id"));
      assertEquals("chat.completion.chunk", chunk.getString("object"));
      assertEquals("claude-sonnet-4-5-20250929", chunk.getString("model"));
    }
    assertEquals(new JsonObject().put("role", "assistant").put("content", ""), delta(chunks.get(0)));
    assertTrue(chunks.get(0).containsKey("usage") && chunks.get(0).getValue("usage") == null,
        "with include_usage every chunk carries usage: null");
    assertEquals("Hello", delta(chunks.get(1)).getString("content"));
    assertEquals("! How can I help?", delta(chunks.get(2)).getString("content"));
    JsonObject finish = chunks.get(3).getJsonArray("choices").getJsonObject(0);
    assertEquals("stop", finish.getString("finish_reason"));
    assertEquals(new JsonObject(), finish.getJsonObject("delta"));
    JsonObject usageChunk = chunks.get(4);
    assertEquals(new JsonArray(), usageChunk.getJsonArray("choices"));
    assertEquals(new JsonObject().put("prompt_tokens", 25).put("completion_tokens", 15).put("total_tokens", 40),
        usageChunk.getJsonObject("usage"));
  }

  @Test
  void toolUseStreamBecomesIndexedToolCallDeltas() {
    StreamTranslator stream = translator.newStreamTranslator(new JsonObject().put("stream", true), "claude-opus-4-1");
    List<JsonObject> chunks = Fixtures.dataJson(Fixtures.translate(stream, Fixtures.sse("anthropic/stream_tool_use.sse")));

    // role, text, tool start, 2 argument fragments (the empty one is skipped), finish; no usage chunk
    assertEquals(6, chunks.size(), chunks.toString());
    chunks.forEach(c -> assertFalse(c.containsKey("usage"), "no usage field unless include_usage"));
    assertEquals("Okay, let me check.", delta(chunks.get(1)).getString("content"));
    JsonObject start = delta(chunks.get(2)).getJsonArray("tool_calls").getJsonObject(0);
    assertEquals(0, start.getInteger("index"));
    assertEquals("toolu_01T1x1fJ34qAmk2tNTrN7Up6", start.getString("id"));
    assertEquals("function", start.getString("type"));
    assertEquals(new JsonObject().put("name", "get_weather").put("arguments", ""), start.getJsonObject("function"));
    JsonObject fragment1 = delta(chunks.get(3)).getJsonArray("tool_calls").getJsonObject(0);
    JsonObject fragment2 = delta(chunks.get(4)).getJsonArray("tool_calls").getJsonObject(0);
    assertEquals(0, fragment1.getInteger("index"));
    assertFalse(fragment1.containsKey("id"));
    assertEquals("{\"location\": \"San Francisco, CA\"}",
        fragment1.getJsonObject("function").getString("arguments") + fragment2.getJsonObject("function").getString("arguments"));
    assertEquals("tool_calls", chunks.get(5).getJsonArray("choices").getJsonObject(0).getString("finish_reason"));
  }

  @Test
  void cutStreamEndsWithoutDoneSoTheCallerCanRescueIt() {
    StreamTranslator stream = translator.newStreamTranslator(new JsonObject(), "claude-sonnet-4-5");
    List<SseEvent> upstream = Fixtures.sse("anthropic/stream_text.sse").subList(0, 4);
    List<SseEvent> out = Fixtures.translate(stream, upstream);
    assertFalse(stream.upstreamFinished());
    assertFalse(out.stream().anyMatch(SseEvent::isDone));
    assertTrue(stream.onEnd().isEmpty());
  }

  @Test
  void midStreamErrorBecomesOpenAiErrorChunk() {
    StreamTranslator stream = translator.newStreamTranslator(new JsonObject(), "claude-sonnet-4-5");
    List<SseEvent> out = Fixtures.translate(stream, Fixtures.sse("anthropic/stream_error.sse"));
    assertTrue(stream.upstreamFailed());
    assertFalse(stream.upstreamFinished());
    JsonObject error = new JsonObject(out.get(out.size() - 1).data()).getJsonObject("error");
    assertEquals("Overloaded", error.getString("message"));
    assertEquals("server_error", error.getString("type"));
    assertEquals("overloaded_error", error.getString("code"));
  }

  @Test
  void malformedEventIsSkippedNotFatal() {
    StreamTranslator stream = translator.newStreamTranslator(new JsonObject(), "m");
    assertTrue(stream.onEvent(SseEvent.named("content_block_delta", "{not json")).isEmpty());
    assertEquals(1, stream.onEvent(Fixtures.sse("anthropic/stream_text.sse").get(0)).size());
  }

  @Test
  void errorsKeepStatusMeaningAndFlagContextLength() {
    JsonObject overloaded = translator.translateError(529, Fixtures.json("anthropic/error_overloaded.json")).getJsonObject("error");
    assertEquals("Overloaded", overloaded.getString("message"));
    assertEquals("server_error", overloaded.getString("type"));
    assertEquals("overloaded_error", overloaded.getString("code"));
    assertTrue(overloaded.containsKey("param"));

    JsonObject tooLong = translator.translateError(400, Fixtures.json("anthropic/error_prompt_too_long.json")).getJsonObject("error");
    assertEquals("invalid_request_error", tooLong.getString("type"));
    assertEquals(ErrorMapping.CONTEXT_LENGTH_EXCEEDED, tooLong.getString("code"));
    assertEquals("prompt is too long: 208310 tokens > 200000 maximum", tooLong.getString("message"));

    JsonObject notJson = translator.translateError(502, null).getJsonObject("error");
    assertEquals("Upstream returned HTTP 502", notJson.getString("message"));
    assertEquals("server_error", notJson.getString("type"));
  }

  private static JsonObject delta(JsonObject chunk) {
    return chunk.getJsonArray("choices").getJsonObject(0).getJsonObject("delta");
  }
}
