package ai.rivano.gateway.routing;

import ai.rivano.gateway.testing.Behaviors;
import ai.rivano.gateway.testing.Http;
import ai.rivano.gateway.testing.TestGateway;
import ai.rivano.gateway.testing.UpstreamStub;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A chat body the translator cannot read gets a clear 400, never a hang or a 5xx, and nothing goes upstream. */
@ExtendWith(VertxExtension.class)
class MalformedForTranslationTest {

  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tools\":\"x\"}"
          + " | invalid type for \"tools\": expected an array, got a string",
      "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"temperature\":\"hot\"}"
          + " | invalid type for \"temperature\": expected a number, got a string",
  })
  void aClearErrorNotAHang(String body, String message, Vertx vertx) {
    UpstreamStub anthropic = UpstreamStub.start(vertx, Behaviors.anthropicChat("claude", "ok"));
    TestGateway gateway = TestGateway.start(vertx, """
        gateway:
          providers:
            anthropic: { apiKey: k, baseUrl: "%s" }
          middleware: { rateLimit: 0 }
        """.formatted(anthropic.baseUrl()));

    Http.Response response = new Http(vertx).send(io.vertx.core.http.HttpMethod.POST,
        gateway.url("/v1/chat/completions"), Http.headers("content-type", "application/json"),
        io.vertx.core.buffer.Buffer.buffer(body));

    assertEquals(400, response.status(), response.text());
    JsonObject error = response.json().getJsonObject("error");
    assertEquals("invalid_request", error.getString("code"), response.text());
    assertEquals(message, error.getString("message"));
    assertTrue(!response.text().contains("java."), "no Java internals in the error");
    assertEquals(0, anthropic.count());
  }
}
