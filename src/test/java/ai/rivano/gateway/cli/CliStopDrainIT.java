package ai.rivano.gateway.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rivano-gateway stop} while a slow request is in flight: the request completes, new connections are
 * refused (or {@code /health} says 503) during the drain, and everything exits 0. The upstream holds its answer
 * until the test has seen the drain begin, so how long a JVM takes to start on a busy machine does not matter.
 */
class CliStopDrainIT {

  /** The upstream answers at the latest after this, even if the test never releases it. */
  private static final long UPSTREAM_MAX_HOLD_MS = 60_000;
  private static final String UPSTREAM_KEY = "sk-upstream-test-key";

  @TempDir
  Path dir;

  private Vertx vertx;
  private HttpServer stub;
  private final List<String> upstreamAuth = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Void> release = new CompletableFuture<>();
  private final String answer = new JsonObject().put("id", "chatcmpl-slow").put("object", "chat.completion")
      .put("padding", "x".repeat(64 * 1024)).encode();

  @BeforeEach
  void startStub() throws Exception {
    vertx = Vertx.vertx();
    stub = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      upstreamAuth.add(req.path() + " " + req.getHeader("authorization"));
      Runnable answerIt = () -> vertx.runOnContext(v -> {
        if (!req.response().ended()) {
          req.response().putHeader("content-type", "application/json").end(answer);
        }
      });
      release.thenRun(answerIt);
      vertx.setTimer(UPSTREAM_MAX_HOLD_MS, t -> answerIt.run());
    })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stopStub() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void stopDrainsTheInFlightRequestThenExitsZero() throws Exception {
    Cli.write(dir.resolve("rivano.yaml"), """
        gateway:
          host: 127.0.0.1
          providers:
            openai:
              apiKey: %s
              baseUrl: http://127.0.0.1:%d/v1
              isPrimary: true
        """.formatted(UPSTREAM_KEY, stub.actualPort()));
    int port = Cli.freePort();
    try (Cli.Running gateway = Cli.start(dir, port)) {
      CompletableFuture<HttpResponse<String>> inFlight =
          Cli.HTTP.sendAsync(Cli.chat(port, "slow one"), HttpResponse.BodyHandlers.ofString());
      await().atMost(Duration.ofSeconds(10)).until(() -> !upstreamAuth.isEmpty());
      // Credential replacement: the client's key never reaches the provider, the configured one does.
      assertEquals(List.of("/v1/chat/completions Bearer " + UPSTREAM_KEY), upstreamAuth);

      Cli.Running stop = Cli.spawn(dir, Map.of(), Cli.launcher("stop"));

      // During the drain the node takes itself out: a fresh connection is refused, or /health answers 503.
      await().atMost(Duration.ofSeconds(50)).pollInterval(Duration.ofMillis(50)).until(() -> notAccepting(port));
      assertFalse(inFlight.isDone(), "the drain must not have ended the slow request");
      assertTrue(gateway.process.isAlive(), "the gateway waits for the request in flight");
      assertTrue(stop.process.isAlive(), "stop waits for the gateway to have drained");
      release.complete(null);

      HttpResponse<String> slow = inFlight.get(20, TimeUnit.SECONDS);
      assertEquals(200, slow.statusCode(), slow.body());
      assertEquals(answer, slow.body());
      CliLifecycleIT.assertRivanoHeaders(slow, "openai");

      assertEquals(0, stop.awaitExit(), () -> "stop: " + stop.stdout + " " + stop.stderr);
      assertEquals(List.of("Gateway stopped"), stop.stdout);
      assertEquals(0, gateway.awaitExit(), () -> "gateway: " + gateway.stdout + " " + gateway.stderr);
      assertFalse(Files.exists(dir.resolve(".rivano-gateway.pid")));
      assertTrue(gateway.stdout.contains("Gateway stopped"), gateway.stdout::toString);
    }
  }

  /** A new connection (fresh client, no pooled connection) is refused, or it reaches a /health that says 503. */
  private static boolean notAccepting(int port) throws InterruptedException {
    HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(1)).build();
    try {
      HttpResponse<String> r = fresh.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
          .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 503;
    } catch (IOException refusedOrClosed) {
      return true;
    }
  }
}
