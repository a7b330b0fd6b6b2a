package ai.rivano.gateway.observability;

import ai.rivano.gateway.testing.Behaviors;
import ai.rivano.gateway.testing.Http;
import ai.rivano.gateway.testing.TestGateway;
import ai.rivano.gateway.testing.UpstreamStub;
import ch.qos.logback.classic.Level;
import io.vertx.core.Vertx;
import io.vertx.core.http.StreamResetException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Resets by peers — an upstream cutting a stream, an upstream closing before headers, a stalled upstream the gateway
 * resets itself to rescue the stream, a client vanishing mid-stream with a TCP RST — are handled, and logged at most
 * at DEBUG: no library line at WARN or ERROR (ours, the operational events, may warn about the provider).
 */
@ExtendWith(VertxExtension.class)
class PeerNoiseTest {

  private static final List<String> PIECES = List.of("The quick ", "brown fox ", "jumps over ", "the lazy dog.");
  private static final String FAST = "timeoutMs: 1000, firstTokenTimeoutMs: 500, idleTimeoutMs: 300";

  private LogCapture logs;

  @BeforeEach
  void capture() {
    logs = new LogCapture(Level.DEBUG);
  }

  @AfterEach
  void release() {
    logs.close();
  }

  private static TestGateway gateway(Vertx vertx, UpstreamStub openai, UpstreamStub anthropic) {
    return TestGateway.start(vertx, config(openai.baseUrl(), anthropic.baseUrl()));
  }

  private static JsonObject streamRequest() {
    return Http.chatRequest("gpt-4o", "hi").put("stream", true);
  }

  @Test
  void upstreamResetsAndStallsAreNotWarnings(Vertx vertx) {
    UpstreamStub openai = UpstreamStub.start(vertx, Behaviors.openAiSse("gpt-4o", PIECES, true, 5, -1, -1));
    UpstreamStub anthropic = UpstreamStub.start(vertx,
        Behaviors.anthropicSse("claude-haiku", List.of(" jumps", " over."), 5, -1, -1));
    TestGateway gateway = gateway(vertx, openai, anthropic);
    Http http = new Http(vertx);

    openai.then(Behaviors.openAiSse("gpt-4o", PIECES, true, 5, 3, -1)); // cut after 3 events: rescued
    Http.Streamed cut = http.stream(gateway.url("/v1/chat/completions"), streamRequest(), null);
    assertEquals(200, cut.status());
    assertTrue(cut.body().contains("[DONE]"), cut.body());

    openai.then(Behaviors.openAiSse("gpt-4o", PIECES, true, 5, -1, 3)); // stalls: the gateway resets it and rescues
    Http.Streamed stalled = http.stream(gateway.url("/v1/chat/completions"), streamRequest(), null);
    assertTrue(stalled.body().contains("[DONE]"), stalled.body());

    openai.then(Behaviors.resetBeforeHeaders(), Behaviors.resetBeforeHeaders()); // refused twice: failover
    Http.Response failedOver = http.postJson(gateway.url("/v1/chat/completions"), Http.chatRequest("gpt-4o", "hi"));
    assertEquals(200, failedOver.status(), failedOver.text());

    assertEquals(List.of(), logs.libraryWarnings(), "peer resets are at most DEBUG");
  }

