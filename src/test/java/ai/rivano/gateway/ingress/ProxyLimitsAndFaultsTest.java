package ai.rivano.gateway.ingress;

import ai.rivano.gateway.testing.Behaviors;
import ai.rivano.gateway.testing.Futures;
import ai.rivano.gateway.testing.Http;
import ai.rivano.gateway.testing.RawClient;
import ai.rivano.gateway.testing.TestGateway;
import ai.rivano.gateway.testing.UpstreamStub;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** 413, 502, 504, 429, and streams relayed as they arrive, with a client disconnect cancelling the upstream. */
@ExtendWith(VertxExtension.class)
class ProxyLimitsAndFaultsTest {

  private static String config(String baseUrl, String extraGateway, String providerExtra, String middleware) {
    return """
        gateway:
          %s
          providers:
            openai: { apiKey: sk-test, baseUrl: "%s" %s }
          middleware: { %s }
        """.formatted(extraGateway, baseUrl, providerExtra, middleware);
  }

  @Test
  void bodiesOverMaxBodyBytesAre413WithoutReachingTheProvider(Vertx vertx) {
    UpstreamStub stub = UpstreamStub.start(vertx, Behaviors.openAiChat("m", "ok"));
    TestGateway gateway = TestGateway.start(vertx, config(stub.baseUrl(), "maxBodyBytes: 1024", "", "rateLimit: 0"));
    Http http = new Http(vertx);

    // Raw sockets: the 413 is answered mid-upload and the connection then closed, and a pooled HTTP client could
    // see that close before it had handed over the answer (1 run in 6 failed with "Connection was closed").
    try (RawClient declared = RawClient.connect(gateway.port())) {
      declared.send(RawClient.CHAT_HEAD + "Content-Length: 2048\r\n\r\n" + "x".repeat(2048));
      RawClient.Response answer = declared.readResponse(Duration.ofSeconds(10));
      assertEquals(413, answer.status());
      assertEquals("request_too_large", new io.vertx.core.json.JsonObject(answer.body()).getJsonObject("error")
          .getString("code"));
    }

    // Chunked, no Content-Length: caught while streaming in.
    try (RawClient chunked = RawClient.connect(gateway.port())) {
      StringBuilder request = new StringBuilder(RawClient.CHAT_HEAD + "Transfer-Encoding: chunked\r\n\r\n");
      for (int i = 0; i < 8; i++) {
        request.append("200\r\n").append("y".repeat(512)).append("\r\n");
      }
      chunked.send(request.append("0\r\n\r\n").toString());
      assertEquals(413, chunked.readResponse(Duration.ofSeconds(10)).status());
    }
    assertEquals(0, stub.count());

    Http.Response small = http.postJson(gateway.url("/v1/chat/completions"), Http.chatRequest("m", "fits"));
    assertEquals(200, small.status(), "the gateway serves normally afterwards");
  }

  @Test
  void anUnreachableUpstreamIs502(Vertx vertx) throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    TestGateway gateway = TestGateway.start(vertx, config("http://127.0.0.1:" + closedPort, "", "", "rateLimit: 0"));
    Http.Response response = new Http(vertx).postJson(gateway.url("/v1/chat/completions"), Http.chatRequest("m", "hi"));

