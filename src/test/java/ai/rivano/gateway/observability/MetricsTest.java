package ai.rivano.gateway.observability;

import ai.rivano.gateway.config.ConfigLoader;
import ai.rivano.gateway.config.GatewayConfig;
import ai.rivano.gateway.testing.Behaviors;
import ai.rivano.gateway.testing.Futures;
import ai.rivano.gateway.testing.Http;
import ai.rivano.gateway.testing.PrometheusParser;
import ai.rivano.gateway.testing.PrometheusParser.Scrape;
import ai.rivano.gateway.testing.TestGateway;
import ai.rivano.gateway.testing.UpstreamStub;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /metrics}: every facade method shows up under its Prometheus name with bounded labels, the scrape
 * parses with the Prometheus project's parsers (text 0.0.4 and strict OpenMetrics), circuit state follows real
 * failing requests, and the endpoint is loopback-only.
 */
@ExtendWith(VertxExtension.class)
class MetricsTest {

  private static GatewayConfig config(Vertx vertx, String yaml) throws Exception {
    Path file = Files.createTempFile("rivano", ".yaml");
    Files.writeString(file, yaml);
    try {
      return Futures.await(new ConfigLoader(vertx, Map.of(), new ArrayList<>()).load(file));
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Test
  void everyFacadeCallIsASeriesWithItsPrometheusName(Vertx vertx) throws Exception {
    GatewayMetrics metrics = GatewayMetrics.create(config(vertx, """
        gateway:
          providers:
            openai: { apiKey: sk-x, isPrimary: true, models: { "gpt-4o": gpt-4o-2024-08-06 } }
            anthropic: { apiKey: sk-y, isFallback: true }
        policies:
          - { name: block-ssn, phase: request, condition: { type: pii_detected, entities: [ssn] }, action: block }
        """));
    metrics.requestCompleted("openai", "gpt-4o-2024-08-06", 200, "allowed");
    metrics.requestCompleted("openai", "gpt-4o-2024-08-06", 200, "allowed");
    metrics.requestCompleted("anthropic", "claude-haiku", 503, "allowed");
    metrics.requestCompleted(null, null, 403, "blocked");
    metrics.addedLatency("openai", TimeUnit.MICROSECONDS.toNanos(300));
    metrics.upstreamLatency("openai", TimeUnit.MILLISECONDS.toNanos(400));
    metrics.timeToFirstToken("openai", TimeUnit.MILLISECONDS.toNanos(700));
    metrics.attempt("openai", "http_503");
    metrics.attempt("openai", "http_503");
    metrics.attempt("anthropic", "ok");
    metrics.tokens("openai", "gpt-4o-2024-08-06", 12, 30);
    metrics.cost("openai", "gpt-4o-2024-08-06", 0.0015);
    metrics.rateLimited();
    metrics.guardrail("block-ssn", "blocked");
    metrics.cacheLookup(true);
    metrics.cacheLookup(false);
    metrics.cacheLookup(false);
    metrics.bindAuditQueue(() -> 7, () -> 3);
    metrics.bindIngestQueue(() -> 2, () -> 0);
    metrics.bindClusterSize(() -> 3);

    Scrape s = PrometheusParser.parseText(metrics.scrape(null).body());
    assertEquals(2.0, s.value("rivano_requests_total", Map.of("provider", "openai", "model", "gpt-4o-2024-08-06",
        "status", "200", "decision", "allowed")).orElseThrow());
    assertEquals(1.0, s.value("rivano_requests_total", Map.of("provider", "anthropic", "status", "503")).orElseThrow());
    assertEquals(1.0, s.value("rivano_requests_total", Map.of("provider", "none", "model", "none", "status", "403",
        "decision", "blocked")).orElseThrow(), "a request blocked before routing has no provider");
    assertEquals("counter", s.typeOf("rivano_requests"));
    assertEquals("histogram", s.typeOf("rivano_added_latency_seconds"));
    assertEquals(1.0, s.bucket("rivano_added_latency_seconds", Map.of("provider", "openai"), 0.0005).orElseThrow(),
        "300 µs falls in the 0.5 ms bucket");
    assertEquals(0.0, s.bucket("rivano_added_latency_seconds", Map.of("provider", "openai"), 0.00025).orElseThrow());
    assertEquals(0.0003, s.value("rivano_added_latency_seconds_sum", Map.of("provider", "openai")).orElseThrow(), 1e-9);
    assertEquals(1.0, s.bucket("rivano_upstream_latency_seconds", Map.of("provider", "openai"), 0.5).orElseThrow());
    assertEquals(0.0, s.bucket("rivano_upstream_latency_seconds", Map.of("provider", "openai"), 0.25).orElseThrow());
    assertEquals(1.0, s.value("rivano_time_to_first_token_seconds_count", Map.of("provider", "openai")).orElseThrow());
    assertEquals(2.0, s.value("rivano_upstream_attempts_total", Map.of("provider", "openai", "outcome", "http_503"))
        .orElseThrow());
    assertEquals(12.0, s.value("rivano_tokens_total", Map.of("provider", "openai", "direction", "input")).orElseThrow());
    assertEquals(30.0, s.value("rivano_tokens_total", Map.of("provider", "openai", "direction", "output")).orElseThrow());
    assertEquals(0.0015, s.value("rivano_cost_usd_total", Map.of("provider", "openai")).orElseThrow(), 1e-12);
    assertEquals(1.0, s.value("rivano_rate_limited_total", Map.of()).orElseThrow());
    assertEquals(1.0, s.value("rivano_guardrail_decisions_total", Map.of("policy", "block-ssn", "action", "blocked"))
        .orElseThrow());
    assertEquals(1.0, s.value("rivano_cache_lookups_total", Map.of("result", "hit")).orElseThrow());
    assertEquals(2.0, s.value("rivano_cache_lookups_total", Map.of("result", "miss")).orElseThrow());
    assertEquals(7.0, s.value("rivano_audit_dropped_total", Map.of()).orElseThrow());
    assertEquals(3.0, s.value("rivano_audit_queue_size", Map.of()).orElseThrow());
    assertEquals(2.0, s.value("rivano_ingest_dropped_total", Map.of()).orElseThrow());
    assertEquals(3.0, s.value("rivano_cluster_members", Map.of()).orElseThrow());

    // the same registry in OpenMetrics, through the strict parser (counter suffixes, histogram shape, # EOF)
    Scrape om = PrometheusParser.parseOpenMetrics(metrics.scrape("application/openmetrics-text").body());
    assertEquals(2.0, om.value("rivano_requests_total", Map.of("provider", "openai", "status", "200")).orElseThrow());
  }

  @Test
  void labelValuesFromTrafficAreBounded(Vertx vertx) throws Exception {
    GatewayMetrics metrics = GatewayMetrics.create(config(vertx, "gateway:\n  providers:\n    echo: {}\n"));
    int distinct = GatewayMetrics.DYNAMIC_VALUES_CAP + 50;
    for (int i = 0; i < distinct; i++) {
      metrics.requestCompleted("echo", "model-" + i, 200, "allowed");
    }
    metrics.requestCompleted("no-such-provider", "m", 200, "allowed");
    metrics.requestCompleted("echo", "x".repeat(500), 999, "something-new");

    Scrape s = PrometheusParser.parseText(metrics.scrape(null).body());
    long series = s.named("rivano_requests_total").size();
    assertTrue(series <= GatewayMetrics.DYNAMIC_VALUES_CAP + 3, "bounded: " + series + " series");
    assertEquals(50.0, s.value("rivano_requests_total", Map.of("provider", "echo", "model", "other", "status", "200",
        "decision", "allowed")).orElseThrow(), "the models beyond the cap count as other");
    assertEquals(1.0, s.value("rivano_requests_total", Map.of("provider", "other")).orElseThrow(),
        "a provider that is not configured");
    assertEquals(1.0, s.value("rivano_requests_total", Map.of("status", "other")).orElseThrow());
  }

  @Test
  void circuitStateFollowsRealFailuresAndTheEndpointIsLoopbackOnly(Vertx vertx) {
    UpstreamStub openai = UpstreamStub.start(vertx, Behaviors.status(503, null));
    UpstreamStub anthropic = UpstreamStub.start(vertx, Behaviors.anthropicChat("claude-haiku", "from claude"));
    TestGateway gateway = TestGateway.start(vertx, """
        gateway:
          providers:
            openai:    { apiKey: sk-openai, baseUrl: "%s/v1", isPrimary: true,
                         failover: { circuitBreaker: { failures: 2 } } }
            anthropic: { apiKey: sk-ant, baseUrl: "%s", isFallback: true, models: { "*": claude-haiku } }
          middleware: { rateLimit: 0 }
          metrics: { allow: [10.0.0.0/8] }
        """.formatted(openai.baseUrl(), anthropic.baseUrl()));
    Http http = new Http(vertx);

    Http.Response before = http.get(gateway.url("/metrics"));
    assertEquals(200, before.status(), before.text());
    assertEquals(GatewayMetrics.TEXT_FORMAT, before.header("content-type"));
    assertTrue(before.header("X-Rivano-Trace-Id").startsWith("trace_"), "admin answers carry the X-Rivano headers");
    Scrape closed = PrometheusParser.parseText(before.text());
    assertEquals(1.0, closed.value("rivano_circuit_state", Map.of("provider", "openai", "state", "closed")).orElseThrow());
    assertEquals(0.0, closed.value("rivano_circuit_state", Map.of("provider", "openai", "state", "open")).orElseThrow());
    assertEquals(0.0, closed.value("rivano_draining", Map.of()).orElseThrow());

    Http.Response answer = http.postJson(gateway.url("/v1/chat/completions"), Http.chatRequest("gpt-4o", "hi"));
    assertEquals("anthropic", answer.header("X-Rivano-Provider"), answer.text());

    Scrape open = PrometheusParser.parseText(http.get(gateway.url("/metrics")).text());
    assertEquals(1.0, open.value("rivano_circuit_state", Map.of("provider", "openai", "state", "open")).orElseThrow(),
        "two failed attempts opened the openai circuit");
    assertEquals(1.0, open.value("rivano_circuit_transitions_total", Map.of("provider", "openai", "state", "open"))
        .orElseThrow());
    assertEquals(1.0, open.value("rivano_circuit_state", Map.of("provider", "anthropic", "state", "closed"))
        .orElseThrow());

    Http.Response openMetrics = http.send(HttpMethod.GET, gateway.url("/metrics"),
        Http.headers("Accept", "application/openmetrics-text; version=1.0.0"), null);
    assertEquals(GatewayMetrics.OPENMETRICS_FORMAT, openMetrics.header("content-type"));
    PrometheusParser.parseOpenMetrics(openMetrics.text());

    Http.Response forwarded = http.send(HttpMethod.GET, gateway.url("/metrics"),
        Http.headers("X-Forwarded-For", "203.0.113.7"), null);
    assertEquals(404, forwarded.status(), "relayed by a proxy: treated as remote");
    assertFalse(forwarded.text().contains("rivano_"), forwarded.text());
    Http.Response post = http.send(HttpMethod.POST, gateway.url("/metrics"), null, null);
    assertEquals(404, post.status());
    assertEquals("not_found", post.json().getJsonObject("error").getString("code"));
  }

  /**
   * One GET through the instrumented client, each try bounded at 5 s, at most three tries. In one full-suite run of
   * the clean-clone CI the first GET of a fresh instrumented instance never completed (30 s; never reproduced in
   * isolation): what this test checks is which series exist, so a lost request is retried, and said.
   */
  private static void getOnce(io.vertx.core.http.HttpClient client, int port) {
    for (int attempt = 1; ; attempt++) {
      try {
        Futures.await(client.request(new io.vertx.core.http.RequestOptions().setMethod(HttpMethod.GET).setPort(port)
                .setHost("127.0.0.1").setURI("/").setTimeout(5_000))
            .compose(request -> request.send()).compose(response -> response.body()));
        return;
      } catch (RuntimeException e) {
        if (attempt == 3) {
          throw e;
        }
        System.out.println("MetricsTest: GET attempt " + attempt + " failed (" + e + "), retrying");
      }
    }
  }

  @Test
  void vertxHttpSeriesOnlyWhenAskedFor(Vertx vertx) throws Exception {
    for (boolean vertxHttp : new boolean[] {false, true}) {
      GatewayMetrics metrics = GatewayMetrics.create(config(vertx, "gateway:\n  providers:\n    echo: {}\n"
          + "  metrics: { vertxHttp: " + vertxHttp + " }\n"));
      Vertx instrumented = metrics.instrument(Vertx.builder(), new io.vertx.core.VertxOptions()).build();
      try {
        var server = Futures.await(instrumented.createHttpServer()
            .requestHandler(request -> request.response().end("ok")).listen(0, "127.0.0.1"));
        var client = instrumented.createHttpClient();
        getOnce(client, server.actualPort());
        Scrape s = PrometheusParser.parseText(metrics.scrape(null).body());
        assertEquals(vertxHttp, !s.named("vertx_http_server_requests_total").isEmpty(), "server, vertxHttp " + vertxHttp);
        assertEquals(vertxHttp, !s.named("vertx_http_client_requests_total").isEmpty(), "client, vertxHttp " + vertxHttp);
        assertFalse(s.named("jvm_memory_used_bytes").isEmpty(), "JVM series either way");
      } finally {
        Futures.await(instrumented.close());
      }
    }
  }

  @Test
  void disabledMetricsMeanNoEndpointAndNoRegistry(Vertx vertx) throws Exception {
    GatewayMetrics metrics = GatewayMetrics.create(config(vertx, "gateway:\n  providers:\n    echo: {}\n"
        + "  metrics: { enabled: false }\n"));
    assertFalse(metrics.enabled());
    metrics.requestCompleted("echo", "m", 200, "allowed"); // no-op, no failure
    assertEquals("", metrics.scrape(null).body());
  }
}
