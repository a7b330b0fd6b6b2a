package ai.rivano.gateway.routing;

import ai.rivano.gateway.testing.Behaviors;
import ai.rivano.gateway.testing.Http;
import ai.rivano.gateway.testing.SseText;
import ai.rivano.gateway.testing.TestGateway;
import ai.rivano.gateway.testing.UpstreamStub;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static ai.rivano.gateway.routing.FailoverSetup.CHAT;
import static ai.rivano.gateway.routing.FailoverSetup.FAST;
import static ai.rivano.gateway.routing.FailoverSetup.MODELS;
import static ai.rivano.gateway.routing.FailoverSetup.gapMs;
import static ai.rivano.gateway.routing.FailoverSetup.streamRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Streams under faults: the commit rule (nothing reaches the client before the first upstream event, so early
 * faults fail over invisibly), the first-event and idle clocks, cut and stalled streams after the commit (rescued
 * by a prefill-capable fallback, or ended with an explicit SSE error event — never a clean, truncated success),
 * malformed events, a missing [DONE], and a normal stream afterwards.
 */
@ExtendWith(VertxExtension.class)
class StreamFaultsTest {

  private static final List<String> OPENAI_PIECES = List.of("The quick ", "brown fox ", "jumps over ", "the lazy dog.");
  private static final String OPENAI_TEXT = String.join("", OPENAI_PIECES);
  private static final List<String> ANTHROPIC_PIECES = List.of("Hello ", "from ", "Claude.");
  private static final String ANTHROPIC_MODEL = "claude-sonnet-4-5-20250929";

  /** An idle clock long enough that ending before it proves the stream ended with its upstream. */
  private static final String SLOW_IDLE = "timeoutMs: 500, firstTokenTimeoutMs: 300, idleTimeoutMs: 20000";

  private Vertx vertx;
  private UpstreamStub openai;
  private UpstreamStub anthropic;
  private Http http;

  @BeforeEach
  void stubs(Vertx vertx) {
    this.vertx = vertx;
    openai = UpstreamStub.start(vertx, Behaviors.openAiSse("gpt-4o-2024-08-06", OPENAI_PIECES, true, 5, -1, -1));
    anthropic = UpstreamStub.start(vertx, Behaviors.anthropicSse(ANTHROPIC_MODEL, ANTHROPIC_PIECES, 5, -1, -1));
    http = new Http(vertx);
  }

  private TestGateway gateway(boolean fallbackPrefill) {
    return gateway(FAST, fallbackPrefill);
  }

  private TestGateway gateway(String openaiClocks, boolean fallbackPrefill) {
    return TestGateway.start(vertx, FailoverSetup.openAiThenAnthropic(openai, openaiClocks, anthropic,
        FAST + ", " + MODELS + (fallbackPrefill ? ", supportsPrefill: true" : "")));
  }

  private Http.Streamed stream(TestGateway gateway) {
    return http.stream(gateway.url(CHAT), streamRequest("gpt-4o", "tell me"), null);
  }

  /** A complete, clean OpenAI stream: the whole text, a finish reason, [DONE], no error event. */
  private static void assertComplete(Http.Streamed s, String text) {
    assertEquals(200, s.status(), s.body());
    assertFalse(s.broken(), "connection broken");
    assertEquals(text, SseText.openAiText(s.body()), s.body());
    assertNull(SseText.error(s.body()), s.body());
    assertTrue(SseText.endsWithDone(s.body()), s.body());
    assertTrue(s.body().contains("\"finish_reason\":\"stop\""), s.body());
  }

  /** Committed, then ended with an explicit error event after {@code prefix}: never [DONE], never a finish reason. */
  private static JsonObject assertEndsWithError(Http.Streamed s, String prefix) {
    assertEquals(200, s.status(), "committed before the fault");
    assertEquals(prefix, SseText.openAiText(s.body()), s.body());
    JsonObject error = SseText.error(s.body());
    assertNotNull(error, "an explicit SSE error event: " + s.body());
    assertFalse(SseText.endsWithDone(s.body()), "no [DONE] after an error");
    assertFalse(s.body().contains("\"finish_reason\":\"stop\""), "no clean finish: " + s.body());
    List<SseText.Event> events = SseText.events(s.body());
    assertTrue(events.get(events.size() - 1).data().contains("\"error\""), "the error is the last event");
    return error;
  }

