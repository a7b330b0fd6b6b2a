package ai.rivano.gateway.routing.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.rivano.gateway.routing.sse.SseEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Anthropic Messages client, OpenAI chat-completions upstream. */
class AnthropicClientOnOpenAiTest {

  private final Translator translator = Translators.forPair(WireFormat.ANTHROPIC_MESSAGES, WireFormat.OPENAI_CHAT);

  @Test
  void requestMapsSystemBlocksImagesToolUseToolResultsAndSampling() {
    JsonObject out = translator.translateRequest(Fixtures.json("anthropic/request_tools.json"), "gpt-4o");
    assertEquals("gpt-4o", out.getString("model"));
    assertEquals(1024, out.getInteger("max_completion_tokens"));
    assertEquals(0.2, out.getDouble("temperature"));
    assertEquals(0.8, out.getDouble("top_p"));
    assertFalse(out.containsKey("top_k"));
    assertEquals(new JsonArray().add("###"), out.getJsonArray("stop"));
    assertTrue(out.getBoolean("stream"));
    assertEquals(new JsonObject().put("include_usage", true), out.getJsonObject("stream_options"));
    assertEquals("user-7", out.getString("user"));

    JsonArray messages = out.getJsonArray("messages");
    assertEquals(List.of("system", "user", "assistant", "tool", "user", "assistant", "tool"),
        messages.stream().map(m -> ((JsonObject) m).getString("role")).collect(Collectors.toList()));
    assertEquals("You are a weather assistant.\n\nAnswer briefly.", messages.getJsonObject(0).getString("content"));

    JsonArray userParts = messages.getJsonObject(1).getJsonArray("content");
    assertEquals("data:image/jpeg;base64,/9j/4AAQSkZJRg==", userParts.getJsonObject(0).getJsonObject("image_url").getString("url"));
    assertEquals("https://upload.wikimedia.org/cat.jpg", userParts.getJsonObject(1).getJsonObject("image_url").getString("url"));
    assertEquals(new JsonObject().put("type", "text").put("text", "Weather where this was taken?"), userParts.getJsonObject(2));

    JsonObject assistant = messages.getJsonObject(2);
    assertEquals("Let me check.", assistant.getString("content"));
    JsonObject call = assistant.getJsonArray("tool_calls").getJsonObject(0);
    assertEquals("toolu_01A09q90qw90lq917835lq9", call.getString("id"));
    assertEquals("function", call.getString("type"));
    assertEquals("get_weather", call.getJsonObject("function").getString("name"));
    assertEquals(new JsonObject().put("location", "San Francisco, CA"), new JsonObject(call.getJsonObject("function").getString("arguments")));

    assertEquals(new JsonObject().put("role", "tool").put("tool_call_id", "toolu_01A09q90qw90lq917835lq9").put("content", "15 degrees"),
        messages.getJsonObject(3));
    assertEquals("And tomorrow?", messages.getJsonObject(4).getJsonArray("content").getJsonObject(0).getString("text"));
    assertNull(messages.getJsonObject(5).getValue("content"), "tool-call-only assistant turn has null content");
    assertEquals("Error: service unavailable", messages.getJsonObject(6).getString("content"));

    JsonArray tools = out.getJsonArray("tools");
    assertEquals(1, tools.size(), "server tools (web_search) have no OpenAI equivalent");
    JsonObject function = tools.getJsonObject(0).getJsonObject("function");
    assertEquals("function", tools.getJsonObject(0).getString("type"));
    assertEquals("get_weather", function.getString("name"));
    assertEquals("Get the current weather in a given location", function.getString("description"));
    assertEquals(new JsonArray().add("location"), function.getJsonObject("parameters").getJsonArray("required"));
    assertEquals("required", out.getString("tool_choice"));
    assertEquals(false, out.getBoolean("parallel_tool_calls"));
  }

