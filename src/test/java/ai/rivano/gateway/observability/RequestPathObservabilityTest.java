package ai.rivano.gateway.observability;

import ai.rivano.gateway.testing.Behaviors;
import ai.rivano.gateway.testing.Http;
import ai.rivano.gateway.testing.PrometheusParser;
import ai.rivano.gateway.testing.PrometheusParser.Scrape;
import ai.rivano.gateway.testing.TestGateway;
import ai.rivano.gateway.testing.UpstreamStub;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The request path reports what happened to each request, through real upstreams: one log line per retry,
 * failover, upstream error, rescue and aborted stream, each carrying the request's trace id (the one in
 * {@code X-Rivano-Trace-Id}); and {@code /metrics}, parsed by a real Prometheus parser, counts a known sequence
 * of requests and faults.
 */
@ExtendWith(VertxExtension.class)
class RequestPathObservabilityTest {

  private LogCapture logs;

  @BeforeEach
  void capture() {
    logs = new LogCapture(Level.INFO);
  }

  @AfterEach
  void release() {
    logs.close();
  }

  /** The event lines of one request, by event name. */
  private List<ILoggingEvent> events(String traceId, String event) {
    return logs.events().stream()
        .filter(e -> e.getLoggerName().equals(Events.LOG.getName()))
        .filter(e -> e.getKeyValuePairs() != null && e.getKeyValuePairs().stream()
            .anyMatch(kv -> kv.key.equals("event") && kv.value.equals(event)))
        .filter(e -> e.getKeyValuePairs().stream().anyMatch(kv -> kv.key.equals("trace_id") && traceId.equals(kv.value)))
        .toList();
  }

  @Test
  void retriesFailoversErrorsAndRescuesAreLoggedWithTheTraceIdAndCounted(Vertx vertx) {
    UpstreamStub openai = UpstreamStub.start(vertx, Behaviors.openAiChat("gpt-4o-2024-08-06", "ok"));
    UpstreamStub anthropic = UpstreamStub.start(vertx, Behaviors.anthropicChat("claude-sonnet-4-5-20250929", "claude"));
    TestGateway gateway = TestGateway.start(vertx, """
        gateway:
          providers:
            openai:    { apiKey: sk-obs-openai, baseUrl: "%s/v1", isPrimary: true, maxRetries: 1,
                         firstTokenTimeoutMs: 2000, idleTimeoutMs: 2000 }
            anthropic: { apiKey: sk-obs-ant, baseUrl: "%s", isFallback: true, models: { "*": "claude-sonnet-4-5" } }
          middleware: { rateLimit: 3, cache: true }
        """.formatted(openai.baseUrl(), anthropic.baseUrl()));
    Http http = new Http(vertx);
    String chat = gateway.url("/v1/chat/completions");

    // 1: a 500, retried, then served
    openai.then(Behaviors.status(500, null));
    Http.Response retried = http.postJson(chat, Http.chatRequest("gpt-4o", "one").put("temperature", 0));
    assertEquals(200, retried.status());
    String retryTrace = retried.header("X-Rivano-Trace-Id");
    await().atMost(Duration.ofSeconds(5)).until(() -> !events(retryTrace, "retry").isEmpty());
    assertEquals(1, events(retryTrace, "upstream_error").size());

    // 2: 503 twice, then the fallback
    openai.then(Behaviors.status(503, null), Behaviors.status(503, null));
    Http.Response failedOver = http.postJson(chat, Http.chatRequest("gpt-4o", "two"));
    assertEquals("anthropic", failedOver.header("X-Rivano-Provider"));
    String failoverTrace = failedOver.header("X-Rivano-Trace-Id");
    await().atMost(Duration.ofSeconds(5)).until(() -> !events(failoverTrace, "failover").isEmpty());
    assertEquals(2, events(failoverTrace, "upstream_error").size());

    // 3: the first request again: a cache hit
    assertEquals("HIT", http.postJson(chat, Http.chatRequest("gpt-4o", "one").put("temperature", 0))
        .header("X-Rivano-Cache"));

    // 4: over the rate limit
    assertEquals(429, http.postJson(chat, Http.chatRequest("gpt-4o", "four")).status());

    Scrape s = PrometheusParser.parseText(http.get(gateway.url("/metrics")).text());
    assertEquals(3.0, sum(s, "rivano_requests_total", Map.of("status", "200", "decision", "allowed")),
        "the retried, the failed-over and the cached request");
    assertEquals(1.0, sum(s, "rivano_requests_total", Map.of("status", "429", "decision", "rate_limited")));
    assertEquals(1.0, s.value("rivano_rate_limited_total", Map.of()).orElseThrow());
    assertEquals(1.0, s.value("rivano_upstream_attempts_total", Map.of("provider", "openai", "outcome", "http_500"))
        .orElseThrow());
    assertEquals(2.0, s.value("rivano_upstream_attempts_total", Map.of("provider", "openai", "outcome", "http_503"))
        .orElseThrow());
    assertEquals(1.0, s.value("rivano_cache_lookups_total", Map.of("result", "hit")).orElseThrow());
    assertTrue(sum(s, "rivano_tokens_total", Map.of("direction", "output")) > 0);
    assertTrue(s.value("rivano_added_latency_seconds_count", Map.of("provider", "openai")).orElseThrow() >= 1);
    assertTrue(s.value("rivano_upstream_latency_seconds_count", Map.of("provider", "openai")).orElseThrow() >= 4);
    String all = String.join("\n", logs.events().stream().map(ILoggingEvent::getFormattedMessage).toList());
    assertFalse(all.contains("sk-obs-openai") || all.contains("sk-obs-ant"), "no key in any line");
  }

