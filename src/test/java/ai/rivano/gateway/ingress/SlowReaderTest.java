package ai.rivano.gateway.ingress;

import ai.rivano.gateway.testing.TestGateway;
import ai.rivano.gateway.testing.UpstreamStub;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that stops reading cannot hold an answer, its upstream connection and the provider's work forever:
 * after {@code sendTimeoutMs} without taking a byte it is disconnected and the upstream request cancelled, for a
 * stream and for an uninspected body piped through. A slow reader that keeps reading is never cut, however long the
 * answer takes. The clients are plain sockets with a small receive buffer, so "not reading" fills the buffers
 * quickly; the upstreams write as fast as back-pressure lets them.
 */
@ExtendWith(VertxExtension.class)
class SlowReaderTest {

  private static final Duration BOUND = Duration.ofSeconds(20);
  private static final long SEND_TIMEOUT_MS = 1_500;
  private static final String PIECE = "a".repeat(1_000);

  /** An upstream that writes {@code events} OpenAI chunks (~1 KB each) as fast as the gateway takes them. */
  private static final class Firehose implements UpstreamStub.Behavior {
    final int events;
    final AtomicBoolean cancelled = new AtomicBoolean();
    final AtomicBoolean completed = new AtomicBoolean();
    final AtomicLong written = new AtomicLong();
    final AtomicLong drainWaits = new AtomicLong();
    final boolean sse;

    Firehose(int events, boolean sse) {
      this.events = events;
      this.sse = sse;
    }

    @Override
    public void answer(Vertx vertx, HttpServerRequest request, Buffer body) {
      HttpServerResponse response = request.response().setChunked(true)
          .putHeader("content-type", sse ? "text/event-stream" : "application/octet-stream");
      response.closeHandler(v -> {
        if (!completed.get()) {
          cancelled.set(true);
        }
      });
      pump(response, events);
    }

    private void pump(HttpServerResponse response, int left) {
      Buffer chunk = Buffer.buffer(sse ? "data: " + new JsonObject().put("id", "c").put("object", "chat.completion.chunk")
          .put("model", "m").put("choices", new JsonArray().add(new JsonObject().put("index", 0)
              .put("delta", new JsonObject().put("content", PIECE)).putNull("finish_reason"))).encode() + "\n\n"
          : PIECE);
      int remaining = left;
      while (remaining > 0 && !response.writeQueueFull() && !response.closed()) {
        response.write(chunk);
        written.addAndGet(chunk.length());
        remaining--;
      }
      if (response.closed()) {
        return;
      }
      if (remaining == 0) {
        completed.set(true);
        response.end(sse ? "data: [DONE]\n\n" : "");
        return;
      }
      int next = remaining;
      drainWaits.incrementAndGet();
      response.drainHandler(v -> pump(response, next));
    }
  }

  private static TestGateway gateway(Vertx vertx, UpstreamStub stub) {
    return TestGateway.start(vertx, """
        gateway:
          sendTimeoutMs: %d
          providers:
            openai: { apiKey: sk-test, baseUrl: "%s", idleTimeoutMs: 60000 }
          middleware: { rateLimit: 0 }
        """.formatted(SEND_TIMEOUT_MS, stub.baseUrl()));
  }

