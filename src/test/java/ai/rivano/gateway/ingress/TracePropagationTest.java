package ai.rivano.gateway.ingress;

import ai.rivano.gateway.testing.Behaviors;
import ai.rivano.gateway.testing.Http;
import ai.rivano.gateway.testing.TestGateway;
import ai.rivano.gateway.testing.UpstreamStub;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** W3C trace context through a real upstream: honoured on the way in, one span per attempt on the way out. */
@ExtendWith(VertxExtension.class)
class TracePropagationTest {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  private static TestGateway gateway(Vertx vertx, UpstreamStub openai) {
    return TestGateway.start(vertx, """
        gateway:
          providers:
            openai: { apiKey: sk-test, baseUrl: "%s/v1", maxRetries: 1 }
          middleware: { rateLimit: 0 }
        """.formatted(openai.baseUrl()));
  }

  @Test
  void theCallersTraceNamesTheRequestAndReachesTheProviderWithANewSpan(Vertx vertx) {
    UpstreamStub openai = UpstreamStub.start(vertx, Behaviors.openAiChat("gpt-4o", "ok"));
    TestGateway gateway = gateway(vertx, openai);
    String incoming = "00-" + TRACE + "-00f067aa0ba902b7-01";

    Http.Response r = new Http(vertx).postJson(gateway.url("/v1/chat/completions"), Http.chatRequest("gpt-4o", "hi"),
        Http.headers("traceparent", incoming));
    assertEquals(200, r.status());
    assertEquals("trace_" + TRACE, r.header("X-Rivano-Trace-Id"));
    String upstream = openai.last().headers().get("traceparent");
    assertTrue(upstream.matches("00-" + TRACE + "-[0-9a-f]{16}-01"), upstream);
    assertNotEquals(incoming, upstream, "the attempt is a span of its own, child of the caller's");
  }

  @Test
  void withoutOneTheGatewayStartsTheTraceAndEveryAttemptHasItsOwnSpan(Vertx vertx) {
    UpstreamStub openai = UpstreamStub.start(vertx, Behaviors.openAiChat("gpt-4o", "ok"));
    openai.then(Behaviors.status(500, null));
    TestGateway gateway = gateway(vertx, openai);

    Http.Response r = new Http(vertx).postJson(gateway.url("/v1/chat/completions"), Http.chatRequest("gpt-4o", "hi"));
    assertEquals(200, r.status());
    String id = r.header("X-Rivano-Trace-Id");
    assertTrue(id.matches("trace_[0-9a-f]{32}"), id);
    assertEquals(2, openai.count(), "a 500, then the retry");
    String first = openai.received().get(0).headers().get("traceparent");
    String retry = openai.received().get(1).headers().get("traceparent");
    assertTrue(first.startsWith("00-" + id.substring("trace_".length()) + "-"), first);
    assertTrue(retry.startsWith("00-" + id.substring("trace_".length()) + "-"), retry);
    assertNotEquals(first, retry);
  }
}
