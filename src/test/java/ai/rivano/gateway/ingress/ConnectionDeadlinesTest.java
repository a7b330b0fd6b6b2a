package ai.rivano.gateway.ingress;

import ai.rivano.gateway.testing.Behaviors;
import ai.rivano.gateway.testing.Http;
import ai.rivano.gateway.testing.RawClient;
import ai.rivano.gateway.testing.TestGateway;
import ai.rivano.gateway.testing.UpstreamStub;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every phase in which a connection waits for its client has a deadline, and the node holds a bounded number of
 * connections: a client cannot pin sockets and file descriptors by opening connections and sending nothing,
 * sending half a head, idling between requests, or trickling a body. Short limits are configured so the tests
 * run in seconds; each wait is bounded.
 */
@ExtendWith(VertxExtension.class)
class ConnectionDeadlinesTest {

  private static final Duration BOUND = Duration.ofSeconds(10);
  private static final String CHAT = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  private static TestGateway gateway(Vertx vertx, UpstreamStub stub, String limits) {
    return TestGateway.start(vertx, """
        gateway:
          %s
          providers:
            openai: { apiKey: sk-test, baseUrl: "%s" }
          middleware: { rateLimit: 0 }
        """.formatted(limits, stub.baseUrl()));
  }

  private static void awaitNoConnections(TestGateway gateway) {
    await().atMost(BOUND).until(() -> gateway.node().state().connections().open() == 0);
  }

  @Test
  void connectionsThatNeverCompleteARequestHeadAreClosed(Vertx vertx) {
    UpstreamStub stub = UpstreamStub.start(vertx, Behaviors.openAiChat("m", "ok"));
    TestGateway gateway = gateway(vertx, stub, "headerTimeoutMs: 500");
    List<RawClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 100; i++) {
        RawClient client = RawClient.connect(gateway.port());
        if (i % 2 == 0) {
          client.send("POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nX-Slow"); // half a head, never finished
        }
        clients.add(client);
      }
      await().atMost(BOUND).until(() -> gateway.node().state().connections().open() == 100);
      for (RawClient client : clients) {
        assertTrue(client.endedWithin(BOUND), "closed by the head deadline");
      }
      awaitNoConnections(gateway);
    } finally {
      clients.forEach(RawClient::close);
    }
    assertEquals(0, stub.count());
  }

  @Test
  void anIdleKeepAliveConnectionIsClosedButServesRequestsWhileUsed(Vertx vertx) {
    UpstreamStub stub = UpstreamStub.start(vertx, Behaviors.openAiChat("m", "ok"));
    TestGateway gateway = gateway(vertx, stub, "keepAliveTimeoutMs: 700");
    try (RawClient client = RawClient.connect(gateway.port())) {
      for (int i = 0; i < 3; i++) {
        client.send("GET /health HTTP/1.1\r\nHost: gw\r\n\r\n");
        assertEquals(200, client.readResponse(BOUND).status(), "request " + i + " on the same connection");
      }
      assertTrue(client.endedWithin(BOUND), "closed once idle for keepAliveTimeoutMs");
    }
    awaitNoConnections(gateway);
  }

  @Test
  void aRequestBeingServedIsNotCutByTheConnectionDeadlines(Vertx vertx) {
    UpstreamStub stub = UpstreamStub.start(vertx, Behaviors.delayedJson(1500, 200,
        Behaviors.openAiCompletion("m", "slow but fine")));
    TestGateway gateway = gateway(vertx, stub, "headerTimeoutMs: 300\n  keepAliveTimeoutMs: 300");
    try (RawClient client = RawClient.connect(gateway.port())) {
      client.send(RawClient.CHAT_HEAD
          + "Content-Length: " + CHAT.length() + "\r\n\r\n" + CHAT);
      RawClient.Response response = client.readResponse(BOUND);
      assertEquals(200, response.status());
      assertTrue(response.body().contains("slow but fine"), response.body());
    }
  }

  @Test
  void aBodyTrickledSlowerThanTheBodyDeadlineGets408AndIsClosed(Vertx vertx) {
    UpstreamStub stub = UpstreamStub.start(vertx, Behaviors.openAiChat("m", "ok"));
    TestGateway gateway = gateway(vertx, stub, "bodyIdleTimeoutMs: 800\n  bodyTimeoutMs: 1500");
    try (RawClient client = RawClient.connect(gateway.port())) {
      client.send(RawClient.CHAT_HEAD
          + "Content-Length: " + CHAT.length() + "\r\n\r\n");
      long start = System.nanoTime();
      // One byte every 200 ms: never stalls for the 800 ms idle clock, but would take 11 s in total.
      boolean answered = false;
      for (int i = 0; i < CHAT.length() && !answered; i++) {
        if (!client.send(CHAT.substring(i, i + 1))) {
          break;
        }
        answered = !client.awaitEnd(Duration.ofMillis(200)).equals(RawClient.Ending.STILL_OPEN);
      }
      long tookMs = (System.nanoTime() - start) / 1_000_000;
      assertTrue(answered || client.endedWithin(BOUND), "the connection was ended");
      assertTrue(tookMs < 6_000, "ended near the 1.5 s body deadline, not after the whole trickle: " + tookMs + " ms");
    }
    awaitNoConnections(gateway);
    assertEquals(0, stub.count());
  }

  @Test
  void theBodyDeadlineAnswers408(Vertx vertx) {
    UpstreamStub stub = UpstreamStub.start(vertx, Behaviors.openAiChat("m", "ok"));
    TestGateway gateway = gateway(vertx, stub, "bodyIdleTimeoutMs: 5000\n  bodyTimeoutMs: 600");
    try (RawClient client = RawClient.connect(gateway.port())) {
      client.send(RawClient.CHAT_HEAD
          + "Content-Length: " + CHAT.length() + "\r\n\r\n{\"model\"");
      RawClient.Response response = client.readResponse(BOUND);
      assertEquals(408, response.status());
      assertTrue(response.body().contains("not complete within 600 ms"), response.body());
      assertTrue(client.endedWithin(BOUND));
    }
  }

  @Test
  void overTheConnectionCapA503IsAnsweredAndTheSocketClosed(Vertx vertx) {
    UpstreamStub stub = UpstreamStub.start(vertx, Behaviors.openAiChat("m", "ok"));
    TestGateway gateway = gateway(vertx, stub, "maxConnections: 3");
    List<RawClient> held = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        held.add(RawClient.connect(gateway.port()));
      }
      await().atMost(BOUND).until(() -> gateway.node().state().connections().open() == 3);

      try (RawClient extra = RawClient.connect(gateway.port())) {
        extra.send(RawClient.CHAT_HEAD
            + "Content-Length: " + CHAT.length() + "\r\n\r\n" + CHAT);
        RawClient.Response response = extra.readResponse(BOUND);
        assertEquals(503, response.status());
        assertTrue(response.body().contains("\"code\":\"overloaded\""), response.body());
        assertNotNull(response.header("retry-after"));
        assertTrue(extra.endedWithin(BOUND), "closed after the 503");
      }
      try (RawClient silent = RawClient.connect(gateway.port())) {
        assertTrue(silent.endedWithin(BOUND), "an extra connection that sends nothing is closed after a short grace");
      }
      assertEquals(0, stub.count(), "nothing over the cap was forwarded");
    } finally {
      held.forEach(RawClient::close);
    }
    awaitNoConnections(gateway);
    assertEquals(200, new Http(vertx).postJson(gateway.url("/v1/chat/completions"), Http.chatRequest("m", "hi")).status(),
        "below the cap again, requests are served");
  }
}
