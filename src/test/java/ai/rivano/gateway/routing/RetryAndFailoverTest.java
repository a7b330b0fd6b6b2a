package ai.rivano.gateway.routing;

import ai.rivano.gateway.testing.Behaviors;
import ai.rivano.gateway.testing.Http;
import ai.rivano.gateway.testing.TestGateway;
import ai.rivano.gateway.testing.UpstreamStub;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.ServerSocket;
import java.util.Map;

import static ai.rivano.gateway.routing.FailoverSetup.CHAT;
import static ai.rivano.gateway.routing.FailoverSetup.FAST;
import static ai.rivano.gateway.routing.FailoverSetup.MODELS;
import static ai.rivano.gateway.routing.FailoverSetup.content;
import static ai.rivano.gateway.routing.FailoverSetup.gapMs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Non-streamed requests through the retry and failover policy: retryable classes (reset, 5xx, 429), backoff and
 * Retry-After against the budget, silent upstreams, 4xx that go back unchanged, context-length failover, and a
 * normal request afterwards every time. Upstreams: {@code openai} primary, {@code anthropic} fallback (translated).
 */
@ExtendWith(VertxExtension.class)
class RetryAndFailoverTest {

  private static final String OPENAI_ANSWER = "hello from openai";
  private static final String ANTHROPIC_ANSWER = "hello from anthropic";
  private static final String ANTHROPIC_MODEL = "claude-sonnet-4-5-20250929";

  private Vertx vertx;
  private UpstreamStub openai;
  private UpstreamStub anthropic;
  private Http http;

  @BeforeEach
  void stubs(Vertx vertx) {
    this.vertx = vertx;
    openai = UpstreamStub.start(vertx, Behaviors.openAiChat("gpt-4o-2024-08-06", OPENAI_ANSWER));
    anthropic = UpstreamStub.start(vertx, Behaviors.anthropicChat(ANTHROPIC_MODEL, ANTHROPIC_ANSWER));
    http = new Http(vertx);
  }

  private TestGateway gateway(String openaiExtra, String anthropicExtra) {
    return TestGateway.start(vertx, FailoverSetup.openAiThenAnthropic(openai, openaiExtra, anthropic, anthropicExtra));
  }

  private TestGateway gateway() {
    return gateway(FAST, FAST + ", " + MODELS);
  }

  private Http.Response chat(TestGateway gateway) {
    return http.postJson(gateway.url(CHAT), Http.chatRequest("gpt-4o", "hi"));
  }

  private void assertServedByOpenAi(TestGateway gateway) {
    Http.Response next = chat(gateway);
    assertEquals(200, next.status(), next.text());
    assertEquals("openai", next.header("X-Rivano-Provider"));
    assertEquals(OPENAI_ANSWER, content(next.json()));
  }

  @Test
  void a500OnceIsRetriedOnTheSameProviderAfterAJitteredBackoff() {
    openai.then(Behaviors.status(500, null));
    TestGateway gateway = gateway();

    Http.Response response = chat(gateway);

    assertEquals(200, response.status(), response.text());
    assertEquals("openai", response.header("X-Rivano-Provider"));
    assertEquals(OPENAI_ANSWER, content(response.json()));
    assertEquals(2, openai.count());
    assertEquals(0, anthropic.count());
    long gap = gapMs(openai.received().get(0), openai.received().get(1));
    assertTrue(gap >= 45 && gap < 600, "backoff between 50 and 100 ms (+ scheduling), was " + gap);
    FailoverSetup.table("500 once, then healthy", "200 from openai", "openai 2, anthropic 0", "retry after " + gap + " ms");
    assertServedByOpenAi(gateway);
  }