  private void assertNextStreamServedByOpenAi(TestGateway gateway) {
    Http.Streamed next = stream(gateway);
    assertComplete(next, OPENAI_TEXT);
    assertEquals("openai", next.header("X-Rivano-Provider"));
  }

  // ---- before the commit: invisible failover ------------------------------------------------------------------

  @Test
  void headersThenNoFirstEventFailsOverAfterFirstTokenTimeoutWithoutRetry() {
    openai.then(Behaviors.sseHeadersThenSilence());
    TestGateway gateway = gateway(false);

    Http.Streamed s = stream(gateway);

    assertComplete(s, String.join("", ANTHROPIC_PIECES));
    assertEquals("anthropic", s.header("X-Rivano-Provider"));
    assertEquals(1, openai.count(), "a silent stream is not retried");
    assertEquals(1, anthropic.count());
    long gap = gapMs(openai.received().get(0), anthropic.received().get(0));
    assertTrue(gap >= 240 && gap < 700, "failover after firstTokenTimeoutMs 300, gap " + gap);
    assertTrue(s.headMs() >= 290, "the client's head waited for the fallback's first event: " + s.headMs());
    FailoverSetup.table("stream: headers, then no first event", "200, complete fallback text",
        "openai 1, anthropic 1", "failover after " + gap + " ms");
    assertNextStreamServedByOpenAi(gateway);
  }

  @Test
  void aSilentUpstreamOnAStreamFailsOverAfterTimeoutMs() {
    openai.then(Behaviors.silence());
    TestGateway gateway = gateway(false);

    Http.Streamed s = stream(gateway);

    assertComplete(s, String.join("", ANTHROPIC_PIECES));
    assertEquals(1, openai.count());
    assertEquals(1, anthropic.count());
    long gap = gapMs(openai.received().get(0), anthropic.received().get(0));
    assertTrue(gap >= 400 && gap < 900, "failover after timeoutMs 500 (its clock starts before the stub logs the arrival), gap " + gap);
    FailoverSetup.table("stream: accepts, never answers", "200, complete fallback text",
        "openai 1, anthropic 1", "failover after " + gap + " ms");
    assertNextStreamServedByOpenAi(gateway);
  }

  @Test
  void aStreamResetBeforeItsFirstEventIsRetriedInvisibly() {
    openai.then(Behaviors.openAiSse("gpt-4o", OPENAI_PIECES, true, 5, 0, -1));
    TestGateway gateway = gateway(false);

    Http.Streamed s = stream(gateway);

    assertComplete(s, OPENAI_TEXT);
    assertEquals("openai", s.header("X-Rivano-Provider"));
    assertEquals(2, openai.count(), "broken before the first event: retryable");
    assertEquals(0, anthropic.count());
    FailoverSetup.table("stream: headers then reset before first event", "200, complete text (retry)",
        "openai 2, anthropic 0", "retry after " + gapMs(openai.received().get(0), openai.received().get(1)) + " ms");
  }

  @Test
  void a503OnAStreamFailsOverAndTheFallbackStreamIsTranslated() {
    openai.then(Behaviors.status(503, null), Behaviors.status(503, null));
    TestGateway gateway = gateway(false);

    Http.Streamed s = stream(gateway);

    assertComplete(s, String.join("", ANTHROPIC_PIECES));
    assertEquals("anthropic", s.header("X-Rivano-Provider"));
    assertEquals(List.of(ANTHROPIC_MODEL), SseText.openAiModels(s.body()).stream().distinct().toList(),
        "every chunk reports the model that answered");
    assertEquals(2, openai.count());
    assertEquals(1, anthropic.count());
    assertEquals("claude-sonnet-4-5", anthropic.last().json().getString("model"));
    assertNextStreamServedByOpenAi(gateway);
  }

  // ---- after the commit: rescue or explicit error -------------------------------------------------------------

  @Test
  void aStreamCutAfterTwoPiecesEndsWithAnExplicitErrorWhenTheRestartedAnswerDiffers() {
    openai.then(Behaviors.openAiSse("gpt-4o", OPENAI_PIECES, true, 5, 3, -1)); // role, 2 pieces, reset
    TestGateway gateway = gateway(false);

    Http.Streamed s = stream(gateway);

    JsonObject error = assertEndsWithError(s, "The quick brown fox ");
    assertEquals("server_error", error.getString("type"));
    assertTrue(error.getString("message").startsWith("The answer is incomplete: openai: "), error.encode());
    assertEquals(1, openai.count(), "a committed stream is never replayed on the provider that cut it");
    assertEquals(1, anthropic.count(), "the fallback (no prefill) was asked afresh; its answer differs");
    assertEquals("user", FailoverSetup.lastMessageRole(anthropic.last()), "no assistant turn in a restart");
    FailoverSetup.table("stream: cut after 2 pieces, fallback without prefill, restart differs",
        "200, prefix + SSE error event", "openai 1, anthropic 1 (restart)", "error at " + s.endMs() + " ms");
    assertNextStreamServedByOpenAi(gateway);
  }

