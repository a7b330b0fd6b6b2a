package ai.rivano.gateway.ingress;

import ai.rivano.gateway.testing.Behaviors;
import ai.rivano.gateway.testing.RawClient;
import ai.rivano.gateway.testing.TestGateway;
import ai.rivano.gateway.testing.UpstreamStub;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After a 413 or a 408 the gateway has not read the rest of the body, so the connection cannot carry another
 * request: the socket is closed, and a client that keeps sending is cut off (it sees end of stream or a reset)
 * instead of having megabytes more accepted.
 */
@ExtendWith(VertxExtension.class)
class ErrorClosesConnectionTest {

  private static final Duration BOUND = Duration.ofSeconds(5);

  private static TestGateway gateway(Vertx vertx, UpstreamStub stub, String extra) {
    return TestGateway.start(vertx, """
        gateway:
          maxBodyBytes: 1024
          %s
          providers:
            openai: { apiKey: sk-test, baseUrl: "%s" }
          middleware: { rateLimit: 0 }
        """.formatted(extra, stub.baseUrl()));
  }

  /** Keeps writing 64 KiB blocks until the server cuts the connection; the bytes it managed to write. */
  private static long sendUntilCut(RawClient client, long maxBytes) {
    byte[] block = new byte[64 * 1024];
    long sent = 0;
    while (sent < maxBytes && client.send(block)) {
      sent += block.length;
    }
    return sent;
  }

  @Test
  void afterA413ForADeclaredLengthTheSocketIsClosed(Vertx vertx) {
    UpstreamStub stub = UpstreamStub.start(vertx, Behaviors.openAiChat("m", "ok"));
    TestGateway gateway = gateway(vertx, stub, "");
    try (RawClient client = RawClient.connect(gateway.port())) {
      client.send(RawClient.CHAT_HEAD
          + "Content-Length: 50000000\r\n\r\n");
      RawClient.Response response = client.readResponse(BOUND);
      assertEquals(413, response.status());
      assertEquals("close", response.header("connection"));
      long sent = sendUntilCut(client, 64L * 1024 * 1024);
      assertTrue(sent < 64L * 1024 * 1024, "the gateway stopped reading: " + sent + " bytes went out before the cut");
      assertTrue(client.endedWithin(BOUND), "closed after the 413");
    }
    assertEquals(0, stub.count());
  }

  @Test
  void afterA413ForAChunkedBodyTheSocketIsClosed(Vertx vertx) {
    UpstreamStub stub = UpstreamStub.start(vertx, Behaviors.openAiChat("m", "ok"));
    TestGateway gateway = gateway(vertx, stub, "");
    try (RawClient client = RawClient.connect(gateway.port())) {
      client.send(RawClient.CHAT_HEAD
          + "Transfer-Encoding: chunked\r\n\r\n800\r\n" + "x".repeat(0x800) + "\r\n");
      RawClient.Response response = client.readResponse(BOUND);
      assertEquals(413, response.status());
      String chunk = "10000\r\n" + "y".repeat(0x10000) + "\r\n";
      boolean cut = false;
      for (int i = 0; i < 1024 && !cut; i++) {
        cut = !client.send(chunk);
      }
      assertTrue(cut || client.endedWithin(BOUND), "the gateway stopped reading and closed the socket");
    }
    assertEquals(0, stub.count());
  }

  @Test
  void afterA408TheSocketIsClosed(Vertx vertx) {
    UpstreamStub stub = UpstreamStub.start(vertx, Behaviors.openAiChat("m", "ok"));
    TestGateway gateway = gateway(vertx, stub, "bodyIdleTimeoutMs: 300");
    try (RawClient client = RawClient.connect(gateway.port())) {
      client.send(RawClient.CHAT_HEAD
          + "Content-Length: 500\r\n\r\n{\"model\":");
      RawClient.Response response = client.readResponse(BOUND);
      assertEquals(408, response.status());
      assertEquals("close", response.header("connection"));
      assertTrue(client.endedWithin(BOUND), "closed after the 408");
    }
    await().atMost(BOUND).until(() -> gateway.node().state().connections().open() == 0);
    assertFalse(stub.count() > 0);
  }
}