  @Test
  void upstreamTcpResetsAreNotWarnings(Vertx vertx) throws IOException {
    UpstreamStub anthropic = UpstreamStub.start(vertx,
        Behaviors.anthropicSse("claude-haiku", List.of(" jumps", " over."), 5, -1, -1));
    Http http = new Http(vertx);
    try (RstUpstream beforeHeaders = new RstUpstream(0); RstUpstream midStream = new RstUpstream(2)) {
      TestGateway refused = TestGateway.start(vertx, config(beforeHeaders.baseUrl(), anthropic.baseUrl()));
      Http.Response failedOver = http.postJson(refused.url("/v1/chat/completions"), Http.chatRequest("gpt-4o", "hi"));
      assertEquals(200, failedOver.status(), failedOver.text());
      Http.Streamed streamFailedOver = http.stream(refused.url("/v1/chat/completions"), streamRequest(), null);
      assertTrue(streamFailedOver.body().contains("[DONE]"), streamFailedOver.body());

      TestGateway cut = TestGateway.start(vertx, config(midStream.baseUrl(), anthropic.baseUrl()));
      Http.Streamed rescued = http.stream(cut.url("/v1/chat/completions"), streamRequest(), null);
      assertTrue(rescued.body().contains("piece1") && rescued.body().contains("[DONE]"), rescued.body());
    }
    assertEquals(List.of(), logs.libraryWarnings(), "TCP resets by an upstream are at most DEBUG");
  }

  private static String config(String openai, String anthropic) {
    return """
        gateway:
          providers:
            openai:    { apiKey: sk-openai, baseUrl: "%s/v1", isPrimary: true, %s }
            anthropic: { apiKey: sk-ant, baseUrl: "%s", isFallback: true, supportsPrefill: true, %s,
                         models: { "*": claude-haiku } }
          middleware: { rateLimit: 0 }
        """.formatted(openai, FAST, anthropic, FAST);
  }

  @Test
  void aClientThatVanishesMidStreamIsNotAWarning(Vertx vertx) throws IOException {
    UpstreamStub openai = UpstreamStub.start(vertx, Behaviors.openAiSse("gpt-4o", PIECES, true, 200, -1, -1));
    UpstreamStub anthropic = UpstreamStub.start(vertx, Behaviors.anthropicChat("claude-haiku", "x"));
    TestGateway gateway = gateway(vertx, openai, anthropic);

    byte[] body = streamRequest().encode().getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] head = new byte[64];
      assertTrue(in.read(head) > 0, "the stream started");
      socket.setSoLinger(true, 0); // close with a TCP RST, as a killed client does
    }
    Http http = new Http(vertx);
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() ->
        http.get(gateway.url("/_rivano/status")).json().getJsonObject("stats").getLong("requests") == 1);
    // the upstream keeps trying to send for a moment after the client left; a later request is served normally
    openai.byDefault(Behaviors.openAiChat("gpt-4o", "ok"));
    assertEquals(200, http.postJson(gateway.url("/v1/chat/completions"), Http.chatRequest("gpt-4o", "hi")).status());
    assertEquals(List.of(), logs.libraryWarnings(), "a client going away is at most DEBUG");
  }

  @Test
  void theFilterTurnsAPeerResetErrorIntoADebugLineAndLeavesRealErrorsAlone() {
    org.slf4j.Logger library = LoggerFactory.getLogger("io.vertx.core.impl.ContextImpl");
    library.error("Unhandled exception", new StreamResetException(8));
    library.warn("Connection error", new IOException("recvAddress(..) failed: Connection reset by peer"));
    library.error("Unhandled exception", new RuntimeException("wrapped", new IOException("Broken pipe")));
    library.error("Unhandled exception", new IllegalStateException("a real bug"));
    // what Netty's epoll transport logged in the soak run when a connection was torn down while being set up
    LoggerFactory.getLogger("io.netty.channel.DefaultChannelPipeline").warn("An exceptionCaught() event was fired, "
        + "and it reached at the tail of the pipeline.", new java.nio.channels.NotYetConnectedException());

    List<String> warnings = logs.libraryWarnings();
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("a real bug"), warnings.toString());
    long downgraded = logs.events().stream()
        .filter(e -> e.getLevel() == Level.DEBUG && e.getFormattedMessage().startsWith("[peer went away")).count();
    assertEquals(4, downgraded, "each noise line is kept at DEBUG, once");
    assertFalse(PeerNoiseFilter.isPeerNoise(new IOException("No space left on device")));
  }
}
