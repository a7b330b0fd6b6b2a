package ai.rivano.gateway.routing;

import ai.rivano.gateway.testing.Http;
import ai.rivano.gateway.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Optional fields sent as JSON null, as OpenAI's API accepts them ({@code "stream": null}): the echo provider reads
 * them as absent. It once unboxed the null on the event loop and left the client without an answer (found by
 * {@code MalformedBodyPropertyTest} in CI).
 */
@ExtendWith(VertxExtension.class)
class EchoNullFieldsTest {

  @Test
  void nullStreamAndNullIncludeUsageAreAbsent(Vertx vertx) {
    TestGateway gateway = TestGateway.start(vertx, """
        gateway:
          providers:
            echo: {}
          middleware: { rateLimit: 0 }
        """);
    Http http = new Http(vertx);
    JsonObject body = Http.chatRequest("gpt-4o", "hi").putNull("stream")
        .put("stream_options", new JsonObject().putNull("include_usage")).putNull("model");
    Http.Response answer = http.postJson(gateway.url("/v1/chat/completions"), body);
    assertEquals(200, answer.status(), answer.text());
    assertEquals("hi", answer.json().getJsonArray("choices").getJsonObject(0).getJsonObject("message")
        .getString("content"));

    Http.Response anthropic = http.postJson(gateway.url("/v1/messages"), new JsonObject().put("model", "claude")
        .put("max_tokens", 10).putNull("stream").put("messages", body.getJsonArray("messages")));
    assertEquals(200, anthropic.status(), anthropic.text());
  }
}