  @Test
  void aStreamCutAfterTwoPiecesIsContinuedByARestartThatRepeatsTheTextAlreadySent() {
    openai.then(Behaviors.openAiSse("gpt-4o", OPENAI_PIECES, true, 5, 3, -1));
    anthropic.then(Behaviors.anthropicSse(ANTHROPIC_MODEL,
        List.of("The quick", " brown fox jum", "ps over the", " lazy dog."), 5, -1, -1));
    TestGateway gateway = gateway(false);

    Http.Streamed s = stream(gateway);

    assertComplete(s, OPENAI_TEXT);
    assertEquals(1, anthropic.count());
    assertEquals("user", FailoverSetup.lastMessageRole(anthropic.last()), "asked afresh, no prefill");
    assertEquals(1, SseText.events(s.body()).stream().filter(e -> e.data().contains("\"role\":\"assistant\"")).count(),
        "the restart's opening chunk is not repeated");
    FailoverSetup.table("stream: cut after 2 pieces, fallback without prefill, restart repeats the text",
        "200, complete text (only what follows is relayed)", "openai 1, anthropic 1 (restart)", "done at " + s.endMs() + " ms");
    assertNextStreamServedByOpenAi(gateway);
  }

  @Test
  void aStreamCutAfterTwoPiecesIsRescuedByAPrefillCapableFallback() {
    openai.then(Behaviors.openAiSse("gpt-4o", OPENAI_PIECES, true, 5, 3, -1));
    anthropic.then(Behaviors.anthropicSse(ANTHROPIC_MODEL, List.of(" jumps over", " the lazy dog."), 5, -1, -1));
    TestGateway gateway = gateway(true);

    Http.Streamed s = stream(gateway);

    assertComplete(s, OPENAI_TEXT);
    assertEquals(1, openai.count());
    assertEquals(1, anthropic.count());
    JsonArray messages = anthropic.last().json().getJsonArray("messages");
    JsonObject prefill = messages.getJsonObject(messages.size() - 1);
    assertEquals("assistant", prefill.getString("role"));
    assertEquals("The quick brown fox", textOf(prefill), "the text already sent, as the assistant prefill");
    assertEquals(1, SseText.events(s.body()).stream().filter(e -> e.data().contains("\"role\":\"assistant\"")).count(),
        "the rescue's opening chunk is not repeated");
    FailoverSetup.table("stream: cut after 2 pieces, fallback supportsPrefill", "200, complete text (prefix + continuation)",
        "openai 1, anthropic 1 (prefill)", "done at " + s.endMs() + " ms");
    assertNextStreamServedByOpenAi(gateway);
  }

  @Test
  void aRejectedPrefillIsAskedOnceMoreWithoutItAndADifferentAnswerEndsWithAnError() {
    openai.then(Behaviors.openAiSse("gpt-4o", OPENAI_PIECES, true, 5, 3, -1));
    anthropic.then(Behaviors.anthropicError(400, "invalid_request_error", "assistant prefill is not supported"));
    TestGateway gateway = gateway(true);

    Http.Streamed s = stream(gateway);

    assertEndsWithError(s, "The quick brown fox ");
    assertEquals(1, openai.count());
    assertEquals(2, anthropic.count(), "the prefill, then once afresh");
    assertEquals("assistant", FailoverSetup.lastMessageRole(anthropic.received().get(0)));
    assertEquals("user", FailoverSetup.lastMessageRole(anthropic.received().get(1)));
    FailoverSetup.table("stream: cut, fallback rejects the prefill with 400, restart differs",
        "200, prefix + SSE error event", "openai 1, anthropic 2", "error at " + s.endMs() + " ms");
    assertNextStreamServedByOpenAi(gateway);
  }

