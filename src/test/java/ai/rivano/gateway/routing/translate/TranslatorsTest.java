package ai.rivano.gateway.routing.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.rivano.gateway.routing.sse.SseEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class TranslatorsTest {

  @ParameterizedTest
  @CsvSource({"OPENAI_CHAT,ANTHROPIC_MESSAGES", "OPENAI_CHAT,GEMINI", "ANTHROPIC_MESSAGES,OPENAI_CHAT"})
  void supportedPairsReportTheirFormats(WireFormat client, WireFormat upstream) {
    Translator translator = Translators.forPair(client, upstream);
    assertEquals(client, translator.clientFormat());
    assertEquals(upstream, translator.upstreamFormat());
    assertTrue(Translators.supports(client, upstream));
  }

  @ParameterizedTest
  @CsvSource({"ANTHROPIC_MESSAGES,GEMINI", "GEMINI,OPENAI_CHAT", "GEMINI,ANTHROPIC_MESSAGES"})
  void unsupportedPairsAreRefused(WireFormat client, WireFormat upstream) {
    assertFalse(Translators.supports(client, upstream));
    assertThrows(UnsupportedOperationException.class, () -> Translators.forPair(client, upstream));
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void identityPassesBodiesThroughButAppliesModelMapping(WireFormat format) {
    Translator identity = Translators.forPair(format, format);
    assertSame(identity, Translators.forPair(format, format));
    JsonObject body = new JsonObject().put("model", "gpt-4o").put("messages", new JsonArray());
    JsonObject out = identity.translateRequest(body, "gpt-4o-2024-08-06");
    assertEquals("gpt-4o", body.getString("model"), "the client's body is not mutated");
    assertEquals(format == WireFormat.GEMINI ? "gpt-4o" : "gpt-4o-2024-08-06", out.getString("model"));
    JsonObject response = new JsonObject().put("model", "x");
    assertSame(response, identity.translateResponse(response, "y"));
  }

  @Test
  void identityKeepsClientPathExceptGeminiModelPath() {
    assertEquals("/v1/chat/completions",
        Translators.forPair(WireFormat.OPENAI_CHAT, WireFormat.OPENAI_CHAT).upstreamPath("/v1/chat/completions", "m", true));
    assertEquals("/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse",
        Translators.forPair(WireFormat.GEMINI, WireFormat.GEMINI)
            .upstreamPath("/v1beta/models/gemini-pro:streamGenerateContent?alt=sse", "gemini-2.5-pro", true));
  }

  @ParameterizedTest
  @CsvSource({
      "OPENAI_CHAT,openai/stream_text.sse,true",
      "OPENAI_CHAT,openai/stream_cut.sse,false",
      "ANTHROPIC_MESSAGES,anthropic/stream_text.sse,true",
      "ANTHROPIC_MESSAGES,anthropic/stream_error.sse,false",
      "GEMINI,gemini/stream_text.sse,true",
      "GEMINI,gemini/stream_cut.sse,false"})
  void identityStreamPassesEventsAndTellsFinishedFromCut(WireFormat format, String fixture, boolean finished) {
    StreamTranslator stream = Translators.forPair(format, format).newStreamTranslator(new JsonObject(), "m");
    List<SseEvent> upstream = Fixtures.sse(fixture);
    assertEquals(upstream, Fixtures.translate(stream, upstream), "events pass through unchanged, nothing added");
    assertEquals(finished, stream.upstreamFinished());
  }

  @Test
  void identityOpenAiStreamThatLostDoneGetsOne() {
    StreamTranslator stream = Translators.forPair(WireFormat.OPENAI_CHAT, WireFormat.OPENAI_CHAT).newStreamTranslator(new JsonObject(), "m");
    List<SseEvent> upstream = Fixtures.sse("openai/stream_text.sse");
    List<SseEvent> out = Fixtures.translate(stream, upstream.subList(0, upstream.size() - 1));
    assertTrue(stream.upstreamFinished());
    assertTrue(out.get(out.size() - 1).isDone());
  }

  @Test
  void identityStreamFlagsInStreamErrors() {
    StreamTranslator stream = Translators.forPair(WireFormat.ANTHROPIC_MESSAGES, WireFormat.ANTHROPIC_MESSAGES)
        .newStreamTranslator(new JsonObject(), "m");
    Fixtures.translate(stream, Fixtures.sse("anthropic/stream_error.sse"));
    assertTrue(stream.upstreamFailed());
  }

  @Test
  void identityErrorPassesThroughAndFillsInNonJsonBodies() {
    Translator identity = Translators.forPair(WireFormat.ANTHROPIC_MESSAGES, WireFormat.ANTHROPIC_MESSAGES);
    JsonObject upstream = Fixtures.json("anthropic/error_overloaded.json");
    assertSame(upstream, identity.translateError(529, upstream));
    assertEquals("overloaded_error", identity.translateError(529, null).getJsonObject("error").getString("type"));
  }
}