  @Test
  void aRescuedStreamAndAnAbortedOneAreLogged(Vertx vertx) {
    List<String> pieces = List.of("The quick ", "brown fox ", "jumps.");
    UpstreamStub openai = UpstreamStub.start(vertx, Behaviors.openAiSse("gpt-4o", pieces, true, 5, 3, -1));
    UpstreamStub anthropic = UpstreamStub.start(vertx,
        Behaviors.anthropicSse("claude-sonnet-4-5-20250929", List.of(" jumps."), 5, -1, -1));
    TestGateway gateway = TestGateway.start(vertx, """
        gateway:
          providers:
            openai:    { apiKey: sk-a, baseUrl: "%s/v1", isPrimary: true }
            anthropic: { apiKey: sk-b, baseUrl: "%s", isFallback: true, supportsPrefill: true,
                         models: { "*": "claude-sonnet-4-5" } }
          middleware: { rateLimit: 0 }
        """.formatted(openai.baseUrl(), anthropic.baseUrl()));
    Http http = new Http(vertx);
    JsonObject stream = Http.chatRequest("gpt-4o", "go").put("stream", true);

    Http.Streamed rescued = http.stream(gateway.url("/v1/chat/completions"), stream.copy(), null);
    String rescueTrace = rescued.header("X-Rivano-Trace-Id");
    await().atMost(Duration.ofSeconds(5)).until(() -> !events(rescueTrace, "rescue").isEmpty());

    anthropic.then(Behaviors.status(503, null));
    Http.Streamed aborted = http.stream(gateway.url("/v1/chat/completions"), stream.copy(), null);
    String abortTrace = aborted.header("X-Rivano-Trace-Id");
    await().atMost(Duration.ofSeconds(5)).until(() -> !events(abortTrace, "stream_aborted").isEmpty());
    assertTrue(aborted.body().contains("The answer is incomplete"), aborted.body());
  }

  private static double sum(Scrape s, String name, Map<String, String> labels) {
    return s.named(name).stream().filter(sample -> sample.labels().entrySet().containsAll(labels.entrySet()))
        .mapToDouble(PrometheusParser.Sample::value).sum();
  }
}