  @Test
  void a503AlwaysFailsOverToTheFallbackAfterOneRetry() {
    openai.byDefault(Behaviors.status(503, null));
    TestGateway gateway = gateway();

    Http.Response response = chat(gateway);

    assertEquals(200, response.status(), response.text());
    assertEquals("anthropic", response.header("X-Rivano-Provider"));
    assertEquals(ANTHROPIC_ANSWER, content(response.json()));
    assertEquals(ANTHROPIC_MODEL, response.json().getString("model"), "the model that answered");
    assertEquals(2, openai.count(), "first attempt + maxRetries (1)");
    assertEquals(1, anthropic.count());
    assertEquals("claude-sonnet-4-5", anthropic.last().json().getString("model"), "mapped for the fallback");
    FailoverSetup.table("503 always", "200 from anthropic (translated, model claude-sonnet-4-5-20250929)",
        "openai 2, anthropic 1", "retry after " + gapMs(openai.received().get(0), openai.received().get(1))
            + " ms, failover after " + gapMs(openai.received().get(1), anthropic.received().get(0)) + " ms");

    Map<String, JsonObject> status = FailoverSetup.providers(http, gateway.url("/_rivano/status"));
    assertEquals(2L, status.get("openai").getLong("attempts"));
    assertEquals(2L, status.get("openai").getLong("failures"));
    assertEquals(1L, status.get("anthropic").getLong("attempts"));
    assertEquals(0L, status.get("anthropic").getLong("failures"));
    assertEquals("closed", status.get("openai").getString("circuit"));

    openai.byDefault(Behaviors.openAiChat("gpt-4o-2024-08-06", OPENAI_ANSWER));
    assertServedByOpenAi(gateway);
  }

  @Test
  void a429WithoutRetryAfterIsRetriedWithBackoff() {
    openai.then(Behaviors.status(429, null));
    TestGateway gateway = gateway();

    Http.Response response = chat(gateway);

    assertEquals(200, response.status());
    assertEquals("openai", response.header("X-Rivano-Provider"));
    assertEquals(2, openai.count());
    assertEquals(0, anthropic.count());
    long gap = gapMs(openai.received().get(0), openai.received().get(1));
    assertTrue(gap >= 45 && gap < 600, "jittered backoff, was " + gap);
    FailoverSetup.table("429 without Retry-After, once", "200 from openai", "openai 2, anthropic 0", "retry after " + gap + " ms");
    assertServedByOpenAi(gateway);
  }

  @Test
  void a429RetryAfterThatFitsTheBudgetIsHonoured() {
    openai.then(Behaviors.status(429, "1"));
    TestGateway gateway = gateway("timeoutMs: 3000, firstTokenTimeoutMs: 300, idleTimeoutMs: 300", FAST + ", " + MODELS);

    Http.Response response = chat(gateway);

    assertEquals(200, response.status());
    assertEquals("openai", response.header("X-Rivano-Provider"));
    assertEquals(2, openai.count());
    assertEquals(0, anthropic.count());
    long gap = gapMs(openai.received().get(0), openai.received().get(1));
    assertTrue(gap >= 1000 && gap < 2000, "second attempt after Retry-After: 1 s, was " + gap);
    FailoverSetup.table("429 Retry-After: 1 (timeoutMs 3000)", "200 from openai", "openai 2, anthropic 0", "retry after " + gap + " ms");
    assertServedByOpenAi(gateway);
  }

  @Test
  void a429RetryAfterBeyondTheBudgetFailsOverAtOnce() {
    openai.then(Behaviors.status(429, "5"));
    TestGateway gateway = gateway();

    long start = System.nanoTime();
    Http.Response response = chat(gateway);
    long took = (System.nanoTime() - start) / 1_000_000;

    assertEquals(200, response.status());
    assertEquals("anthropic", response.header("X-Rivano-Provider"));
    assertEquals(1, openai.count(), "not retried: Retry-After 5 s does not fit timeoutMs 500");
    assertEquals(1, anthropic.count());
    long gap = gapMs(openai.received().get(0), anthropic.received().get(0));
    assertTrue(gap < 250, "failed over at once, gap " + gap);
    assertTrue(took < 1000, "took " + took);
    FailoverSetup.table("429 Retry-After: 5 (timeoutMs 500)", "200 from anthropic", "openai 1, anthropic 1",
        "failover after " + gap + " ms");
    assertServedByOpenAi(gateway);
  }

