package ai.rivano.gateway.ingress;

import ai.rivano.gateway.testing.Behaviors;
import ai.rivano.gateway.testing.RawClient;
import ai.rivano.gateway.testing.TestGateway;
import ai.rivano.gateway.testing.UpstreamStub;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Request smuggling hygiene (RFC 9112 §6.3), on raw sockets: a request whose length a proxy in front could read
 * differently never leaves its connection open for a "next request" that is really the rest of its body.
 */
@ExtendWith(VertxExtension.class)
class RequestFramingTest {

  private static final Duration BOUND = Duration.ofSeconds(5);
  private static final String BODY = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  /** What a front proxy reading Content-Length would take for a second request, smuggled in the chunked body. */
  private static final String SMUGGLED = "GET /v1/smuggled HTTP/1.1\r\nHost: x\r\n\r\n";

  private UpstreamStub stub;
  private TestGateway gateway;

  @BeforeEach
  void start(Vertx vertx) {
    stub = UpstreamStub.start(vertx, Behaviors.openAiChat("m", "ok"));
    gateway = TestGateway.start(vertx, """
        gateway:
          providers:
            openai: { apiKey: sk-test, baseUrl: "%s" }
          middleware: { rateLimit: 0 }
        """.formatted(stub.baseUrl()));
  }

  private static String post(String framingHeaders, String body) {
    return RawClient.CHAT_HEAD + framingHeaders
        + "\r\n" + body;
  }

  private static String chunked(String body) {
    return Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
  }

  @Test
  void contentLengthWithChunkedIsAnsweredByTheChunksThenTheConnectionIsClosed() {
    String body = chunked(BODY);
    try (RawClient client = RawClient.connect(gateway.port())) {
      // Content-Length covers only part of the chunked body: a CL-reading proxy would see the rest as a request.
      client.send(post("Content-Length: 4\r\nTransfer-Encoding: chunked\r\n", body) + SMUGGLED);
      RawClient.Response response = client.readResponse(BOUND);
      assertEquals(200, response.status(), response.head());
      assertEquals("close", response.header("connection"));
      RawClient.Ending ending = client.awaitEnd(BOUND);
      assertNotEquals(RawClient.Ending.STILL_OPEN, ending, "the connection is closed after the answer");
    }
    assertEquals(1, stub.count(), "only the chunked request reached the provider");
    assertEquals("/v1/chat/completions", stub.last().uri());
  }

  @ParameterizedTest
  @ValueSource(strings = {"xchunked", "chunked, identity", "gzip, chunked", "identity", "chunked\r\nTransfer-Encoding: chunked"})
  void anyTransferEncodingButASingleChunkedIs400AndTheConnectionIsClosed(String coding) {
    try (RawClient client = RawClient.connect(gateway.port())) {
      client.send(post("Content-Length: " + BODY.length() + "\r\nTransfer-Encoding: " + coding + "\r\n", BODY));
      RawClient.Response response = client.readResponse(BOUND);
      assertEquals(400, response.status(), response.head());
      assertTrue(response.body().contains("Transfer-Encoding"), response.body());
      assertEquals("close", response.header("connection"));
      assertTrue(client.endedWithin(BOUND), "closed after the 400");
    }
    assertEquals(0, stub.count(), "nothing was forwarded");
  }

  @Test
  void twoDifferentContentLengthsAreRefusedAndTheConnectionClosed() {
    try (RawClient client = RawClient.connect(gateway.port())) {
      client.send(post("Content-Length: " + BODY.length() + "\r\nContent-Length: 4\r\n", BODY));
      RawClient.Response response = client.readResponse(BOUND);
      assertEquals(400, response.status(), response.head());
      assertTrue(client.endedWithin(BOUND), "closed after the 400");
    }
    assertEquals(0, stub.count());
  }

  @Test
  void aPlainContentLengthRequestKeepsItsConnection() {
    try (RawClient client = RawClient.connect(gateway.port())) {
      for (int i = 0; i < 3; i++) {
        client.send(post("Content-Length: " + BODY.length() + "\r\n", BODY));
        assertEquals(200, client.readResponse(BOUND).status());
      }
    }
    assertEquals(3, stub.count(), "three requests on one keep-alive connection");
  }
}