  /** A socket whose receive buffer is small, so the gateway's side fills up after a few kilobytes. */
  private static Socket smallBufferSocket(int port) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(4_096);
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    return socket;
  }

  private static void sendRequest(Socket socket, String path, String body) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(("POST " + path + " HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\nContent-Length: "
        + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static final String STREAM_REQUEST =
      "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  @Test
  void aStreamToAClientThatStoppedReadingIsCutAndItsUpstreamCancelled(Vertx vertx) throws IOException {
    Firehose firehose = new Firehose(200_000, true); // 200 MB: never finishes within the bound
    UpstreamStub stub = UpstreamStub.start(vertx, firehose);
    TestGateway gateway = gateway(vertx, stub);
    try (Socket client = smallBufferSocket(gateway.port())) {
      sendRequest(client, "/v1/chat/completions", STREAM_REQUEST);
      // the client reads nothing from here on
      await().atMost(BOUND).untilTrue(firehose.cancelled);
      await().atMost(BOUND).until(() -> gateway.node().state().connections().open() == 0);
      assertFalse(firehose.completed.get());
      assertTrue(firehose.written.get() < 50_000_000L, "the upstream was paused, then cancelled: "
          + firehose.written.get() + " bytes");
    }
  }

  @Test
  void aPipedBodyToAClientThatStoppedReadingIsCutToo(Vertx vertx) throws IOException {
    Firehose firehose = new Firehose(200_000, false);
    UpstreamStub stub = UpstreamStub.start(vertx, firehose);
    TestGateway gateway = gateway(vertx, stub);
    try (Socket client = smallBufferSocket(gateway.port())) {
      sendRequest(client, "/v1/audio/speech", "{\"input\":\"hi\"}");
      await().atMost(BOUND).untilTrue(firehose.cancelled);
      await().atMost(BOUND).until(() -> gateway.node().state().connections().open() == 0);
      assertFalse(firehose.completed.get());
    }
  }

  @Test
  void aLargeJsonAnswerToAClientThatStoppedReadingIsCutToo(Vertx vertx) throws IOException {
    // 8 MB of JSON, read whole by the gateway, then written in one go: more than the socket buffers hold
    UpstreamStub stub = UpstreamStub.start(vertx, (v, request, body) -> request.response()
        .putHeader("content-type", "application/json")
        .end(new JsonObject().put("object", "list").put("data", "x".repeat(8 << 20)).encode()));
    TestGateway gateway = gateway(vertx, stub);
    try (Socket client = smallBufferSocket(gateway.port())) {
      sendRequest(client, "/v1/embeddings", "{\"model\":\"m\",\"input\":\"hi\"}");
      await().atMost(BOUND).until(() -> stub.count() == 1);
      await().atMost(BOUND).until(() -> gateway.node().state().connections().open() == 0);
    }
  }

  @Test
  void aSlowReaderThatKeepsReadingGetsTheWholeStream(Vertx vertx) throws Exception {
    // ~11 MB taken at most 64 KB per 20 ms: the upstream outruns the reader, so back-pressure pauses it many times
    // and the whole stream takes several send timeouts. (Progress is only visible to the gateway once the socket
    // buffers, a few MB on loopback, have room again: a reader must take about a third of them per timeout.)
    int events = 10_000;
    Firehose firehose = new Firehose(events, true);
    UpstreamStub stub = UpstreamStub.start(vertx, firehose);
    TestGateway gateway = gateway(vertx, stub);
    // a default receive buffer: a 4 KB window would make this reader far slower than its 64 KB reads suggest
    try (Socket client = new Socket(InetAddress.getLoopbackAddress(), gateway.port())) {
      client.setSoTimeout((int) BOUND.toMillis());
      sendRequest(client, "/v1/chat/completions", STREAM_REQUEST);
      InputStream in = client.getInputStream();
      byte[] buffer = new byte[64 * 1024];
      StringBuilder tail = new StringBuilder();
      long total = 0;
      int pieces = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (System.nanoTime() < deadline) {
        int n = in.read(buffer);
        if (n < 0) {
          break;
        }
        total += n;
        String text = new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
        pieces += count(tail + text, PIECE) - count(tail.toString(), PIECE);
        tail.setLength(0);
        tail.append(text, Math.max(0, text.length() - PIECE.length()), text.length());
        if (tail.toString().contains("data: [DONE]")) {
          break;
        }
        Thread.sleep(20); // the behaviour under test: a reader slower than its upstream
      }
      assertTrue(tail.toString().contains("data: [DONE]"), "the stream ended cleanly after " + total + " bytes");
      assertEquals(events, pieces, "every event arrived");
      assertTrue(firehose.completed.get());
      assertFalse(firehose.cancelled.get());
      assertTrue(firehose.drainWaits.get() > 0, "the reader was slower than its upstream");
    }
  }

  private static int count(String text, String piece) {
    int n = 0;
    for (int i = text.indexOf(piece); i >= 0; i = text.indexOf(piece, i + piece.length())) {
      n++;
    }
    return n;
  }
}