  @Test
  void stringContentAndNamedToolChoice() {
    JsonObject client = new JsonObject()
        .put("model", "claude-x").put("max_tokens", 10).put("system", "Be terse.")
        .put("messages", new JsonArray()
            .add(new JsonObject().put("role", "user").put("content", "Hi"))
            .add(new JsonObject().put("role", "assistant").put("content", "Hello")))
        .put("tools", new JsonArray().add(new JsonObject().put("name", "t").put("input_schema", new JsonObject().put("type", "object"))))
        .put("tool_choice", new JsonObject().put("type", "tool").put("name", "t"));
    JsonObject out = translator.translateRequest(client, "gpt-4o-mini");
    assertEquals(new JsonArray()
            .add(new JsonObject().put("role", "system").put("content", "Be terse."))
            .add(new JsonObject().put("role", "user").put("content", "Hi"))
            .add(new JsonObject().put("role", "assistant").put("content", "Hello")),
        out.getJsonArray("messages"));
    assertEquals(new JsonObject().put("type", "function").put("function", new JsonObject().put("name", "t")),
        out.getJsonObject("tool_choice"));
    assertFalse(out.containsKey("stream"));
    assertFalse(out.containsKey("parallel_tool_calls"));
  }

  @Test
  void pathIsChatCompletions() {
    assertEquals("/v1/chat/completions", translator.upstreamPath("/v1/messages", "gpt-4o", true));
  }

  @Test
  void textResponseBecomesMessageWithCacheSplitUsage() {
    JsonObject out = translator.translateResponse(Fixtures.json("openai/response_text.json"), "gpt-4o");
    assertEquals("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", out.getString("id"));
    assertEquals("message", out.getString("type"));
    assertEquals("assistant", out.getString("role"));
    assertEquals("gpt-4o-2024-08-06", out.getString("model"));
    assertEquals(new JsonArray().add(new JsonObject().put("type", "text").put("text", "Hello! How can I assist you today?")),
        out.getJsonArray("content"));
    assertEquals("end_turn", out.getString("stop_reason"));
    assertTrue(out.containsKey("stop_sequence"));
    assertEquals(new JsonObject().put("input_tokens", 93).put("output_tokens", 10).put("cache_read_input_tokens", 1024),
        out.getJsonObject("usage"));
  }

  @Test
  void toolCallResponseBecomesToolUseBlocks() {
    JsonObject out = translator.translateResponse(Fixtures.json("openai/response_tool_calls.json"), "gpt-4o-mini");
    assertEquals("tool_use", out.getString("stop_reason"));
    JsonArray content = out.getJsonArray("content");
    assertEquals(1, content.size());
    assertEquals(new JsonObject().put("type", "tool_use").put("id", "call_abc123").put("name", "get_current_weather")
        .put("input", new JsonObject().put("location", "Boston, MA")), content.getJsonObject(0));
    assertEquals(new JsonObject().put("input_tokens", 82).put("output_tokens", 17), out.getJsonObject("usage"));
  }

  @Test
  void textStreamBecomesAnthropicEventSequence() {
    StreamTranslator stream = translator.newStreamTranslator(new JsonObject(), "gpt-4o-mini");
    List<SseEvent> out = Fixtures.translate(stream, Fixtures.sse("openai/stream_text.sse"));
    assertTrue(stream.upstreamFinished());
    assertEquals(List.of("message_start", "content_block_start", "content_block_delta", "content_block_delta",
            "content_block_stop", "message_delta", "message_stop"),
        out.stream().map(SseEvent::event).collect(Collectors.toList()));
    List<JsonObject> data = Fixtures.dataJson(out);
    for (int i = 0; i < out.size(); i++) {
      assertEquals(out.get(i).event(), data.get(i).getString("type"), "event name and data type agree");
    }
    JsonObject message = data.get(0).getJsonObject("message");
    assertEquals("chatcmpl-123", message.getString("id"));
    assertEquals("gpt-4o-mini-2024-07-18", message.getString("model"));
    assertEquals("assistant", message.getString("role"));
    assertEquals(new JsonArray(), message.getJsonArray("content"));
    assertEquals(0, data.get(1).getInteger("index"));
    assertEquals(new JsonObject().put("type", "text").put("text", ""), data.get(1).getJsonObject("content_block"));
    assertEquals(new JsonObject().put("type", "text_delta").put("text", "Hello"), data.get(2).getJsonObject("delta"));
    assertEquals(" there!", data.get(3).getJsonObject("delta").getString("text"));
    assertEquals(0, data.get(4).getInteger("index"));
    JsonObject messageDelta = data.get(5);
    assertEquals("end_turn", messageDelta.getJsonObject("delta").getString("stop_reason"));
    assertEquals(new JsonObject().put("input_tokens", 9).put("output_tokens", 3), messageDelta.getJsonObject("usage"));
  }

