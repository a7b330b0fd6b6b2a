package ai.rivano.gateway.audit;

import ai.rivano.gateway.routing.sse.SseEvent;
import ai.rivano.gateway.routing.translate.Fixtures;
import ai.rivano.gateway.routing.translate.StreamTranslator;
import ai.rivano.gateway.routing.translate.TokenUsage;
import ai.rivano.gateway.routing.translate.Translators;
import ai.rivano.gateway.routing.translate.WireFormat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static ai.rivano.gateway.routing.translate.WireFormat.ANTHROPIC_MESSAGES;
import static ai.rivano.gateway.routing.translate.WireFormat.GEMINI;
import static ai.rivano.gateway.routing.translate.WireFormat.OPENAI_CHAT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UsageMeterTest {

  /** Feeds parsed events, as the relay does when it has parsed them already. */
  private static UsageMeter parsed(WireFormat format, List<SseEvent> events) {
    UsageMeter meter = new UsageMeter(format);
    for (SseEvent event : events) {
      if (!event.isDone()) {
        meter.onEvent(new JsonObject(event.data()));
      }
    }
    return meter;
  }

  /** Feeds raw event data, as a caller that has not parsed it does. */
  private static UsageMeter raw(WireFormat format, List<SseEvent> events) {
    UsageMeter meter = new UsageMeter(format);
    events.forEach(event -> meter.onEventData(event.data()));
    return meter;
  }

  private static void assertUsage(long prompt, long completion, long cached, long reasoning, UsageMeter meter) {
    assertEquals(new TokenUsage(prompt, completion, cached, reasoning), meter.total());
    assertTrue(meter.reported());
  }

  @Test
  void jsonAnswersInEachDialect() {
    UsageMeter openAi = new UsageMeter(OPENAI_CHAT);
    openAi.onJsonAnswer(Fixtures.json("openai/response_text.json"));
    assertUsage(1117, 10, 1024, 0, openAi);

    UsageMeter anthropic = new UsageMeter(ANTHROPIC_MESSAGES);
    anthropic.onJsonAnswer(Fixtures.json("anthropic/response_text.json"));
    assertUsage(112, 9, 100, 0, anthropic); // input 12 + cache read 100

    UsageMeter gemini = new UsageMeter(GEMINI);
    gemini.onJsonAnswer(Fixtures.json("gemini/response_text.json"));
    assertUsage(8, 29, 0, 20, gemini); // candidates 9 + thoughts 20
  }

  @Test
  void openAiResponsesApiAnswerAndItsCompletedEvent() {
    JsonObject usage = new JsonObject().put("input_tokens", 300).put("output_tokens", 120)
        .put("input_tokens_details", new JsonObject().put("cached_tokens", 256))
        .put("output_tokens_details", new JsonObject().put("reasoning_tokens", 64));
    UsageMeter answer = new UsageMeter(OPENAI_CHAT);
    answer.onJsonAnswer(new JsonObject().put("object", "response").put("usage", usage));
    assertUsage(300, 120, 256, 64, answer);

    UsageMeter stream = new UsageMeter(OPENAI_CHAT);
    stream.onEventData("{\"type\":\"response.output_text.delta\",\"delta\":\"Hi\"}");
    stream.onEventData(new JsonObject().put("type", "response.completed")
        .put("response", new JsonObject().put("usage", usage)).encode());
    assertUsage(300, 120, 256, 64, stream);
  }

  @Test
  void streamsInEachDialectParsedOrRaw() {
    List<SseEvent> openAi = Fixtures.sse("openai/stream_text.sse");
    assertUsage(9, 3, 0, 0, parsed(OPENAI_CHAT, openAi));
    assertUsage(9, 3, 0, 0, raw(OPENAI_CHAT, openAi));
    assertUsage(120, 40, 64, 0, raw(OPENAI_CHAT, Fixtures.sse("openai/stream_tool_calls.sse")));

    List<SseEvent> anthropic = Fixtures.sse("anthropic/stream_text.sse");
    assertUsage(25, 15, 0, 0, parsed(ANTHROPIC_MESSAGES, anthropic)); // message_start input, message_delta output
    assertUsage(25, 15, 0, 0, raw(ANTHROPIC_MESSAGES, anthropic));
    assertUsage(472, 89, 0, 0, raw(ANTHROPIC_MESSAGES, Fixtures.sse("anthropic/stream_tool_use.sse")));

    List<SseEvent> gemini = Fixtures.sse("gemini/stream_text.sse");
    assertUsage(6, 5, 0, 0, parsed(GEMINI, gemini)); // the latest usageMetadata holds the totals
    assertUsage(6, 5, 0, 0, raw(GEMINI, gemini));
  }

  @Test
  void geminiStreamWithoutSseIsOneJsonArrayOfChunks() {
    JsonArray chunks = new JsonArray();
    Fixtures.sse("gemini/stream_text.sse").forEach(e -> chunks.add(new JsonObject(e.data())));
    UsageMeter meter = new UsageMeter(GEMINI);
    meter.onJsonAnswer(chunks);
    assertUsage(6, 5, 0, 0, meter);
  }

  @Test
  void translatedStreamsAreMeteredInTheClientsDialect() {
    // an OpenAI client served by Anthropic, asking for usage: the meter reads OpenAI chunks
    JsonObject openAiRequest = new JsonObject().put("model", "gpt-4o").put("stream", true)
        .put("stream_options", new JsonObject().put("include_usage", true));
    StreamTranslator toOpenAi = Translators.forPair(OPENAI_CHAT, ANTHROPIC_MESSAGES)
        .newStreamTranslator(openAiRequest, "claude-sonnet-4-5");
    List<SseEvent> openAiChunks = Fixtures.translate(toOpenAi, Fixtures.sse("anthropic/stream_text.sse"));
    assertUsage(25, 15, 0, 0, raw(OPENAI_CHAT, openAiChunks));

    // an Anthropic client served by OpenAI: the meter reads Anthropic events
    JsonObject anthropicRequest = new JsonObject().put("model", "claude-sonnet-4-5").put("stream", true)
        .put("max_tokens", 100);
    StreamTranslator toAnthropic = Translators.forPair(ANTHROPIC_MESSAGES, OPENAI_CHAT)
        .newStreamTranslator(anthropicRequest, "gpt-4o-mini");
    List<SseEvent> anthropicEvents = Fixtures.translate(toAnthropic, Fixtures.sse("openai/stream_text.sse"));
    assertUsage(9, 3, 0, 0, raw(ANTHROPIC_MESSAGES, anthropicEvents));
  }

  @Test
  void anAnthropicDeltaReplacesCountsButANullNeverErasesOne() {
    UsageMeter meter = new UsageMeter(ANTHROPIC_MESSAGES);
    meter.onEvent(new JsonObject("{\"type\":\"message_start\",\"message\":{\"usage\":"
        + "{\"input_tokens\":25,\"cache_read_input_tokens\":100,\"output_tokens\":1}}}"));
    meter.onEvent(new JsonObject("{\"type\":\"message_delta\",\"usage\":{\"input_tokens\":null,\"output_tokens\":15}}"));
    assertUsage(125, 15, 100, 0, meter);
    meter.onEvent(new JsonObject("{\"type\":\"message_delta\",\"usage\":{\"input_tokens\":30,\"output_tokens\":40}}"));
    assertUsage(130, 40, 100, 0, meter);
  }

  @Test
  void afterARescueTheTotalIsWhatThePrimaryReportedPlusTheContinuation() {
    // Anthropic primary cut after its opening and two deltas: input known, output only the opening's 1
    List<SseEvent> primary = Fixtures.sse("anthropic/stream_text.sse").subList(0, 5);
    UsageMeter meter = raw(ANTHROPIC_MESSAGES, primary);
    assertUsage(25, 1, 0, 0, meter);

    UsageMeter rescue = meter.continuation();
    rescue.onEventData("{\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":40,\"output_tokens\":1}}}");
    rescue.onEventData("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"x\"}}");
    rescue.onEventData("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":12}}");
    assertUsage(65, 13, 0, 0, meter);
  }

  @Test
  void anOpenAiPrimaryCutBeforeItsUsageChunkCountsOnlyTheContinuation() {
    List<SseEvent> chunks = Fixtures.sse("openai/stream_text.sse");
    UsageMeter meter = raw(OPENAI_CHAT, chunks.subList(0, 2));
    assertFalse(meter.reported(), "OpenAI reports usage only at the end");
    assertEquals(TokenUsage.ZERO, meter.total());

    UsageMeter rescue = meter.continuation();
    chunks.forEach(e -> rescue.onEventData(e.data()));
    assertUsage(9, 3, 0, 0, meter);
  }

  @Test
  void aCachedAnswersStoredUsageCanBeAdded() {
    UsageMeter meter = new UsageMeter(OPENAI_CHAT);
    assertFalse(meter.reported());
    meter.add(new TokenUsage(1117, 10, 0, 0));
    assertUsage(1117, 10, 0, 0, meter);
  }

  @Test
  void eventsWithoutUsageAndMalformedOnesChangeNothing() {
    UsageMeter meter = new UsageMeter(OPENAI_CHAT);
    meter.onEventData("[DONE]");
    meter.onEventData("{\"usage\": not json");
    meter.onEventData("{\"choices\":[{\"delta\":{\"content\":\"hi\"}}],\"usage\":null}");
    meter.onEvent(null);
    meter.onJsonAnswer((JsonObject) null);
    assertFalse(meter.reported());
    assertEquals(TokenUsage.ZERO, meter.total());
  }
}