  @Test
  void aRejectedPrefillIsAskedOnceMoreWithoutItAndARepeatingAnswerCompletesTheStream() {
    openai.then(Behaviors.openAiSse("gpt-4o", OPENAI_PIECES, true, 5, 3, -1));
    anthropic.then(Behaviors.anthropicError(400, "invalid_request_error", "assistant prefill is not supported"),
        Behaviors.anthropicSse(ANTHROPIC_MODEL, List.of(OPENAI_TEXT), 5, -1, -1));
    TestGateway gateway = gateway(true);

    Http.Streamed s = stream(gateway);

    assertComplete(s, OPENAI_TEXT);
    assertEquals(2, anthropic.count());
    FailoverSetup.table("stream: cut, fallback rejects the prefill with 400, restart repeats the text",
        "200, complete text", "openai 1, anthropic 2", "done at " + s.endMs() + " ms");
    assertNextStreamServedByOpenAi(gateway);
  }

  @Test
  void aStreamStalledMidwayEndsWithAnErrorAfterIdleTimeout() {
    openai.then(Behaviors.openAiSse("gpt-4o", OPENAI_PIECES, true, 5, -1, 3)); // role, 2 pieces, silence
    TestGateway gateway = gateway(false);

    Http.Streamed s = stream(gateway);

    JsonObject error = assertEndsWithError(s, "The quick brown fox ");
    assertTrue(error.getString("message").contains("stalled"), error.encode());
    assertTrue(s.endMs() >= 300 && s.endMs() < 1500, "ended after idleTimeoutMs 300: " + s.endMs());
    assertEquals(1, openai.count());
    assertEquals(1, anthropic.count(), "asked afresh; its answer differs");
    FailoverSetup.table("stream: stalls after 2 pieces, no prefill fallback", "200, prefix + SSE error event",
        "openai 1, anthropic 0", "error at " + s.endMs() + " ms");
    assertNextStreamServedByOpenAi(gateway);
  }

  @Test
  void aStreamStalledMidwayIsRescuedByAPrefillCapableFallback() {
    openai.then(Behaviors.openAiSse("gpt-4o", OPENAI_PIECES, true, 5, -1, 3));
    anthropic.then(Behaviors.anthropicSse(ANTHROPIC_MODEL, List.of("jumps over", " the lazy dog."), 5, -1, -1));
    TestGateway gateway = gateway(true);

    Http.Streamed s = stream(gateway);

    assertComplete(s, OPENAI_TEXT);
    assertEquals(1, openai.count());
    assertEquals(1, anthropic.count());
    long gap = gapMs(openai.received().get(0), anthropic.received().get(0));
    assertTrue(gap >= 300 && gap < 1000, "rescue after idleTimeoutMs 300, gap " + gap);
    FailoverSetup.table("stream: stalls after 2 pieces, fallback supportsPrefill", "200, complete text",
        "openai 1, anthropic 1 (prefill)", "rescue after " + gap + " ms");
    assertNextStreamServedByOpenAi(gateway);
  }

  @Test
  void oneMalformedEventDoesNotKillAHealthyStream() {
    openai.then(Behaviors.openAiSseWithMalformedEvent("gpt-4o", OPENAI_PIECES));
    TestGateway gateway = gateway(true);

    Http.Streamed s = stream(gateway);

    assertComplete(s, OPENAI_TEXT);
    assertFalse(s.body().contains("this is not json"), "the malformed event is dropped");
    assertEquals(1, openai.count());
    assertEquals(0, anthropic.count());
    FailoverSetup.table("stream: one malformed event", "200, complete text (event dropped)",
        "openai 1, anthropic 0", "done at " + s.endMs() + " ms");
    assertNextStreamServedByOpenAi(gateway);
  }

  @Test
  void oneMalformedEventOnATranslatedFallbackStreamDoesNotKillIt() {
    openai.then(Behaviors.status(503, null), Behaviors.status(503, null));
    List<String[]> events = new java.util.ArrayList<>(Behaviors.anthropicStreamEvents(ANTHROPIC_MODEL, ANTHROPIC_PIECES));
    events.add(4, new String[] {"content_block_delta", "{\"type\":\"content_block_delta\", oops"});
    anthropic.then(Behaviors.sse(events, 0, 5, -1, -1));
    TestGateway gateway = gateway(false);

    Http.Streamed s = stream(gateway);

    assertComplete(s, String.join("", ANTHROPIC_PIECES));
    assertEquals(1, anthropic.count());
    assertNextStreamServedByOpenAi(gateway);
  }

