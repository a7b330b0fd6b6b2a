package ai.rivano.gateway.ingress;

import ai.rivano.gateway.testing.Futures;
import ai.rivano.gateway.testing.Http;
import ai.rivano.gateway.testing.TestGateway;
import ai.rivano.gateway.testing.UpstreamStub;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that stops reading must make the gateway stop reading the upstream, rather than buffer the stream in
 * its heap: the upstream, writing as fast as it can, ends up blocked by TCP back-pressure.
 */
@ExtendWith(VertxExtension.class)
class BackPressureTest {

  private static final long CAP_BYTES = 256L * 1024 * 1024;

  @Test
  void aPausedClientPausesTheUpstreamStream(Vertx vertx) {
    AtomicLong written = new AtomicLong();
    AtomicBoolean blocked = new AtomicBoolean();
    Buffer event = Buffer.buffer("data: " + new JsonObject().put("object", "chat.completion.chunk")
        .put("choices", new JsonArray().add(new JsonObject().put("index", 0)
            .put("delta", new JsonObject().put("content", "x".repeat(1000))))).encode() + "\n\n");
    UpstreamStub stub = UpstreamStub.start(vertx, (v, request, body) -> {
      HttpServerResponse response = request.response().setChunked(true).putHeader("content-type", "text/event-stream");
      pump(response, event, written, blocked);
    });
    TestGateway gateway = TestGateway.start(vertx, """
        gateway:
          providers:
            openai: { apiKey: sk-test, baseUrl: "%s", idleTimeoutMs: 60000 }
          middleware: { rateLimit: 0 }
        """.formatted(stub.baseUrl()));

    Http http = new Http(vertx);
    HttpClientResponse response = http.call(() -> http.raw().request(new RequestOptions().setMethod(HttpMethod.POST)
            .setAbsoluteURI(gateway.url("/v1/chat/completions")))
        .compose(request -> request.send(Http.chatRequest("m", "hi").put("stream", true).toBuffer())));
    assertEquals(200, response.statusCode());
    response.pause();

    // Blocked for a whole second: not a momentary full queue, but a reader that stopped reading.
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(30)).untilTrue(blocked);
    long atBlock = written.get();
    assertTrue(atBlock < 64L * 1024 * 1024, "the gateway buffered " + atBlock + " bytes for a paused client");
    response.request().connection().close();
  }

  /** Writes events as fast as the connection takes them; notes when back-pressure stops it. */
  private static void pump(HttpServerResponse response, Buffer event, AtomicLong written, AtomicBoolean blocked) {
    while (!response.writeQueueFull() && !response.closed() && written.get() < CAP_BYTES) {
      response.write(event);
      written.addAndGet(event.length());
    }
    if (response.closed() || written.get() >= CAP_BYTES) {
      return;
    }
    blocked.set(true);
    response.drainHandler(v -> {
      blocked.set(false);
      pump(response, event, written, blocked);
    });
  }
}
