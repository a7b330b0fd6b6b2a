package ai.rivano.gateway.middleware.policy;

import ai.rivano.gateway.middleware.content.StreamEventTexts;
import ai.rivano.gateway.middleware.pii.PiiEntity;
import ai.rivano.gateway.routing.sse.SseEvent;
import ai.rivano.gateway.routing.translate.WireFormat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Token restoration on real-shaped streams of each client dialect, the answer text and the tool-call arguments each
 * split at every position: the client receives exactly the restored text, valid events, and all of a channel's
 * text before the event that ends it.
 */
class StreamTokenRestorerTest {

  private TokenVault vault;
  private String text;
  private String arguments;
  private String email;

  @BeforeEach
  void setUp() {
    vault = new TokenVault();
    email = vault.tokenize(PiiEntity.EMAIL, "jane@example.com");
    String name = vault.tokenize(PiiEntity.NAME, "Jane \"JJ\" Doe");
    text = "I will write to " + email + " for " + name + ".";
    arguments = "{\"to\":\"" + email + "\",\"name\":\"" + name + "\"}";
  }

  private List<SseEvent> run(WireFormat format, List<SseEvent> upstream) {
    StreamTokenRestorer restorer = new StreamTokenRestorer(vault, format);
    List<SseEvent> out = new ArrayList<>();
    upstream.forEach(e -> out.addAll(restorer.onEvent(e)));
    out.addAll(restorer.finish());
    return out;
  }

  /** Text per channel as the client reassembles it, checking no channel gets text after {@code ends} said it ended. */
  private Map<String, String> received(WireFormat format, List<SseEvent> events, Function<SseEvent, String> ends) {
    Map<String, StringBuilder> byChannel = new LinkedHashMap<>();
    List<String> ended = new ArrayList<>();
    for (SseEvent event : events) {
      if (!event.isDone()) {
        new JsonObject(event.data()); // every event is still valid JSON
      }
      for (StreamEventTexts.Slot slot : StreamEventTexts.read(format, event).slots()) {
        assertTrue(!ended.contains(slot.channel()), "text on " + slot.channel() + " after it ended");
        byChannel.computeIfAbsent(slot.channel(), c -> new StringBuilder()).append(slot.text());
      }
      String end = ends.apply(event);
      if (end != null) {
        ended.add(end);
      }
    }
    Map<String, String> result = new LinkedHashMap<>();
    byChannel.forEach((k, v) -> result.put(k, v.toString()));
    return result;
  }

  // ---- OpenAI ----------------------------------------------------------------------------------------------

  private static SseEvent openAiChunk(JsonObject delta, String finish) {
    JsonObject choice = new JsonObject().put("index", 0).put("delta", delta).put("finish_reason", finish);
    return SseEvent.data(new JsonObject().put("id", "c1").put("object", "chat.completion.chunk").put("model", "m")
        .put("choices", new JsonArray().add(choice)).encode());
  }

  private List<SseEvent> openAiStream(int textCut, int argCut) {
    List<SseEvent> events = new ArrayList<>();
    events.add(openAiChunk(new JsonObject().put("role", "assistant").put("content", ""), null));
    events.add(openAiChunk(new JsonObject().put("content", text.substring(0, textCut)), null));
    events.add(openAiChunk(new JsonObject().put("content", text.substring(textCut)), null));
    events.add(openAiChunk(new JsonObject().put("tool_calls", new JsonArray().add(new JsonObject().put("index", 0)
        .put("id", "call_1").put("type", "function").put("function", new JsonObject().put("name", "send")
            .put("arguments", arguments.substring(0, argCut))))), null));
    events.add(openAiChunk(new JsonObject().put("tool_calls", new JsonArray().add(new JsonObject().put("index", 0)
        .put("function", new JsonObject().put("arguments", arguments.substring(argCut))))), null));
    events.add(openAiChunk(new JsonObject(), "tool_calls"));
    events.add(SseEvent.data("{\"id\":\"c1\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":9}}"));
    events.add(SseEvent.done());
    return events;
  }

  @Test
  void openAiEverySplit() {
    Map<String, String> expected = Map.of("choice0", vault.restore(text), "choice0.tool0", vault.restore(arguments, true));
    for (int cut = 0; cut <= Math.max(text.length(), arguments.length()); cut++) {
      List<SseEvent> out = run(WireFormat.OPENAI_CHAT,
          openAiStream(Math.min(cut, text.length()), Math.min(cut, arguments.length())));
      Map<String, String> got = received(WireFormat.OPENAI_CHAT, out, e -> e.data().contains("\"finish_reason\":\"tool_calls\"") ? "choice0" : null);
      assertEquals(expected, got, "cut at " + cut);
      assertEquals(new JsonObject().put("to", "jane@example.com").put("name", "Jane \"JJ\" Doe"),
          new JsonObject(got.get("choice0.tool0")));
      assertTrue(out.get(out.size() - 1).isDone(), "[DONE] stays last");
    }
  }

  @Test
  void openAiTextInTheFinishChunkIsReleasedWithIt() {
    int cut = text.length() - 3; // the final piece rides on the chunk with the finish reason
    List<SseEvent> out = run(WireFormat.OPENAI_CHAT, List.of(
        openAiChunk(new JsonObject().put("content", text.substring(0, cut)), null),
        openAiChunk(new JsonObject().put("content", text.substring(cut)), "stop")));
    assertEquals(Map.of("choice0", vault.restore(text)), received(WireFormat.OPENAI_CHAT, out, e -> null));
    assertEquals(2, out.size());
  }

  // ---- Anthropic -------------------------------------------------------------------------------------------