  @Test
  void aResetBeforeHeadersIsRetriedThenFailsOver() {
    openai.then(Behaviors.resetBeforeHeaders(), Behaviors.resetBeforeHeaders());
    TestGateway gateway = gateway();

    Http.Response response = chat(gateway);

    assertEquals(200, response.status(), response.text());
    assertEquals("anthropic", response.header("X-Rivano-Provider"));
    assertEquals(2, openai.count());
    assertEquals(1, anthropic.count());
    assertServedByOpenAi(gateway);

    openai.then(Behaviors.resetBeforeHeaders());
    FailoverSetup.table("reset before headers, twice", "200 from anthropic", "openai 2, anthropic 1",
        "retry after " + gapMs(openai.received().get(0), openai.received().get(1)) + " ms");
    Http.Response once = chat(gateway);
    assertEquals("openai", once.header("X-Rivano-Provider"), "a single reset is absorbed by the retry");
    assertEquals(5, openai.count());
    assertEquals(1, anthropic.count());
  }

  @Test
  void aRefusedConnectionFailsOverToTheFallback() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    TestGateway gateway = TestGateway.start(vertx, """
        gateway:
          providers:
            openai:    { apiKey: sk-openai, baseUrl: "http://127.0.0.1:%d/v1", isPrimary: true, %s }
            anthropic: { apiKey: sk-ant, baseUrl: "%s", isFallback: true, %s, %s }
          middleware: { rateLimit: 0 }
        """.formatted(closedPort, FAST, anthropic.baseUrl(), FAST, MODELS));

    Http.Response response = chat(gateway);

