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

/** OpenAI chat-completions client, Google Gemini upstream. */
class OpenAiClientOnGeminiTest {

  private final Translator translator = Translators.forPair(WireFormat.OPENAI_CHAT, WireFormat.GEMINI);

  @Test
  void requestMapsContentsSystemInstructionToolsAndGenerationConfig() {
    JsonObject out = translator.translateRequest(Fixtures.json("openai/request_tools_images.json"), "gemini-2.5-flash");

    assertFalse(out.containsKey("model"), "Gemini takes the model in the path");
    assertEquals(new JsonObject().put("parts", new JsonArray().add(new JsonObject()
            .put("text", "You are a weather assistant.\n\nAnswer in metric units."))),
        out.getJsonObject("systemInstruction"));

    JsonArray contents = out.getJsonArray("contents");
    assertEquals(3, contents.size(), contents.encodePrettily());
    JsonObject user = contents.getJsonObject(0);
    assertEquals("user", user.getString("role"));
    JsonArray userParts = user.getJsonArray("parts");
    assertEquals(2, userParts.size(), "the remote image URL is dropped");
    assertEquals("What is the weather where this photo was taken, and in Paris?", userParts.getJsonObject(0).getString("text"));
    JsonObject inline = userParts.getJsonObject(1).getJsonObject("inlineData");
    assertEquals("image/png", inline.getString("mimeType"));
    assertTrue(inline.getString("data").startsWith("iVBORw0KGgo"));

    JsonObject model = contents.getJsonObject(1);
    assertEquals("model", model.getString("role"));
    assertEquals(new JsonObject().put("functionCall", new JsonObject().put("name", "get_weather")
        .put("args", new JsonObject().put("city", "Oslo"))), model.getJsonArray("parts").getJsonObject(0));
    assertEquals("Paris", model.getJsonArray("parts").getJsonObject(1)
        .getJsonObject("functionCall").getJsonObject("args").getString("city"));

    JsonArray responseParts = contents.getJsonObject(2).getJsonArray("parts");
    assertEquals("user", contents.getJsonObject(2).getString("role"));
    assertEquals(3, responseParts.size());
    assertEquals(new JsonObject().put("functionResponse", new JsonObject().put("name", "get_weather")
        .put("response", new JsonObject().put("temp_c", 4).put("sky", "snow"))), responseParts.getJsonObject(0));
    assertEquals(new JsonObject().put("output", "12 degrees, cloudy"),
        responseParts.getJsonObject(1).getJsonObject("functionResponse").getJsonObject("response"));
    assertEquals("Thanks. Which one is warmer?", responseParts.getJsonObject(2).getString("text"));

    JsonObject config = out.getJsonObject("generationConfig");
    assertEquals(512, config.getInteger("maxOutputTokens"));
    assertEquals(1.4, config.getDouble("temperature"), "Gemini accepts 0..2 like OpenAI");
    assertEquals(0.9, config.getDouble("topP"));
    assertEquals(new JsonArray().add("\n\nUser:"), config.getJsonArray("stopSequences"));

    JsonObject declaration = out.getJsonArray("tools").getJsonObject(0).getJsonArray("functionDeclarations").getJsonObject(0);
    assertEquals("get_weather", declaration.getString("name"));
    assertEquals("Current weather for a city", declaration.getString("description"));
    JsonObject parameters = declaration.getJsonObject("parameters");
    assertFalse(parameters.containsKey("$schema"));
    assertFalse(parameters.containsKey("additionalProperties"));
    assertEquals(new JsonArray().add("city"), parameters.getJsonArray("required"));
    assertEquals(new JsonObject().put("type", "string").put("nullable", true).put("enum", new JsonArray().add("c").add("f")),
        parameters.getJsonObject("properties").getJsonObject("unit"));
    assertEquals(new JsonObject().put("functionCallingConfig", new JsonObject().put("mode", "ANY")
        .put("allowedFunctionNames", new JsonArray().add("get_weather"))), out.getJsonObject("toolConfig"));
  }

  @Test
  void requestMapsJsonModeAndStringStop() {
    JsonObject out = translator.translateRequest(Fixtures.json("openai/request_minimal.json"), "gemini-2.5-flash");
    JsonObject config = out.getJsonObject("generationConfig");
    assertEquals("application/json", config.getString("responseMimeType"));
    assertEquals(new JsonArray().add("END"), config.getJsonArray("stopSequences"));
    assertFalse(out.containsKey("systemInstruction"));
    assertFalse(out.containsKey("toolConfig"), "tool_choice without tools is meaningless");
  }

  @Test
  void pathCarriesModelAndStreamingMode() {
    assertEquals("/v1beta/models/gemini-2.5-flash:generateContent",
        translator.upstreamPath("/v1/chat/completions", "gemini-2.5-flash", false));
    assertEquals("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
        translator.upstreamPath("/v1/chat/completions", "gemini-2.5-flash", true));
  }

  @Test
  void textResponseSkipsThoughtsAndCountsThemAsCompletionTokens() {
    JsonObject out = translator.translateResponse(Fixtures.json("gemini/response_text.json"), "gemini-flash-latest");
    assertEquals("gemini-2.5-flash", out.getString("model"), "modelVersion is the model that answered");
    assertEquals("chatcmpl-qNUcaKb8Jt-ynsYP4ZzSsA0", out.getString("id"));
    JsonObject choice = out.getJsonArray("choices").getJsonObject(0);
    assertEquals("Hello! How can I help?", choice.getJsonObject("message").getString("content"));
    assertEquals("stop", choice.getString("finish_reason"));
    JsonObject usage = out.getJsonObject("usage");
    assertEquals(8, usage.getInteger("prompt_tokens"));
    assertEquals(29, usage.getInteger("completion_tokens"));
    assertEquals(37, usage.getInteger("total_tokens"));
    assertEquals(20, usage.getJsonObject("completion_tokens_details").getInteger("reasoning_tokens"));
  }

