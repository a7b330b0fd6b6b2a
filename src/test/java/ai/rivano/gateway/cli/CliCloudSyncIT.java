package ai.rivano.gateway.cli;

import ai.rivano.gateway.testing.Futures;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code Cloud sync:} line of {@code rivano-gateway status} and the degraded {@code /health} of a real gateway
 * process against a control plane on loopback: connected, a revoked key, and a restart during an outage that
 * enforces the policies persisted next to the pid file.
 */
class CliCloudSyncIT {

  private static final String KEY = "rv_live_SENTINEL_IT_KEY";

  @TempDir
  Path dir;

  private final Vertx vertx = Vertx.vertx();
  private final AtomicInteger answer = new AtomicInteger(200);

  @AfterEach
  void closeVertx() {
    Futures.await(vertx.close());
  }

  @Test
  void statusShowsConnectedThenARejectedKeyThenTheSavedSetAfterARestartDuringAnOutage() throws Exception {
    HttpServer plane = Futures.await(vertx.createHttpServer().requestHandler(request -> {
      if (answer.get() != 200) {
        request.response().setStatusCode(answer.get()).end();
      } else if ("\"v1\"".equals(request.getHeader("If-None-Match"))) {
        request.response().setStatusCode(304).end();
      } else {
        request.response().putHeader("ETag", "\"v1\"").end(new JsonObject().put("data", new JsonArray()
            .add(new JsonObject().put("name", "no-secrets").put("phase", "request").put("action", "block")
                .put("condition", new JsonObject().put("type", "content_pattern").put("pattern", "AKIA")))).encode());
      }
    }).listen(0, "127.0.0.1"));
    Cli.write(dir.resolve("rivano.yaml"), Cli.echoConfig() + """
          cloud:
            apiKey: "${RIVANO_API_KEY}"
            baseUrl: "http://127.0.0.1:%d"
            syncInterval: 1
        """.formatted(plane.actualPort()));
    int port = Cli.freePort();

    try (Cli.Running gateway = start(port)) {
      awaitCloudLine(port, "Cloud sync: connected");
      assertTrue(Files.exists(dir.resolve(".rivano-policies.json")), "persisted next to the pid file");
      answer.set(401);
      awaitCloudLine(port, "Cloud sync: degraded (API key rejected)");
      gateway.sigterm();
      assertEquals(0, gateway.awaitExit());
      assertFalse(String.join("\n", gateway.stdout).contains(KEY) || String.join("\n", gateway.stderr).contains(KEY));
    }

    Futures.await(plane.close()); // the outage
    try (Cli.Running gateway = start(port)) {
      String line = awaitCloudLine(port, "Cloud sync: degraded (never connected, enforcing saved policies from ");
      assertTrue(line.endsWith("s ago)"), line);
      HttpResponse<String> health = Cli.get(port, "/health");
      assertEquals(200, health.statusCode());
      JsonObject body = new JsonObject(health.body());
      assertEquals("degraded", body.getString("status"));
      assertEquals("Control plane unreachable — operating offline with cached policies", body.getString("message"));
      assertEquals("persisted", body.getJsonObject("cachedPolicies").getString("source"), health.body());
      gateway.sigterm();
      assertEquals(0, gateway.awaitExit());
    }
  }

  private Cli.Running start(int port) {
    return Cli.spawn(dir, Map.of("RIVANO_API_KEY", KEY),
            Cli.launcher("start", "--port", Integer.toString(port), "--file", "rivano.yaml"))
        .awaitLine("Gateway running on http://localhost:" + port);
  }

  /** Runs {@code status} until its cloud line starts with {@code expected}; returns that line. */
  private String awaitCloudLine(int port, String expected) {
    String[] last = {""};
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
      Cli.Result status = Cli.run(dir, "status", "--port", Integer.toString(port));
      List<String> lines = status.outLines();
      last[0] = lines.size() >= 7 ? lines.get(6) : status.toString();
      return last[0].startsWith(expected);
    });
    return last[0];
  }
}
