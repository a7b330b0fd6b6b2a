package ai.rivano.gateway.ingress;

import ai.rivano.gateway.testing.Behaviors;
import ai.rivano.gateway.testing.Http;
import ai.rivano.gateway.testing.TestGateway;
import ai.rivano.gateway.testing.UpstreamStub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A drain lets a stream in flight finish, and is bounded by shutdownTimeoutMs when one does not. */
@ExtendWith(VertxExtension.class)
class DrainTest {

  private static final List<String> PIECES = List.of("one ", "two ", "three ", "four ", "five");

  @Test
  void aStreamInFlightCompletesDuringTheDrain(Vertx vertx) {
    UpstreamStub stub = UpstreamStub.start(vertx, Behaviors.sseData(
        Behaviors.openAiStreamEvents("gpt-4o", PIECES, true), 50, 150, -1, -1));
    TestGateway gateway = TestGateway.start(vertx, """
        gateway:
          shutdownTimeoutMs: 10000
          providers:
            openai: { apiKey: sk-test, baseUrl: "%s" }
          middleware: { rateLimit: 0 }
        """.formatted(stub.baseUrl()));
    Http http = new Http(vertx);

    CompletableFuture<Http.Streamed> stream = CompletableFuture.supplyAsync(() ->
        http.stream(gateway.url("/v1/chat/completions"), Http.chatRequest("m", "hi").put("stream", true), null));
    await().atMost(Duration.ofSeconds(5)).until(() -> stub.count() == 1);
    Future<Void> drained = gateway.node().drain();

    Http.Streamed done = stream.join();
    assertEquals(200, done.status());
    assertFalse(done.broken());
    assertTrue(done.body().contains("\"five\"") && done.body().trim().endsWith("data: [DONE]"), done.body());
    await().atMost(Duration.ofSeconds(5)).until(drained::succeeded);
  }

  @Test
  void aStreamThatOutlivesShutdownTimeoutMsDoesNotHoldTheDrain(Vertx vertx) {
    UpstreamStub stub = UpstreamStub.start(vertx, Behaviors.sseData(
        Behaviors.openAiStreamEvents("gpt-4o", PIECES, true), 10, 10, -1, 2)); // stalls forever after 2 events
    TestGateway gateway = TestGateway.start(vertx, """
        gateway:
          shutdownTimeoutMs: 500
          providers:
            openai: { apiKey: sk-test, baseUrl: "%s", idleTimeoutMs: 60000 }
          middleware: { rateLimit: 0 }
        """.formatted(stub.baseUrl()));
    Http http = new Http(vertx);

    CompletableFuture<Http.Streamed> stream = CompletableFuture.supplyAsync(() ->
        http.stream(gateway.url("/v1/chat/completions"), Http.chatRequest("m", "hi").put("stream", true), null));
    await().atMost(Duration.ofSeconds(5)).until(() -> stub.count() == 1);
    long start = System.nanoTime();
    Future<Void> drained = gateway.node().drain();

    await().atMost(Duration.ofSeconds(5)).until(drained::isComplete);
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertTrue(tookMs >= 400 && tookMs < 4000, "drain bounded by shutdownTimeoutMs (500 ms), took " + tookMs);
    Http.Streamed cut = stream.join();
    assertFalse(cut.body().contains("[DONE]"), "the client never sees a clean end for a stream cut by shutdown");
    assertFalse(cut.broken(), "ended with an event, not a bare TCP close");
    String[] events = cut.body().trim().split("\n\n");
    io.vertx.core.json.JsonObject last = new io.vertx.core.json.JsonObject(events[events.length - 1].substring("data: ".length()));
    assertEquals("The gateway is shutting down; the answer is incomplete.",
        last.getJsonObject("error").getString("message"), cut.body());
  }
}
