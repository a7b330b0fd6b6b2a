package ai.rivano.gateway.cli;

import ai.rivano.gateway.testing.Behaviors;
import ai.rivano.gateway.testing.PrometheusParser;
import ai.rivano.gateway.testing.UpstreamStub;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The application log and {@code /metrics} of a real gateway process (the built jar through the launcher): at DEBUG,
 * after retries, a failover, a stream and the admin endpoints, no output line carries a configured key; JSON lines
 * go to stderr only, one summary line says how the node started; the process's own scrape (JVM and Vert.x series
 * included) parses with the Prometheus parsers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObservabilityIT {

  static final String OPENAI_KEY = "sk-proj-Op3nAiLiveKeyForTheLogTest0123456789";
  static final String ANTHROPIC_KEY = "sk-ant-api03-AnthropicLiveKeyForTheLogTest987";
  static final String CLOUD_KEY = "rv_live_CloudKeyForTheLogTest5555";

  private Vertx vertx;

  @BeforeAll
  void vertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  void close() {
    vertx.close();
  }

  @Test
  void atDebugNoLineOfTheProcessCarriesAKey(@TempDir Path dir) throws Exception {
    UpstreamStub openai = UpstreamStub.start(vertx, Behaviors.openAiChat("gpt-4o", "from openai"))
        .then(Behaviors.status(503, null), Behaviors.status(503, null), Behaviors.status(500, null));
    UpstreamStub anthropic = UpstreamStub.start(vertx, Behaviors.anthropicChat("claude-haiku", "from claude"));
    Cli.write(dir.resolve("rivano.yaml"), """
        gateway:
          host: 127.0.0.1
          providers:
            openai:    { apiKey: "${OPENAI_API_KEY}", baseUrl: "%s/v1", isPrimary: true }
            anthropic: { apiKey: "${ANTHROPIC_API_KEY}", baseUrl: "%s", isFallback: true, models: { "*": claude-haiku } }
          middleware: { audit: off, rateLimit: 0 }
          cloud: { apiKey: "${RIVANO_API_KEY}", baseUrl: "http://127.0.0.1:9/" }
        """.formatted(openai.baseUrl(), anthropic.baseUrl()));
    int port = Cli.freePort();
    Map<String, String> env = Map.of("OPENAI_API_KEY", OPENAI_KEY, "ANTHROPIC_API_KEY", ANTHROPIC_KEY,
        "RIVANO_API_KEY", CLOUD_KEY, "RIVANO_LOG_LEVEL", "debug");
    try (Cli.Running gateway = Cli.spawn(dir, env, Cli.launcher("start", "--port", Integer.toString(port), "--file",
        "rivano.yaml")).awaitLine("Gateway running on http://localhost:" + port)) {
      for (int i = 0; i < 3; i++) { // 503, 503 → anthropic; 500, then ok; ok
        HttpResponse<String> chat = Cli.HTTP.send(Cli.chat(port, "hello " + i), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, chat.statusCode(), chat.body());
      }
      HttpResponse<String> stream = Cli.HTTP.send(HttpRequest.newBuilder(Cli.chat(port, "s").uri())
          .header("content-type", "application/json").header("x-rivano-provider", "anthropic")
          .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\","
              + "\"content\":\"s\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
      assertTrue(stream.statusCode() < 600, stream.body());
      assertEquals(200, Cli.get(port, "/metrics").statusCode());
      Cli.get(port, "/health");
      Cli.get(port, "/_rivano/status");
      assertEquals(0, Cli.run(dir, "status", "--port", Integer.toString(port)).exitCode());

      gateway.sigterm();
      assertEquals(0, gateway.awaitExit());
      List<String> output = new ArrayList<>(gateway.stdout);
      output.addAll(gateway.stderr);
      assertTrue(output.stream().filter(l -> l.contains(" DEBUG ")).count() > 20,
          "the process really logged at DEBUG: " + output.size() + " lines");
      assertTrue(output.stream().anyMatch(l -> l.contains("rivano-gateway") && l.contains("listening on")),
          "startup summary");
      for (String secret : List.of(OPENAI_KEY, ANTHROPIC_KEY, CLOUD_KEY)) {
        String tail = secret.substring(secret.length() - 12);
        List<String> leaks = output.stream().filter(l -> l.contains(tail)).toList();
        assertEquals(List.of(), leaks, "a key (or its end) in the output");
      }
    }
    assertEquals("Bearer " + OPENAI_KEY, openai.received().get(0).headers().get("authorization"),
        "the keys were in use (the test would catch them)");
    assertEquals(ANTHROPIC_KEY, anthropic.received().get(0).headers().get("x-api-key"));
  }

  @Test
  void jsonLinesOnStderrAndTheProcessScrapeParses(@TempDir Path dir) throws Exception {
    Cli.write(dir.resolve("rivano.yaml"), Cli.echoConfig() + "  middleware: { audit: off }\n"
        + "  metrics: { vertxHttp: true }\n");
    int port = Cli.freePort();
    try (Cli.Running gateway = Cli.spawn(dir, Map.of(), Cli.launcher("start", "--port", Integer.toString(port),
        "--file", "rivano.yaml", "--log-format", "json")).awaitLine("Gateway running on http://localhost:" + port)) {
      HttpResponse<String> chat = Cli.HTTP.send(Cli.chat(port, "hi"), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, chat.statusCode());
      HttpResponse<String> metrics = Cli.get(port, "/metrics");
      assertEquals(200, metrics.statusCode());
      PrometheusParser.Scrape scrape = PrometheusParser.parseText(metrics.body());
      assertEquals(1.0, scrape.value("rivano_circuit_state", Map.of("provider", "echo", "state", "closed")).orElseThrow());
      assertTrue(scrape.value("vertx_http_server_requests_total", Map.of("code", "200", "method", "POST")).orElseThrow()
          >= 1, "Vert.x's HTTP server metrics (metrics.vertxHttp: true)");
      assertFalse(scrape.named("jvm_memory_used_bytes").isEmpty(), "JVM metrics");
      assertTrue(scrape.named("vertx_http_server_requests_total").stream()
          .noneMatch(s -> s.labels().containsKey("path") || s.labels().containsKey("remote")), "bounded labels");

      gateway.sigterm();
      assertEquals(0, gateway.awaitExit());
      assertEquals(List.of("Gateway running on http://localhost:" + port), gateway.stdout.subList(0, 1));
      assertTrue(gateway.stdout.stream().allMatch(l -> l.startsWith("Gateway") || l.startsWith("Draining")),
          "stdout holds the command line's own lines only: " + gateway.stdout);
      assertFalse(gateway.stderr.isEmpty());
      JsonObject started = null;
      for (String line : gateway.stderr) {
        JsonObject json = new JsonObject(line); // every stderr line is one JSON object
        assertTrue(json.containsKey("level") && json.containsKey("message") && json.containsKey("@timestamp"), line);
        if ("started".equals(json.getString("event"))) {
          started = json;
        }
      }
      assertTrue(started != null, "startup summary: " + gateway.stderr);
      assertEquals(port, started.getInteger("port"));
      assertTrue(started.getString("message").contains("providers: echo (primary)"), started.encode());
      assertTrue(started.getString("message").contains("middleware: pii on, injection on, audit off"), started.encode());
    }
  }
}
