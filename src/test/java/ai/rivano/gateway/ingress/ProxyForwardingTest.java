package ai.rivano.gateway.ingress;

import ai.rivano.gateway.testing.Behaviors;
import ai.rivano.gateway.testing.Http;
import ai.rivano.gateway.testing.TestGateway;
import ai.rivano.gateway.testing.UpstreamStub;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What crosses the gateway: provider resolution, URL joining, credentials, hop-by-hop and X-Rivano-* headers,
 * methods and query strings, against real upstream servers on loopback speaking each provider's format.
 */
@ExtendWith(VertxExtension.class)
class ProxyForwardingTest {

  private UpstreamStub openai;
  private UpstreamStub anthropic;
  private UpstreamStub ollama;
  private TestGateway gateway;
  private Http http;

  @BeforeEach
  void start(Vertx vertx) {
    openai = UpstreamStub.start(vertx, Behaviors.openAiChat("gpt-4o-2024-08-06", "hello from openai"));
    anthropic = UpstreamStub.start(vertx, Behaviors.anthropicChat("claude-sonnet-4-5", "hello from anthropic"));
    ollama = UpstreamStub.start(vertx, Behaviors.openAiChat("llama3", "hello from ollama"));
    gateway = TestGateway.start(vertx, """
        gateway:
          providers:
            openai:    { apiKey: sk-configured, baseUrl: "%s/v1", isPrimary: true }
            anthropic: { apiKey: ant-configured, baseUrl: "%s" }
            ollama:    { baseUrl: "%s" }
          middleware: { rateLimit: 0 }
        """.formatted(openai.baseUrl(), anthropic.baseUrl(), ollama.baseUrl()));
    http = new Http(vertx);
  }

  @Test
  void pathPrefixRoutesStripsThePrefixAndDoesNotDoubleTheVersion() {
    Http.Response response = http.postJson(gateway.url("/openai/v1/chat/completions?trace=1&x=a%20b"),
        Http.chatRequest("gpt-4o", "hi"));

    assertEquals(200, response.status());
    assertEquals("hello from openai", response.json().getJsonArray("choices").getJsonObject(0)
        .getJsonObject("message").getString("content"));
    assertEquals("/v1/chat/completions?trace=1&x=a%20b", openai.last().uri());
    assertEquals(0, anthropic.count());
  }

  @Test
  void configuredKeyReplacesTheClientCredential() {
    http.postJson(gateway.url("/openai/v1/chat/completions"), Http.chatRequest("gpt-4o", "hi"),
        Http.headers("Authorization", "Bearer sk-client", "x-api-key", "client-key"));

    assertEquals("Bearer sk-configured", openai.last().headers().get("authorization"));
    assertNull(openai.last().headers().get("x-api-key"), "a second client credential must not leak upstream");
  }

  @Test
  void anthropicGetsXApiKeyAndADefaultVersionUnlessTheClientSentOne() {
    JsonObject body = new JsonObject().put("model", "claude-sonnet-4-5").put("max_tokens", 10)
        .put("messages", Http.chatRequest("x", "hi").getJsonArray("messages"));
    http.postJson(gateway.url("/anthropic/v1/messages"), body, Http.headers("x-api-key", "client-key"));
    assertEquals("/v1/messages", anthropic.last().uri());
    assertEquals("ant-configured", anthropic.last().headers().get("x-api-key"));
    assertEquals("2023-06-01", anthropic.last().headers().get("anthropic-version"));
    assertNull(anthropic.last().headers().get("authorization"));

    http.postJson(gateway.url("/anthropic/v1/messages"), body, Http.headers("anthropic-version", "2024-01-01"));
    assertEquals("2024-01-01", anthropic.last().headers().get("anthropic-version"));
  }

  @Test
  void withNoConfiguredKeyTheClientCredentialPassesThrough() {
    http.postJson(gateway.url("/ollama/v1/chat/completions"), Http.chatRequest("llama3", "hi"),
        Http.headers("Authorization", "Bearer client-own"));

    assertEquals("Bearer client-own", ollama.last().headers().get("authorization"));
    assertEquals("/v1/chat/completions", ollama.last().uri());
  }

  @Test
  void headerWinsOverPrefixAndDefault() {
    http.postJson(gateway.url("/v1/chat/completions"), Http.chatRequest("m", "hi"),
        Http.headers("X-Rivano-Provider", "ollama"));
    assertEquals(1, ollama.count());

    http.postJson(gateway.url("/v1/chat/completions"), Http.chatRequest("m", "hi"));
    assertEquals(1, openai.count(), "no header, no prefix: the primary serves");
    assertEquals("/v1/chat/completions", openai.last().uri());
  }

  @Test
  void rivanoAndHopByHopHeadersAreNotForwarded() {
    http.postJson(gateway.url("/v1/chat/completions"), Http.chatRequest("m", "hi"), Http.headers(
        "X-Rivano-Agent", "billing-bot", "X-Rivano-Provider", "openai", "Connection", "keep-alive, X-Secret-Hop",
        "X-Secret-Hop", "1", "Proxy-Authorization", "Basic abc", "TE", "trailers", "X-Custom", "kept"));

    var received = openai.last().headers();
    assertNull(received.get("x-rivano-agent"));
    assertNull(received.get("x-rivano-provider"));
    assertNull(received.get("x-secret-hop"), "headers named in Connection are hop-by-hop");
    assertNull(received.get("proxy-authorization"));
    assertNull(received.get("te"));
    assertEquals("kept", received.get("x-custom"));
    assertEquals("127.0.0.1:" + openai.port(), received.get("host"));
  }