  @Test
  void parallelToolCallStreamBecomesSeparateToolUseBlocks() {
    StreamTranslator stream = translator.newStreamTranslator(new JsonObject(), "gpt-4o");
    List<SseEvent> out = Fixtures.translate(stream, Fixtures.sse("openai/stream_tool_calls.sse"));
    assertEquals(List.of("message_start",
            "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop",
            "content_block_start", "content_block_delta", "content_block_stop",
            "message_delta", "message_stop"),
        out.stream().map(SseEvent::event).collect(Collectors.toList()));
    List<JsonObject> data = Fixtures.dataJson(out);
    assertEquals(new JsonObject().put("type", "tool_use").put("id", "call_DdmO9pD3xa9XTPNJ32zg2hcA")
        .put("name", "get_weather").put("input", new JsonObject()), data.get(1).getJsonObject("content_block"));
    assertEquals(new JsonObject().put("type", "input_json_delta").put("partial_json", "{\"ci"), data.get(2).getJsonObject("delta"));
    assertEquals(0, data.get(3).getInteger("index"));
    assertEquals(1, data.get(5).getInteger("index"));
    assertEquals("get_time", data.get(5).getJsonObject("content_block").getString("name"));
    assertEquals(1, data.get(6).getInteger("index"));
    assertEquals("tool_use", data.get(8).getJsonObject("delta").getString("stop_reason"));
    assertEquals(new JsonObject().put("input_tokens", 56).put("output_tokens", 40).put("cache_read_input_tokens", 64),
        data.get(8).getJsonObject("usage"));
  }

  @Test
  void cutStreamGetsNoMessageStop() {
    StreamTranslator stream = translator.newStreamTranslator(new JsonObject(), "gpt-4o");
    List<SseEvent> out = Fixtures.translate(stream, Fixtures.sse("openai/stream_cut.sse"));
    assertFalse(stream.upstreamFinished());
    assertEquals(List.of("message_start", "content_block_start", "content_block_delta"),
        out.stream().map(SseEvent::event).collect(Collectors.toList()));
  }

  @Test
  void finishReasonWithoutDoneStillTerminatesOnEnd() {
    StreamTranslator stream = translator.newStreamTranslator(new JsonObject(), "gpt-4o");
    List<SseEvent> upstream = Fixtures.sse("openai/stream_text.sse");
    List<SseEvent> out = Fixtures.translate(stream, upstream.subList(0, upstream.size() - 1)); // [DONE] lost
    assertTrue(stream.upstreamFinished());
    assertEquals("message_stop", out.get(out.size() - 1).event());
  }

  @Test
  void inStreamErrorBecomesAnthropicErrorEvent() {
    StreamTranslator stream = translator.newStreamTranslator(new JsonObject(), "gpt-4o");
    List<SseEvent> out = stream.onEvent(SseEvent.data(Fixtures.json("openai/error_rate_limit.json").encode()));
    assertTrue(stream.upstreamFailed());
    assertEquals("error", out.get(0).event());
    JsonObject body = new JsonObject(out.get(0).data());
    assertEquals("error", body.getString("type"));
    assertEquals("api_error", body.getJsonObject("error").getString("type"));
  }

  @Test
  void openAiErrorsBecomeAnthropicErrors() {
    JsonObject rate = translator.translateError(429, Fixtures.json("openai/error_rate_limit.json"));
    assertEquals("error", rate.getString("type"));
    assertEquals("rate_limit_error", rate.getJsonObject("error").getString("type"));
    assertTrue(rate.getJsonObject("error").getString("message").startsWith("Rate limit reached for gpt-4o"));
    JsonObject context = translator.translateError(400, Fixtures.json("openai/error_context_length.json"));
    assertEquals("invalid_request_error", context.getJsonObject("error").getString("type"));
    assertEquals("overloaded_error", translator.translateError(529, null).getJsonObject("error").getString("type"));
  }
}
