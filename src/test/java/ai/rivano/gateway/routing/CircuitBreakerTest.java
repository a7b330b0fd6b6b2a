package ai.rivano.gateway.routing;

import ai.rivano.gateway.testing.Behaviors;
import ai.rivano.gateway.testing.Http;
import ai.rivano.gateway.testing.TestGateway;
import ai.rivano.gateway.testing.UpstreamStub;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;

import static ai.rivano.gateway.routing.FailoverSetup.CHAT;
import static ai.rivano.gateway.routing.FailoverSetup.FAST;
import static ai.rivano.gateway.routing.FailoverSetup.MODELS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-provider circuit breakers: open after {@code MAX_FAILURES} (5) failed attempts so requests go straight
 * to the fallback, a half-open probe brings a recovered primary back, {@code /health} is 503 only when every
 * circuit is open, and the status JSON shows circuit states and attempt counts. The half-open delay is shortened
 * to 1 s with {@code failover.circuitBreaker.halfOpenAfterMs} (default 10 s).
 */
@ExtendWith(VertxExtension.class)
class CircuitBreakerTest {

  private static final long RESET_MS = 1000;
  private static final String SHORT_HALF_OPEN = "failover: { circuitBreaker: { halfOpenAfterMs: " + RESET_MS + " } }";

  private static TestGateway gateway(Vertx vertx, UpstreamStub openai, UpstreamStub anthropic) {
    return TestGateway.start(vertx, FailoverSetup.openAiThenAnthropic(openai, FAST + ", " + SHORT_HALF_OPEN,
        anthropic, FAST + ", " + MODELS + ", " + SHORT_HALF_OPEN));
  }

  @Test
  void aFailingPrimaryOpensItsCircuitAndAHalfOpenProbeBringsItBack(Vertx vertx) {
    UpstreamStub openai = UpstreamStub.start(vertx, Behaviors.status(503, null));
    UpstreamStub anthropic = UpstreamStub.start(vertx, Behaviors.anthropicChat("claude-sonnet-4-5-20250929", "from claude"));
    TestGateway gateway = gateway(vertx, openai, anthropic);
    Http http = new Http(vertx);

    long openedAt = 0; // a lower bound of the moment the circuit opened: before the request whose attempt opened it
    for (int i = 0; i < 3; i++) {
      openedAt = System.nanoTime();
      Http.Response r = http.postJson(gateway.url(CHAT), Http.chatRequest("gpt-4o", "hi"));
      assertEquals(200, r.status(), r.text());
      assertEquals("anthropic", r.header("X-Rivano-Provider"));
    }
    assertEquals(5, openai.count(), "2 + 2 + 1: the fifth failure opens the circuit, the retry is refused by it");
    Map<String, JsonObject> status = FailoverSetup.providers(http, gateway.url("/_rivano/status"));
    assertEquals("open", status.get("openai").getString("circuit"));
    assertEquals("closed", status.get("anthropic").getString("circuit"));
    assertEquals("primary", status.get("openai").getString("role"));
    assertEquals("fallback", status.get("anthropic").getString("role"));
    assertEquals(5L, status.get("openai").getLong("attempts"), "attempts that reached openai: " + status);
    assertEquals(3L, status.get("anthropic").getLong("attempts"));

    long start = System.nanoTime();
    Http.Response straight = http.postJson(gateway.url(CHAT), Http.chatRequest("gpt-4o", "hi"));
    long took = (System.nanoTime() - start) / 1_000_000;
    assertEquals("anthropic", straight.header("X-Rivano-Provider"));
    assertEquals(5, openai.count(), "an open circuit sends the request straight to the fallback");
    assertTrue(took < 300, "no backoff, no timeout: " + took + " ms");
    assertEquals(200, http.get(gateway.url("/health")).status(), "the fallback can still take traffic");

    openai.byDefault(Behaviors.openAiChat("gpt-4o-2024-08-06", "from openai"));
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
        "openai".equals(http.postJson(gateway.url(CHAT), Http.chatRequest("gpt-4o", "hi")).header("X-Rivano-Provider")));
    long recoveredMs = (System.nanoTime() - openedAt) / 1_000_000;
    assertTrue(recoveredMs >= RESET_MS, "not before the half-open delay: " + recoveredMs);
    assertEquals("closed", FailoverSetup.providers(http, gateway.url("/_rivano/status")).get("openai").getString("circuit"));
    FailoverSetup.table("openai 503 always (circuit)", "200 from anthropic; after 3 requests straight to anthropic",
        "openai 5 then 0 while open", "primary back " + recoveredMs + " ms after opening (reset " + RESET_MS + " ms)");
    Http.Response again = http.postJson(gateway.url(CHAT), Http.chatRequest("gpt-4o", "hi"));
    assertEquals("openai", again.header("X-Rivano-Provider"));
  }

  @Test
  void healthIs503OnlyWhenEveryCircuitIsOpen(Vertx vertx) {
    UpstreamStub openai = UpstreamStub.start(vertx, Behaviors.status(503, null));
    UpstreamStub anthropic = UpstreamStub.start(vertx, Behaviors.status(500, null));
    TestGateway gateway = gateway(vertx, openai, anthropic);
    Http http = new Http(vertx);

    http.postJson(gateway.url(CHAT), Http.chatRequest("gpt-4o", "hi"));
    http.postJson(gateway.url(CHAT), Http.chatRequest("gpt-4o", "hi"));
    assertEquals(200, http.get(gateway.url("/health")).status(), "4 failures each: still closed");
    http.postJson(gateway.url(CHAT), Http.chatRequest("gpt-4o", "hi"));

    Map<String, JsonObject> status = FailoverSetup.providers(http, gateway.url("/_rivano/status"));
    assertEquals("open", status.get("openai").getString("circuit"));
    assertEquals("open", status.get("anthropic").getString("circuit"));
    Http.Response health = http.get(gateway.url("/health"));
    assertEquals(503, health.status());
    assertEquals("unavailable", health.json().getString("status"));

    int openaiSeen = openai.count();
    int anthropicSeen = anthropic.count();
    Http.Response refused = http.postJson(gateway.url(CHAT), Http.chatRequest("gpt-4o", "hi"));
    assertEquals(503, refused.status());
    assertEquals("no_provider_available", refused.json().getJsonObject("error").getString("code"));
    assertEquals(openaiSeen, openai.count());
    assertEquals(anthropicSeen, anthropic.count());

    openai.byDefault(Behaviors.openAiChat("gpt-4o-2024-08-06", "from openai"));
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> http.get(gateway.url("/health")).status() == 200);
    Http.Response probe = http.postJson(gateway.url(CHAT), Http.chatRequest("gpt-4o", "hi"));
    assertEquals(200, probe.status(), probe.text());
    assertEquals("openai", probe.header("X-Rivano-Provider"));
    assertEquals("closed", FailoverSetup.providers(http, gateway.url("/_rivano/status")).get("openai").getString("circuit"));
  }
}