    assertEquals(200, response.status(), response.text());
    assertEquals("anthropic", response.header("X-Rivano-Provider"));
    assertEquals(1, anthropic.count());
    Map<String, JsonObject> status = FailoverSetup.providers(http, gateway.url("/_rivano/status"));
    assertEquals(2L, status.get("openai").getLong("attempts"), "refused, retried once, refused");
  }

  @Test
  void aSilentUpstreamIsNotRetriedAndFailsOverAfterTimeoutMs() {
    openai.then(Behaviors.silence());
    TestGateway gateway = gateway();

    long start = System.nanoTime();
    Http.Response response = chat(gateway);
    long took = (System.nanoTime() - start) / 1_000_000;

    assertEquals(200, response.status(), response.text());
    assertEquals("anthropic", response.header("X-Rivano-Provider"));
    assertEquals(1, openai.count(), "a silent upstream is not retried");
    assertEquals(1, anthropic.count());
    long gap = gapMs(openai.received().get(0), anthropic.received().get(0));
    assertTrue(gap >= 400 && gap < 900, "fail over after timeoutMs 500 (its clock starts before the stub logs the arrival), gap " + gap);
    assertTrue(took < 1500, "took " + took);
    FailoverSetup.table("accepts, never answers (non-stream)", "200 from anthropic", "openai 1, anthropic 1",
        "failover after " + gap + " ms");
    assertServedByOpenAi(gateway);
  }

  @Test
  void aContentPolicy400GoesBackUnchangedAndIsNeitherRetriedNorFailedOver() {
    openai.then(Behaviors.openAiError(400, "invalid_request_error", "content_policy_violation",
        "Your request was rejected as a result of our safety system."));
    TestGateway gateway = gateway();

    Http.Response response = chat(gateway);

    assertEquals(400, response.status());
    assertEquals("openai", response.header("X-Rivano-Provider"));
    JsonObject error = response.json().getJsonObject("error");
    assertEquals("content_policy_violation", error.getString("code"));
    assertEquals("Your request was rejected as a result of our safety system.", error.getString("message"));
    assertEquals(1, openai.count());
    assertEquals(0, anthropic.count());
    assertEquals("closed", FailoverSetup.providers(http, gateway.url("/_rivano/status")).get("openai").getString("circuit"));
    FailoverSetup.table("content-policy 400", "400, upstream body unchanged", "openai 1, anthropic 0", "-");
    assertServedByOpenAi(gateway);
  }

  @Test
  void aContextLengthExceeded400GoesToTheFallbackWithAnotherModel() {
    openai.then(Behaviors.openAiError(400, "invalid_request_error", "context_length_exceeded",
        "This model's maximum context length is 128000 tokens."));
    TestGateway gateway = gateway();

    Http.Response response = chat(gateway);

    assertEquals(200, response.status(), response.text());
    assertEquals("anthropic", response.header("X-Rivano-Provider"));
    assertEquals(ANTHROPIC_ANSWER, content(response.json()));
    assertEquals(1, openai.count(), "never again to the same model");
    assertEquals(1, anthropic.count());
    FailoverSetup.table("context_length_exceeded 400, fallback maps to another model", "200 from anthropic",
        "openai 1, anthropic 1", "failover after " + gapMs(openai.received().get(0), anthropic.received().get(0)) + " ms");
    assertEquals("claude-sonnet-4-5", anthropic.last().json().getString("model"));
    assertServedByOpenAi(gateway);
  }

  @Test
  void aJsonBodyThatStallsAfterItsHeadersFailsOverAfterIdleTimeout() {
    openai.then((v, request, body) -> request.response().setStatusCode(200).putHeader("content-type", "application/json")
        .setChunked(true).write("{\"id\":\"chatcmpl-1\","));
    TestGateway gateway = gateway();

    Http.Response response = chat(gateway);

    assertEquals(200, response.status(), response.text());
    assertEquals("anthropic", response.header("X-Rivano-Provider"));
    assertEquals(ANTHROPIC_ANSWER, content(response.json()));
    assertEquals(1, openai.count(), "a stalled upstream is not retried");
    assertEquals(1, anthropic.count());
    long gap = gapMs(openai.received().get(0), anthropic.received().get(0));
    assertTrue(gap >= 240 && gap < 900, "fail over after idleTimeoutMs 300 (clock starts before the stub logs the arrival), gap " + gap);
    FailoverSetup.table("non-stream body stalls after headers", "200 from anthropic", "openai 1, anthropic 1",
        "failover after " + gap + " ms");
    assertServedByOpenAi(gateway);
  }

  @Test
  void aContextLengthExceeded400IsNotSentToTheSameModelOnTheFallback(Vertx vertx) {
    UpstreamStub mistral = UpstreamStub.start(vertx, Behaviors.openAiChat("gpt-4o", "hello from mistral"));
    openai.then(Behaviors.openAiError(400, "invalid_request_error", "context_length_exceeded",
        "This model's maximum context length is 128000 tokens."));
    TestGateway gateway = TestGateway.start(vertx, FailoverSetup.openAiThenMistral(openai, FAST, mistral, FAST));

    Http.Response response = chat(gateway);

    assertEquals(400, response.status());
    assertEquals("context_length_exceeded", response.json().getJsonObject("error").getString("code"));
    assertEquals(1, openai.count());
    assertEquals(0, mistral.count(), "the fallback would run the same model: the 400 goes back");
    FailoverSetup.table("context_length_exceeded 400, fallback runs the same model", "400 unchanged",
        "openai 1, mistral 0", "-");
    assertServedByOpenAi(gateway);
  }

  @Test
  void whenEveryProviderFailsTheClientGets503NamingEachOutcome() {
    openai.byDefault(Behaviors.status(503, null));
    anthropic.byDefault(Behaviors.anthropicError(529, "overloaded_error", "Overloaded"));
    TestGateway gateway = gateway();

    Http.Response response = chat(gateway);

    assertEquals(503, response.status());
    JsonObject error = response.json().getJsonObject("error");
    assertEquals("no_provider_available", error.getString("code"));
    assertEquals("every provider failed: openai: http_503 (2 attempts), anthropic: http_529 (2 attempts)",
        error.getString("message"));
    assertEquals(2, openai.count());
    assertEquals(2, anthropic.count());
    FailoverSetup.table("openai 503 and anthropic 529, always", response.status() + " no_provider_available, naming each provider's outcome",
        "openai 2, anthropic 2", "-");

    openai.byDefault(Behaviors.openAiChat("gpt-4o-2024-08-06", OPENAI_ANSWER));
    assertServedByOpenAi(gateway);
  }
}