  @Test
  void functionCallResponseBecomesToolCallsWithToolCallsFinishReason() {
    JsonObject out = translator.translateResponse(Fixtures.json("gemini/response_function_call.json"), "gemini-2.0-flash");
    JsonObject choice = out.getJsonArray("choices").getJsonObject(0);
    assertEquals("tool_calls", choice.getString("finish_reason"), "Gemini says STOP; calls make it tool_calls");
    JsonObject message = choice.getJsonObject("message");
    assertNull(message.getValue("content"));
    JsonArray calls = message.getJsonArray("tool_calls");
    assertEquals(2, calls.size());
    JsonObject first = calls.getJsonObject(0);
    assertTrue(first.getString("id").startsWith("call_"));
    assertEquals("function", first.getString("type"));
    assertEquals("get_weather", first.getJsonObject("function").getString("name"));
    assertEquals("{\"city\":\"Oslo\"}", first.getJsonObject("function").getString("arguments"));
    assertFalse(first.getString("id").equals(calls.getJsonObject(1).getString("id")), "ids are unique");
    assertEquals(new JsonObject().put("prompt_tokens", 70).put("completion_tokens", 14).put("total_tokens", 84),
        out.getJsonObject("usage"));
  }

  @Test
  void blockedPromptIsContentFilter() {
    JsonObject out = translator.translateResponse(Fixtures.json("gemini/response_blocked.json"), "gemini-2.5-pro");
    JsonObject choice = out.getJsonArray("choices").getJsonObject(0);
    assertEquals("content_filter", choice.getString("finish_reason"));
    assertNull(choice.getJsonObject("message").getValue("content"));
    assertEquals(11, out.getJsonObject("usage").getInteger("prompt_tokens"));
  }

  @Test
  void textStreamWithCrLfFramingBecomesChunksUsageAndDone() {
    StreamTranslator stream = translator.newStreamTranslator(
        new JsonObject().put("stream_options", new JsonObject().put("include_usage", true)), "gemini-flash-latest");
    List<SseEvent> out = Fixtures.translate(stream, Fixtures.sse("gemini/stream_text.sse"));
    assertTrue(stream.upstreamFinished());
    assertTrue(out.get(out.size() - 1).isDone());
    List<JsonObject> chunks = Fixtures.dataJson(out);
    assertEquals(5, chunks.size(), chunks.toString()); // role, 2 text (empty text skipped), finish, usage
    chunks.forEach(c -> {
      assertEquals("chatcmpl-s1", c.getString("id"));
      assertEquals("gemini-2.5-flash", c.getString("model"));
    });
    assertEquals("assistant", delta(chunks.get(0)).getString("role"));
    assertEquals("The", delta(chunks.get(1)).getString("content"));
    assertEquals(" sky is blue.", delta(chunks.get(2)).getString("content"));
    assertEquals("stop", chunks.get(3).getJsonArray("choices").getJsonObject(0).getString("finish_reason"));
    assertEquals(new JsonObject().put("prompt_tokens", 6).put("completion_tokens", 5).put("total_tokens", 11),
        chunks.get(4).getJsonObject("usage"));
  }

  @Test
  void functionCallStreamSendsWholeCallInOneChunk() {
    StreamTranslator stream = translator.newStreamTranslator(new JsonObject(), "gemini-2.0-flash");
    List<JsonObject> chunks = Fixtures.dataJson(Fixtures.translate(stream, Fixtures.sse("gemini/stream_function_call.sse")));
    assertEquals(3, chunks.size()); // role, call, finish
    JsonObject call = delta(chunks.get(1)).getJsonArray("tool_calls").getJsonObject(0);
    assertEquals(0, call.getInteger("index"));
    assertTrue(call.getString("id").startsWith("call_"));
    assertEquals(new JsonObject().put("name", "get_weather").put("arguments", "{\"city\":\"Oslo\"}"), call.getJsonObject("function"));
    assertEquals("tool_calls", chunks.get(2).getJsonArray("choices").getJsonObject(0).getString("finish_reason"));
  }

  @Test
  void cutStreamHasNoDone() {
    StreamTranslator stream = translator.newStreamTranslator(new JsonObject(), "gemini-2.5-flash");
    List<SseEvent> out = Fixtures.translate(stream, Fixtures.sse("gemini/stream_cut.sse"));
    assertFalse(stream.upstreamFinished());
    assertEquals(2, out.size()); // role + text, no terminator
    assertFalse(out.stream().anyMatch(SseEvent::isDone));
  }

  @Test
  void googleErrorsBecomeOpenAiErrors() {
    JsonObject badKey = translator.translateError(400, Fixtures.json("gemini/error_invalid_key.json")).getJsonObject("error");
    assertEquals("API key not valid. Please pass a valid API key.", badKey.getString("message"));
    assertEquals("invalid_request_error", badKey.getString("type"));
    assertEquals("INVALID_ARGUMENT", badKey.getString("code"));

    JsonObject quota = translator.translateError(429, Fixtures.json("gemini/error_quota.json")).getJsonObject("error");
    assertEquals("rate_limit_error", quota.getString("type"));
    assertEquals("RESOURCE_EXHAUSTED", quota.getString("code"));
  }

  private static JsonObject delta(JsonObject chunk) {
    return chunk.getJsonArray("choices").getJsonObject(0).getJsonObject("delta");
  }
}
