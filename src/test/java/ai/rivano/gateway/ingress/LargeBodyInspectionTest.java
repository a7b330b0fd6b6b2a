package ai.rivano.gateway.ingress;

import ai.rivano.gateway.testing.Behaviors;
import ai.rivano.gateway.testing.Http;
import ai.rivano.gateway.testing.TestGateway;
import ai.rivano.gateway.testing.UpstreamStub;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A large body is inspected by the guardrails off the event loop: while the detectors read megabytes of text, the
 * same (single) entrypoint instance keeps answering other connections at once, and the large request is still
 * inspected (a PII policy still applies to it).
 */
@ExtendWith(VertxExtension.class)
class LargeBodyInspectionTest {

  @BeforeAll
  static void oneEventLoop() {
    System.setProperty("rivano.ingress.instances", "1");
  }

  @AfterAll
  static void restore() {
    System.clearProperty("rivano.ingress.instances");
  }

  /** A gateway in front of {@code openai} whose one policy blocks a request carrying an SSN. */
  private static TestGateway blockingSsn(Vertx vertx, UpstreamStub openai) throws Exception {
    return TestGateway.start(vertx, """
        gateway:
          providers:
            openai: { apiKey: sk-test, baseUrl: "%s/v1" }
          middleware: { rateLimit: 0, audit: off }
        policies:
          - { name: block-ssn, phase: request, condition: { type: pii_detected, entities: [ssn] }, action: block }
        """.formatted(openai.baseUrl()));
  }

  /** A client of its own (the JDK's), so nothing it does shares the gateway's event loop. */
  private static java.net.http.HttpClient jdkClient() {
    return java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
  }

  @Test
  void otherConnectionsAreServedWhileALargeBodyIsInspected(Vertx vertx) throws Exception {
    UpstreamStub openai = UpstreamStub.start(vertx, Behaviors.openAiChat("gpt-4o", "ok"));
    TestGateway gateway = blockingSsn(vertx, openai);
    java.net.http.HttpClient client = jdkClient();
    String filler = "the quick brown fox jumps over the lazy dog and then reads the report again ".repeat(100_000);
    String body = Http.chatRequest("gpt-4o", filler + " my SSN is 287-65-4321").encode();

    CompletableFuture<java.net.http.HttpResponse<String>> large = client.sendAsync(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(gateway.url("/v1/chat/completions"))).header("content-type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    java.net.http.HttpRequest health = java.net.http.HttpRequest.newBuilder(java.net.URI.create(gateway.url("/health")))
        .build();
    long slowest = 0;
    int probes = 0;
    while (!large.isDone() && probes < 10_000) {
      long start = System.nanoTime();
      assertEquals(200, client.send(health, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
      slowest = Math.max(slowest, (System.nanoTime() - start) / 1_000_000);
      probes++;
    }
    java.net.http.HttpResponse<String> answer = large.join();
    assertEquals(403, answer.statusCode(), "the SSN at the end of 7.6 MB of text was still found: " + answer.body());
    assertTrue(slowest < 1_000, "health answered within a second throughout, slowest " + slowest + " ms");
    assertEquals(0, openai.count());
  }

  /**
   * Large bodies are inspected one at a time, node-wide, on one thread of their own: the injection normaliser's
   * working memory is about twelve bytes per character and the buffer budget does not count it, so concurrent
   * large inspections could exhaust the heap (BufferBudgetIT saw it under machine load). All are still inspected.
   */
  @Test
  void concurrentLargeBodiesAreInspectedInTurnOnOneThread(Vertx vertx) throws Exception {
    UpstreamStub openai = UpstreamStub.start(vertx, Behaviors.openAiChat("gpt-4o", "ok"));
    TestGateway gateway = blockingSsn(vertx, openai);
    java.net.http.HttpClient client = jdkClient();
    String body = Http.chatRequest("gpt-4o", "an ordinary sentence about the weather and the trains. ".repeat(20_000)
        + " my SSN is 287-65-4321").encode();
    java.util.List<CompletableFuture<java.net.http.HttpResponse<String>>> calls = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      calls.add(client.sendAsync(java.net.http.HttpRequest.newBuilder(
              java.net.URI.create(gateway.url("/v1/chat/completions"))).header("content-type", "application/json")
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()));
    }
    for (CompletableFuture<java.net.http.HttpResponse<String>> call : calls) {
      assertEquals(403, call.get(60, java.util.concurrent.TimeUnit.SECONDS).statusCode(), "each was inspected");
    }
    long inspectors = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(ProxyHandler.LARGE_INSPECTION_POOL)).count();
    assertEquals(1, inspectors, "one inspection thread for the node");
    assertEquals(0, openai.count());
  }
}