    assertEquals(502, response.status());
    assertEquals("upstream_unreachable", response.json().getJsonObject("error").getString("code"));
    assertFalse(response.text().contains("sk-test"), "errors never carry the key");
  }

  @Test
  void aSilentUpstreamIs504AfterTimeoutMsAndTheNextRequestIsServed(Vertx vertx) {
    UpstreamStub stub = UpstreamStub.start(vertx, Behaviors.openAiChat("m", "ok")).then(Behaviors.silence());
    TestGateway gateway = TestGateway.start(vertx, config(stub.baseUrl(), "", ", timeoutMs: 300", "rateLimit: 0"));
    Http http = new Http(vertx);

    long start = System.nanoTime();
    Http.Response timedOut = http.postJson(gateway.url("/v1/chat/completions"), Http.chatRequest("m", "hi"));
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertEquals(504, timedOut.status());
    assertEquals("upstream_timeout", timedOut.json().getJsonObject("error").getString("code"));
    assertTrue(tookMs >= 290 && tookMs < 3000, "answered after the 300 ms budget, took " + tookMs);

    assertEquals(200, http.postJson(gateway.url("/v1/chat/completions"), Http.chatRequest("m", "hi")).status());
  }

  @Test
  void aResetBeforeHeadersIs502(Vertx vertx) {
    UpstreamStub stub = UpstreamStub.start(vertx, Behaviors.resetBeforeHeaders());
    TestGateway gateway = TestGateway.start(vertx, config(stub.baseUrl(), "", ", maxRetries: 0", "rateLimit: 0"));
    assertEquals(502, new Http(vertx).postJson(gateway.url("/v1/chat/completions"), Http.chatRequest("m", "hi")).status());
  }

  @Test
  void theRateLimitIsPerClientIpAnd429CarriesRetryAfter(Vertx vertx) {
    UpstreamStub stub = UpstreamStub.start(vertx, Behaviors.openAiChat("m", "ok"));
    TestGateway gateway = TestGateway.start(vertx, config(stub.baseUrl(), "", "", "rateLimit: 3"));
    Http http = new Http(vertx);

    for (int i = 0; i < 3; i++) {
      Http.Response ok = http.postJson(gateway.url("/v1/chat/completions"), Http.chatRequest("m", "hi"));
      assertEquals(200, ok.status());
      assertEquals("3", ok.header("X-RateLimit-Limit"));
      assertEquals(Integer.toString(2 - i), ok.header("X-RateLimit-Remaining"));
    }
    Http.Response limited = http.postJson(gateway.url("/v1/chat/completions"), Http.chatRequest("m", "hi"),
        Http.headers("X-Forwarded-For", "203.0.113.9"));
    assertEquals(429, limited.status(), "X-Forwarded-For from an untrusted peer is ignored");
    assertEquals("rate_limit_exceeded", limited.json().getJsonObject("error").getString("code"));
    long retryAfter = Long.parseLong(limited.header("Retry-After"));
    assertTrue(retryAfter >= 1 && retryAfter <= 20, "one request per 20 s refills; got " + retryAfter);
    assertEquals("0", limited.header("X-RateLimit-Remaining"));
    assertNotNull(limited.header("X-RateLimit-Reset"));
    assertEquals(3, stub.count());

    assertEquals(200, http.get(gateway.url("/health")).status(), "/health is never rate limited");
  }

  @Test
  void behindATrustedProxyEachForwardedClientHasItsOwnLimit(Vertx vertx) {
    UpstreamStub stub = UpstreamStub.start(vertx, Behaviors.openAiChat("m", "ok"));
    TestGateway gateway = TestGateway.start(vertx,
        config(stub.baseUrl(), "trustedProxies: [127.0.0.0/8]", "", "rateLimit: 1"));
    Http http = new Http(vertx);
    var clientA = Http.headers("X-Forwarded-For", "198.51.100.1");
    var clientB = Http.headers("X-Forwarded-For", "198.51.100.2, 127.0.0.5");

    assertEquals(200, http.postJson(gateway.url("/v1/chat/completions"), Http.chatRequest("m", "a"), clientA).status());
    assertEquals(200, http.postJson(gateway.url("/v1/chat/completions"), Http.chatRequest("m", "b"), clientB).status());
    assertEquals(429, http.postJson(gateway.url("/v1/chat/completions"), Http.chatRequest("m", "a"),
        Http.headers("X-Forwarded-For", "198.51.100.1")).status());
  }

  @Test
  void rateLimitZeroDisablesTheLimiter(Vertx vertx) {
    UpstreamStub stub = UpstreamStub.start(vertx, Behaviors.openAiChat("m", "ok"));
    TestGateway gateway = TestGateway.start(vertx, config(stub.baseUrl(), "", "", "rateLimit: 0"));
    Http http = new Http(vertx);
    for (int i = 0; i < 100; i++) {
      Http.Response r = http.postJson(gateway.url("/v1/chat/completions"), Http.chatRequest("m", "hi"));
      assertEquals(200, r.status());
      assertEquals(null, r.header("X-RateLimit-Limit"));
    }
  }

  @Test
  void streamEventsReachTheClientAsTheyArriveAndADisconnectCancelsTheUpstream(Vertx vertx) {
    AtomicBoolean upstreamSawClose = new AtomicBoolean();
    List<String> events = Behaviors.openAiStreamEvents("gpt-4o", List.of("one ", "two ", "three"), true);
    UpstreamStub.Behavior stallsAfterTwo = Behaviors.sseData(events, 0, 10, -1, 2);
    UpstreamStub stub = UpstreamStub.start(vertx, (v, request, body) -> {
      request.response().closeHandler(x -> upstreamSawClose.set(true));
      stallsAfterTwo.answer(v, request, body);
    });
    TestGateway gateway = TestGateway.start(vertx, config(stub.baseUrl(), "", "", "rateLimit: 0"));
    Http http = new Http(vertx);

    List<String> seen = new CopyOnWriteArrayList<>();
    HttpClientResponse response = http.call(() -> http.raw().request(new RequestOptions().setMethod(HttpMethod.POST)
            .setAbsoluteURI(gateway.url("/v1/chat/completions")))
        .compose(request -> request.send(Http.chatRequest("m", "hi").put("stream", true).toBuffer()))
        .map(r -> r.handler(chunk -> seen.add(chunk.toString())))); // set on the event loop: no chunk is missed
    assertEquals(200, response.statusCode());
    assertEquals("text/event-stream", response.getHeader("content-type"));
    await().atMost(Duration.ofSeconds(5)).until(() -> String.join("", seen).contains("\"one \""));

    response.request().connection().close();
    await().atMost(Duration.ofSeconds(5)).untilTrue(upstreamSawClose);
  }

  @Test
  void aBodyCutByTheUpstreamIsNeverPassedOffAsComplete(Vertx vertx) {
    UpstreamStub stub = UpstreamStub.start(vertx, (v, request, body) -> {
      var response = request.response().putHeader("content-length", "1000").putHeader("content-type", "application/json");
      response.write("{\"partial\":");
      v.setTimer(50, id -> request.connection().close());
    });
    TestGateway gateway = TestGateway.start(vertx, config(stub.baseUrl(), "", "", "rateLimit: 0"));

    Http.Response response = new Http(vertx).postJson(gateway.url("/v1/chat/completions"), Http.chatRequest("m", "hi"));

    assertEquals(502, response.status(), "a JSON answer is read whole before the client sees anything");
    assertEquals("upstream_unreachable", response.json().getJsonObject("error").getString("code"));
    assertEquals(2, stub.count(), "cut before completion is retryable: one retry (maxRetries default 1)");
  }

  @Test
  void aCutNonJsonBodyBreaksTheClientConnectionInsteadOfEndingCleanly(Vertx vertx) {
    UpstreamStub stub = UpstreamStub.start(vertx, (v, request, body) -> {
      var response = request.response().putHeader("content-length", "1000").putHeader("content-type", "audio/mpeg");
      response.write("ID3partial");
      v.setTimer(50, id -> request.connection().close());
    });
    TestGateway gateway = TestGateway.start(vertx, config(stub.baseUrl(), "", "", "rateLimit: 0"));

    Throwable failure = null;
    try {
      new Http(vertx).send(HttpMethod.POST, gateway.url("/v1/audio/speech"), null, Buffer.buffer("{}"));
    } catch (RuntimeException e) {
      failure = e;
    }
    assertNotNull(failure, "a streamed-through body that is cut must reach the client as a broken response");
  }

  @Test
  void anSseEventThatNeverEndsIsCutOffNotBufferedForever(Vertx vertx) {
    UpstreamStub stub = UpstreamStub.start(vertx, (v, request, body) -> {
      var response = request.response().setChunked(true).putHeader("content-type", "text/event-stream");
      response.write("data: ");
      Buffer megabyte = Buffer.buffer(new byte[1024 * 1024]).setByte(0, (byte) 'x');
      for (int i = 0; i < 6; i++) {
        response.write(megabyte);
      }
    });
    TestGateway gateway = TestGateway.start(vertx, config(stub.baseUrl(), "", "", "rateLimit: 0"));

    Http.Response response = new Http(vertx).postJson(gateway.url("/v1/chat/completions"),
        Http.chatRequest("m", "hi").put("stream", true));

    assertEquals(502, response.status(), "broken before its first event: retried, then reported, never committed");
    assertEquals(2, stub.count());
  }

  @Test
  void aClientThatStopsSendingItsBodyGets408(Vertx vertx) {
    UpstreamStub stub = UpstreamStub.start(vertx, Behaviors.openAiChat("m", "ok"));
    TestGateway gateway = TestGateway.start(vertx, config(stub.baseUrl(), "bodyIdleTimeoutMs: 300", "", "rateLimit: 0"));
    Http http = new Http(vertx);
    long start = System.nanoTime();
    Http.Response response = http.call(() -> http.raw().request(new RequestOptions().setMethod(HttpMethod.POST)
            .setAbsoluteURI(gateway.url("/v1/chat/completions")))
        .compose(request -> {
          request.putHeader("content-type", "application/json").putHeader("content-length", "1000");
          request.write("{\"model\":"); // ...and nothing more
          return request.response();
        })
        .compose(r -> r.body().map(b -> new Http.Response(r.statusCode(), r.headers(), b))));
    long tookMs = (System.nanoTime() - start) / 1_000_000;

    assertEquals(408, response.status());
    assertEquals("request_timeout", response.json().getJsonObject("error").getString("code"));
    assertTrue(tookMs >= 250 && tookMs < 5000, "after the 300 ms body clock: " + tookMs);
    assertEquals(0, stub.count());
  }
}