  @Test
  void anUpstreamThatFinishesButOmitsDoneEndsTheStreamPromptlyWithDone() {
    openai.then(Behaviors.openAiSse("gpt-4o", OPENAI_PIECES, false, 5, -1, -1));
    TestGateway gateway = gateway(SLOW_IDLE, true);

    Http.Streamed s = stream(gateway);

    assertComplete(s, OPENAI_TEXT);
    assertTrue(s.endMs() < 10_000, "ended with the upstream, not by the 20 s idle clock: " + s.endMs());
    assertEquals(1, openai.count());
    assertEquals(0, anthropic.count());
    FailoverSetup.table("stream: finish chunk but no [DONE]", "200, complete text, [DONE] added",
        "openai 1, anthropic 0", "done at " + s.endMs() + " ms");
    assertNextStreamServedByOpenAi(gateway);
  }

  @Test
  void anUpstreamThatClosesCleanlyMidAnswerIsNotPassedOffAsComplete() {
    openai.then(Behaviors.openAiSseEndingAfter("gpt-4o", OPENAI_PIECES, 3)); // role + 2 pieces, then a clean end
    TestGateway gateway = gateway(SLOW_IDLE, false);

    Http.Streamed s = stream(gateway);

    assertEndsWithError(s, "The quick brown fox ");
    assertTrue(s.endMs() < 10_000, "ended promptly, not by the 20 s idle clock: " + s.endMs());
    assertEquals(1, openai.count());
    FailoverSetup.table("stream: clean close without finish or [DONE]", "200, prefix + SSE error event",
        "openai 1, anthropic 0", "error at " + s.endMs() + " ms");
    assertNextStreamServedByOpenAi(gateway);
  }

  @Test
  void anAnthropicClientStreamCutOnTheOpenAiPrimaryGetsAnAnthropicErrorEvent() {
    openai.then(Behaviors.openAiSse("gpt-4o", OPENAI_PIECES, true, 5, 3, -1));
    TestGateway gateway = gateway(false);
    JsonObject body = new JsonObject().put("model", "gpt-4o").put("max_tokens", 100).put("stream", true)
        .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "tell me")));

    Http.Streamed s = http.stream(gateway.url("/v1/messages"), body, Http.headers("anthropic-version", "2023-06-01"));

    assertEquals(200, s.status());
    assertEquals("The quick brown fox ", SseText.anthropicText(s.body()));
    List<SseText.Event> events = SseText.events(s.body());
    SseText.Event last = events.get(events.size() - 1);
    assertEquals("error", last.name(), s.body());
    assertEquals("error", last.json().getString("type"));
    assertEquals("api_error", last.json().getJsonObject("error").getString("type"));
    assertFalse(s.body().contains("message_stop"), "never a clean end: " + s.body());
    assertEquals(1, openai.count());
  }

  @Test
  void usageIsTranslatedOnAFailoverStreamWhenTheClientAskedForIt() {
    openai.then(Behaviors.status(503, null), Behaviors.status(503, null));
    TestGateway gateway = gateway(false);
    JsonObject request = streamRequest("gpt-4o", "tell me")
        .put("stream_options", new JsonObject().put("include_usage", true));

    Http.Streamed s = http.stream(gateway.url(CHAT), request, null);

    assertComplete(s, String.join("", ANTHROPIC_PIECES));
    JsonObject usage = SseText.openAiUsage(s.body());
    assertNotNull(usage, s.body());
    assertEquals(10, usage.getInteger("prompt_tokens"), "Anthropic input_tokens");
    assertEquals(ANTHROPIC_PIECES.size(), usage.getInteger("completion_tokens"), "Anthropic output_tokens");
    assertEquals(10 + ANTHROPIC_PIECES.size(), usage.getInteger("total_tokens"));

    // On the primary, stream_options goes upstream untouched.
    Http.Streamed direct = http.stream(gateway.url(CHAT), request, null);
    assertEquals("openai", direct.header("X-Rivano-Provider"));
    assertEquals(true, openai.last().json().getJsonObject("stream_options").getBoolean("include_usage"));
  }

  private static String textOf(JsonObject message) {
    Object content = message.getValue("content");
    if (content instanceof String s) {
      return s;
    }
    StringBuilder text = new StringBuilder();
    for (Object block : (JsonArray) content) {
      text.append(((JsonObject) block).getString("text", ""));
    }
    return text.toString();
  }
}