  private static SseEvent anthropic(String type, JsonObject body) {
    return SseEvent.named(type, body.put("type", type).encode());
  }

  private static SseEvent delta(int index, String deltaType, String key, String value) {
    return anthropic("content_block_delta", new JsonObject().put("index", index)
        .put("delta", new JsonObject().put("type", deltaType).put(key, value)));
  }

  private List<SseEvent> anthropicStream(int textCut, int argCut) {
    return List.of(
        anthropic("message_start", new JsonObject().put("message", new JsonObject().put("id", "msg").put("content", new JsonArray()))),
        anthropic("content_block_start", new JsonObject().put("index", 0)
            .put("content_block", new JsonObject().put("type", "text").put("text", ""))),
        delta(0, "text_delta", "text", text.substring(0, textCut)),
        anthropic("ping", new JsonObject()),
        delta(0, "text_delta", "text", text.substring(textCut)),
        anthropic("content_block_stop", new JsonObject().put("index", 0)),
        anthropic("content_block_start", new JsonObject().put("index", 1).put("content_block", new JsonObject()
            .put("type", "tool_use").put("id", "toolu_1").put("name", "send").put("input", new JsonObject()))),
        delta(1, "input_json_delta", "partial_json", arguments.substring(0, argCut)),
        delta(1, "input_json_delta", "partial_json", arguments.substring(argCut)),
        anthropic("content_block_stop", new JsonObject().put("index", 1)),
        anthropic("message_delta", new JsonObject().put("delta", new JsonObject().put("stop_reason", "tool_use"))),
        anthropic("message_stop", new JsonObject()));
  }

  @Test
  void anthropicEverySplit() {
    Map<String, String> expected = Map.of("block0", vault.restore(text), "block1", vault.restore(arguments, true));
    for (int cut = 0; cut <= Math.max(text.length(), arguments.length()); cut++) {
      List<SseEvent> out = run(WireFormat.ANTHROPIC_MESSAGES,
          anthropicStream(Math.min(cut, text.length()), Math.min(cut, arguments.length())));
      Map<String, String> got = received(WireFormat.ANTHROPIC_MESSAGES, out, e -> "content_block_stop".equals(e.event())
          ? "block" + new JsonObject(e.data()).getInteger("index") : null);
      assertEquals(expected, got, "cut at " + cut);
      assertTrue(out.stream().allMatch(e -> e.event() != null), "every event keeps its name");
      assertEquals("message_stop", out.get(out.size() - 1).event());
    }
  }

  @Test
  void aPingDoesNotReleaseAHeldTail() {
    int cut = text.indexOf("PII_") + 3;
    List<SseEvent> out = run(WireFormat.ANTHROPIC_MESSAGES, anthropicStream(cut, 1).subList(0, 5));
    long deltas = out.stream().filter(e -> "content_block_delta".equals(e.event())).count();
    assertEquals(2, deltas, "the held \"PII\" waited across the ping for the next delta, no extra event");
  }

  // ---- Gemini ----------------------------------------------------------------------------------------------

  private static SseEvent gemini(JsonArray parts, String finish) {
    JsonObject candidate = new JsonObject().put("index", 0).put("content", new JsonObject().put("role", "model")
        .put("parts", parts));
    if (finish != null) {
      candidate.put("finishReason", finish);
    }
    return SseEvent.data(new JsonObject().put("candidates", new JsonArray().add(candidate))
        .put("usageMetadata", new JsonObject().put("promptTokenCount", 3)).encode());
  }

  @Test
  void geminiEverySplitWithTheLastPieceOnTheFinishChunk() {
    for (int cut = 0; cut <= text.length(); cut++) {
      List<SseEvent> out = run(WireFormat.GEMINI, List.of(
          gemini(new JsonArray().add(new JsonObject().put("text", text.substring(0, cut))), null),
          gemini(new JsonArray().add(new JsonObject().put("text", text.substring(cut)))
              .add(new JsonObject().put("functionCall", new JsonObject().put("name", "send")
                  .put("args", new JsonObject().put("to", email)))), "STOP")));
      Map<String, String> got = received(WireFormat.GEMINI, out, e -> null);
      assertEquals(vault.restore(text), got.get("candidate0"), "cut at " + cut);
      assertEquals("jane@example.com", got.get("candidate0.call1.0"), "whole function-call arguments are restored too");
      assertEquals(2, out.size(), "nothing held past the finish chunk");
    }
  }

  @Test
  void geminiStreamCutShortReleasesTheTailOnFinish() {
    String cutText = text.substring(0, text.indexOf("PII_") + 6);
    StreamTokenRestorer restorer = new StreamTokenRestorer(vault, WireFormat.GEMINI);
    List<SseEvent> first = restorer.onEvent(gemini(new JsonArray().add(new JsonObject().put("text", cutText)), null));
    List<SseEvent> rest = restorer.finish();
    assertEquals(1, rest.size());
    String released = StreamEventTexts.read(WireFormat.GEMINI, first.get(0)).slots().get(0).text()
        + StreamEventTexts.read(WireFormat.GEMINI, rest.get(0)).slots().get(0).text();
    assertEquals(cutText, released, "a tail that never became a token goes out as it was");
  }

  @Test
  void withNothingTokenizedEventsPassThroughUntouched() {
    StreamTokenRestorer restorer = new StreamTokenRestorer(new TokenVault(), WireFormat.OPENAI_CHAT);
    SseEvent event = openAiChunk(new JsonObject().put("content", "PII_EMAIL_"), null);
    assertSame(event, restorer.onEvent(event).get(0));
    assertEquals(List.of(), restorer.finish());
  }
}
