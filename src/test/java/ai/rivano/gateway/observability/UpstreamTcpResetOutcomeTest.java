package ai.rivano.gateway.observability;

import ai.rivano.gateway.testing.Http;
import ai.rivano.gateway.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An upstream that takes the request and then resets the connection (TCP RST) was reached: its attempts are "reset",
 * not "unreachable", and the client's 502 says it closed the connection, not that it could not be reached. The soak
 * run found RSTs reported as "cannot reach" (the epoll transport says "Connection reset by peer", not "closed").
 */
@ExtendWith(VertxExtension.class)
class UpstreamTcpResetOutcomeTest {

  @Test
  void aTcpResetAfterTheRequestIsAResetNotAnUnreachableProvider(Vertx vertx) throws IOException {
    try (RstUpstream upstream = new RstUpstream(0)) {
      TestGateway gateway = TestGateway.start(vertx, """
          gateway:
            providers:
              openai: { apiKey: sk-openai, baseUrl: "%s/v1", maxRetries: 1 }
            middleware: { rateLimit: 0 }
          """.formatted(upstream.baseUrl()));
      Http.Response answer = new Http(vertx).postJson(gateway.url("/v1/chat/completions"),
          Http.chatRequest("gpt-4o", "hi"));

      assertEquals(502, answer.status(), answer.text());
      assertEquals("upstream_unreachable", answer.json().getJsonObject("error").getString("code"), answer.text());
      assertTrue(answer.text().contains("openai closed the connection before answering"), answer.text());
    }
  }
}