  @Test
  void everyResponseCarriesTheRivanoHeaders() {
    Http.Response ok = http.postJson(gateway.url("/v1/chat/completions"), Http.chatRequest("m", "hi"));
    Http.Response error = http.postJson(gateway.url("/nosuch/v1/chat/completions"), Http.chatRequest("m", "hi"),
        Http.headers("X-Rivano-Provider", "mistral"));
    Http.Response health = http.get(gateway.url("/health"));

    for (Http.Response r : new Http.Response[] {ok, error, health}) {
      assertEquals("openai", r.header("X-Rivano-Provider"));
      assertTrue(r.header("X-Rivano-Latency").matches("\\d+"), r.header("X-Rivano-Latency"));
      assertTrue(r.header("X-Rivano-Trace-Id").matches("trace_[0-9a-f]{32}"), r.header("X-Rivano-Trace-Id"));
    }
    assertFalse(ok.header("X-Rivano-Trace-Id").equals(health.header("X-Rivano-Trace-Id")));
  }

  @Test
  void anUnconfiguredProviderIs400InTheClientsErrorFormat() {
    Http.Response byHeader = http.postJson(gateway.url("/v1/chat/completions"), Http.chatRequest("m", "hi"),
        Http.headers("X-Rivano-Provider", "mistral"));
    assertEquals(400, byHeader.status());
    assertEquals("invalid_request", byHeader.json().getJsonObject("error").getString("code"));
    assertTrue(byHeader.json().getJsonObject("error").getString("message").contains("\"mistral\""));

    Http.Response byPrefix = http.postJson(gateway.url("/google/v1/messages"), new JsonObject().put("messages",
        Http.chatRequest("m", "hi").getJsonArray("messages")));
    assertEquals(400, byPrefix.status());
    assertEquals("error", byPrefix.json().getString("type"), "Anthropic-format requests get Anthropic's error shape");
    assertEquals("invalid_request_error", byPrefix.json().getJsonObject("error").getString("type"));
    assertEquals(0, openai.count() + anthropic.count() + ollama.count());
  }

  @Test
  void anyMethodAndPathIsForwardedAndUpstreamErrorsComeBackUnchanged() {
    openai.then(Behaviors.json(200, new JsonObject().put("object", "list")),
        Behaviors.json(404, new JsonObject().put("error", new JsonObject().put("message", "No such file"))),
        Behaviors.json(400, new JsonObject().put("error", new JsonObject().put("code", "content_policy_violation"))));

    assertEquals("list", http.get(gateway.url("/openai/v1/models")).json().getString("object"));
    assertEquals("GET", openai.last().method());

    Http.Response deleted = http.send(HttpMethod.DELETE, gateway.url("/openai/v1/files/file-1"), null, null);
    assertEquals(404, deleted.status());
    assertEquals("DELETE", openai.last().method());
    assertEquals("/v1/files/file-1", openai.last().uri());

    Http.Response policy = http.postJson(gateway.url("/v1/chat/completions"), Http.chatRequest("m", "bad"));
    assertEquals(400, policy.status());
    assertEquals("content_policy_violation", policy.json().getJsonObject("error").getString("code"));
    assertEquals(3, openai.count(), "a 4xx is not retried");
  }

  @Test
  void theBodyArrivesUpstreamByteForByte() {
    String body = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"ünïcødé \\u2603 " + "x".repeat(50_000) + "\"}]}";
    http.send(HttpMethod.POST, gateway.url("/v1/chat/completions"), Http.headers("content-type", "application/json"),
        Buffer.buffer(body));
    assertEquals(body, openai.last().body().toString());
    assertEquals(Integer.toString(Buffer.buffer(body).length()), openai.last().headers().get("content-length"));
  }

  @Test
  void expectContinueIsAnsweredByTheGatewayAndNotForwarded() {
    String body = Http.chatRequest("gpt-4o", "y".repeat(4096)).encode();
    long start = System.nanoTime();
    int status = http.call(() -> http.raw().request(new io.vertx.core.http.RequestOptions()
            .setMethod(HttpMethod.POST).setAbsoluteURI(gateway.url("/v1/chat/completions")))
        .compose(request -> {
          request.putHeader("content-type", "application/json").putHeader("expect", "100-continue")
              .putHeader("content-length", Integer.toString(Buffer.buffer(body).length()));
          request.continueHandler(v -> request.end(body));
          request.sendHead();
          return request.response();
        })
        .compose(response -> response.body().map(b -> response.statusCode())));
    long tookMs = (System.nanoTime() - start) / 1_000_000;

    assertEquals(200, status);
    assertTrue(tookMs < 900, "the body was invited at once, not after a client-side timeout: " + tookMs + " ms");
    assertNull(openai.last().headers().get("expect"));
    assertEquals(body, openai.last().body().toString());
  }

  @Test
  void answersAreRequestedUncompressedSoTheGatewayCanReadThem() {
    openai.then(Behaviors.sseData(Behaviors.openAiStreamEvents("gpt-4o", java.util.List.of("a", "b"), true), 0, 1, -1, -1));
    Http.Streamed stream = http.stream(gateway.url("/v1/chat/completions"), Http.chatRequest("gpt-4o", "hi").put("stream", true),
        Http.headers("Accept-Encoding", "gzip, deflate, br"));
    assertEquals(200, stream.status());
    assertTrue(stream.body().contains("[DONE]"));
    assertEquals("identity", openai.last().headers().get("accept-encoding"));

    http.postJson(gateway.url("/v1/chat/completions"), Http.chatRequest("gpt-4o", "hi"), Http.headers("Accept-Encoding", "gzip"));
    assertEquals("identity", openai.last().headers().get("accept-encoding"),
        "JSON answers are read whole (guardrails, usage, failover on a cut body): asked for uncompressed too");
  }
}
