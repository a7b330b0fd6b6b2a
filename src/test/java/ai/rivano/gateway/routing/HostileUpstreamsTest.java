package ai.rivano.gateway.routing;

import ai.rivano.gateway.testing.Behaviors;
import ai.rivano.gateway.testing.Http;
import ai.rivano.gateway.testing.TestGateway;
import ai.rivano.gateway.testing.UpstreamStub;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static ai.rivano.gateway.routing.FailoverSetup.CHAT;
import static ai.rivano.gateway.routing.FailoverSetup.FAST;
import static ai.rivano.gateway.routing.FailoverSetup.MODELS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Upstreams and clients that try to hurt everyone else: a quota 429 or a client's 4xx never opens a circuit (only
 * the provider's own faults do), an answer that is not the JSON it claims to be fails over, a key echoed back is
 * scrubbed, and a body is inspected whatever blank space precedes it.
 */
@ExtendWith(VertxExtension.class)
class HostileUpstreamsTest {

  private static final String SINGLE = """
      gateway:
        providers:
          openai: { apiKey: sk-openai-secret-0123456789, baseUrl: "%s/v1", maxRetries: 0, %s }
        middleware: { rateLimit: 0 }
      """;

  @Test
  void quotaRateLimitsAndClientErrorsNeverOpenTheCircuit(Vertx vertx) {
    UpstreamStub openai = UpstreamStub.start(vertx, Behaviors.status(429, null));
    TestGateway gateway = TestGateway.start(vertx, SINGLE.formatted(openai.baseUrl(), FAST));
    Http http = new Http(vertx);

    for (int i = 0; i < 8; i++) {
      assertEquals(429, http.postJson(gateway.url(CHAT), Http.chatRequest("gpt-4o", "hi")).status());
    }
    openai.byDefault(Behaviors.openAiError(400, "invalid_request_error", null, "bad request"));
    for (int i = 0; i < 8; i++) {
      assertEquals(400, http.postJson(gateway.url(CHAT), Http.chatRequest("gpt-4o", "hi")).status());
    }
    assertEquals(16, openai.count(), "every request reached the provider: nothing was refused by a circuit");
    assertEquals("closed", circuit(http, gateway));
    assertEquals(200, http.get(gateway.url("/health")).status());

    // The provider's own faults do open it (5 in the window).
    openai.byDefault(Behaviors.status(503, null));
    for (int i = 0; i < 6; i++) {
      http.postJson(gateway.url(CHAT), Http.chatRequest("gpt-4o", "hi"));
    }
    assertEquals("open", circuit(http, gateway));
    assertEquals(21, openai.count(), "the sixth request was refused by the open circuit");
    assertEquals(503, http.get(gateway.url("/health")).status());
  }

  @Test
  void anAnswerThatIsNotTheJsonItClaimsFailsOverInvisibly(Vertx vertx) {
    UpstreamStub openai = UpstreamStub.start(vertx, (v, request, body) -> request.response()
        .putHeader("content-type", "application/json").end(Buffer.buffer(new byte[] {(byte) 0x8f, 0x01, '{', 'x'})));
    UpstreamStub anthropic = UpstreamStub.start(vertx, Behaviors.anthropicChat("claude-sonnet-4-5", "from claude"));
    TestGateway gateway = TestGateway.start(vertx, FailoverSetup.openAiThenAnthropic(openai, FAST + ", maxRetries: 0",
        anthropic, FAST + ", " + MODELS));
    Http http = new Http(vertx);

    Http.Response r = http.postJson(gateway.url(CHAT), Http.chatRequest("gpt-4o", "hi"));
    assertEquals(200, r.status(), r.text());
    assertEquals("anthropic", r.header("X-Rivano-Provider"));
    assertEquals("from claude", FailoverSetup.content(r.json()));
  }

  @Test
  void anAnswerThatIsNotJsonWithNoFallbackIs502NeverA200(Vertx vertx) {
    UpstreamStub openai = UpstreamStub.start(vertx, (v, request, body) -> request.response()
        .putHeader("content-type", "application/json").end("<html>oops</html>"));
    TestGateway gateway = TestGateway.start(vertx, SINGLE.formatted(openai.baseUrl(), FAST));
    Http.Response r = new Http(vertx).postJson(gateway.url(CHAT), Http.chatRequest("gpt-4o", "hi"));
    assertEquals(502, r.status(), r.text());
    assertTrue(r.text().contains("not valid JSON"), r.text());
  }

  @Test
  void aKeyEchoedBackByTheProviderIsScrubbed(Vertx vertx) {
    String key = "sk-openai-secret-0123456789";
    UpstreamStub openai = UpstreamStub.start(vertx, (v, request, body) -> request.response().setStatusCode(401)
        .putHeader("content-type", "application/json").putHeader("x-debug-auth", "Bearer " + key)
        .end(new JsonObject().put("error", new JsonObject().put("message", "Incorrect API key provided: " + key)
            .put("type", "invalid_request_error")).encode()));
    TestGateway gateway = TestGateway.start(vertx, SINGLE.formatted(openai.baseUrl(), FAST));
    Http.Response r = new Http(vertx).postJson(gateway.url(CHAT), Http.chatRequest("gpt-4o", "hi"));
    assertEquals(401, r.status());
    assertFalse(r.text().contains(key), r.text());
    assertTrue(r.text().contains("Incorrect API key provided: [REDACTED]"), r.text());
    assertEquals("Bearer [REDACTED]", r.header("x-debug-auth"));
  }

  @Test
  void aBodyIsParsedWhateverBlankSpacePrecedesIt(Vertx vertx) {
    UpstreamStub openai = UpstreamStub.start(vertx, Behaviors.openAiChat("gpt-4o-mini", "ok"));
    TestGateway gateway = TestGateway.start(vertx,
        SINGLE.formatted(openai.baseUrl(), "models: { \"gpt-4o\": \"gpt-4o-mini\" }"));
    Http http = new Http(vertx);

    Buffer spaced = Buffer.buffer(" \r\n\t " + Http.chatRequest("gpt-4o", "hi").encode());
    Http.Response r = http.send(HttpMethod.POST, gateway.url(CHAT), Http.headers("content-type", "text/plain"), spaced);
    assertEquals(200, r.status(), r.text());
    assertEquals("gpt-4o-mini", openai.last().json().getString("model"), "model mapping applied to the spaced body");
  }

  @Test
  void aJsonBodyThatDoesNotParseIs400BeforeAnythingIsForwarded(Vertx vertx) {
    UpstreamStub openai = UpstreamStub.start(vertx, Behaviors.openAiChat("gpt-4o", "ok"));
    TestGateway gateway = TestGateway.start(vertx, SINGLE.formatted(openai.baseUrl(), FAST));
    Http http = new Http(vertx);

    for (String body : new String[] {"{\"model\": \"gpt-4o\", \"messages\": [", "  {nope}", "[1, 2,", "not json"}) {
      Http.Response r = http.send(HttpMethod.POST, gateway.url(CHAT), Http.headers("content-type", "application/json"),
          Buffer.buffer(body));
      assertEquals(400, r.status(), body + " → " + r.text());
      assertTrue(r.json().getJsonObject("error").getString("message").startsWith("the request body is not valid JSON"),
          r.text());
    }
    assertEquals(0, openai.count(), "nothing unreadable was forwarded");
  }

  private static String circuit(Http http, TestGateway gateway) {
    Map<String, JsonObject> providers = FailoverSetup.providers(http, gateway.url("/_rivano/status"));
    return providers.get("openai").getString("circuit");
  }
}
