package ai.rivano.gateway.observability.tracing;

import ai.rivano.gateway.testing.Behaviors;
import ai.rivano.gateway.testing.Futures;
import ai.rivano.gateway.testing.Http;
import ai.rivano.gateway.testing.TestGateway;
import ai.rivano.gateway.testing.UpstreamStub;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real exporter (OTLP http/protobuf over the JDK's HTTP client) shipping to a collector played by a loopback
 * Vert.x server, which decodes what it gets with the OTLP protobuf classes. The batch processor's own schedule is 5 s;
 * the test drains the node at once, so what arrives was sent by the drain's flush.
 */
@ExtendWith(VertxExtension.class)
class OtlpExportTest {

  private static final String TOKEN = "Bearer t0ken-for-the-collector";

  /** One POST the collector received. */
  private record Received(String path, MultiMap headers, Buffer body) {
  }

  private static HttpServer collector(Vertx vertx, int status, List<Received> received) {
    return Futures.await(vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      received.add(new Received(request.path(), MultiMap.caseInsensitiveMultiMap().addAll(request.headers()), body));
      // an empty ExportTraceServiceResponse is zero bytes of protobuf
      request.response().setStatusCode(status).putHeader("content-type", "application/x-protobuf").end();
    })).listen(0, "127.0.0.1"));
  }

  private static TestGateway gateway(Vertx vertx, UpstreamStub openai, HttpServer collector) {
    return TestGateway.start(vertx, """
        gateway:
          providers:
            openai: { apiKey: sk-openai, baseUrl: "%s/v1" }
          tracing:
            serviceName: gateway-under-test
            otlp:
              endpoint: "http://127.0.0.1:%d"
              headers: { Authorization: "%s" }
              timeoutMs: 5000
        """.formatted(openai.baseUrl(), collector.actualPort(), TOKEN));
  }

  @Test
  void theRequestTreeReachesTheCollectorAsProtobufWhenTheNodeDrains(Vertx vertx) {
    List<Received> received = new CopyOnWriteArrayList<>();
    HttpServer collector = collector(vertx, 200, received);
    UpstreamStub openai = UpstreamStub.start(vertx, Behaviors.openAiChat("gpt-4o", "ok"));
    TestGateway gateway = gateway(vertx, openai, collector);

    Http.Response r = new Http(vertx).postJson(gateway.url("/v1/chat/completions"), Http.chatRequest("gpt-4o", "hi"));
    assertEquals(200, r.status(), r.text());
    gateway.drain();

    assertTrue(!received.isEmpty(), "the drain flushed the queued spans to the collector");
    Received post = received.get(0);
    assertEquals("/v1/traces", post.path(), "the traces path is added to a bare collector URL");
    assertEquals("application/x-protobuf", post.headers().get("content-type"));
    assertEquals(TOKEN, post.headers().get("authorization"), "the configured header is sent");

    List<Span> spans = new ArrayList<>();
    String service = null;
    for (Received each : received) {
      for (ResourceSpans resource : decode(each.body()).getResourceSpansList()) {
        service = attribute(resource.getResource().getAttributesList(), "service.name");
        resource.getScopeSpansList().forEach(scope -> {
          assertEquals("ai.rivano.gateway", scope.getScope().getName());
          spans.addAll(scope.getSpansList());
        });
      }
    }
    assertEquals("gateway-under-test", service);
    String traceId = r.header("X-Rivano-Trace-Id").substring("trace_".length());
    Span request = spans.stream().filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_SERVER).findFirst().orElseThrow();
    assertEquals(traceId, hex(request.getTraceId()));
    assertEquals("POST /v1/chat/completions", request.getName());
    assertEquals("openai", attribute(request.getAttributesList(), "rivano.provider"));
    Span attempt = spans.stream().filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_CLIENT).findFirst().orElseThrow();
    assertEquals(hex(request.getSpanId()), hex(attempt.getParentSpanId()));
    assertEquals("00-" + traceId + "-" + hex(attempt.getSpanId()) + "-01", openai.last().headers().get("traceparent"),
        "the span the collector got is the one the provider was told about");
    assertTrue(spans.stream().anyMatch(s -> s.getName().equals("injection")), "guardrail steps too: " + spans.size());
  }

  @Test
  void spansTheCollectorRefusesAreCountedAsDropped(Vertx vertx) {
    List<Received> received = new CopyOnWriteArrayList<>();
    HttpServer collector = collector(vertx, 400, received); // not retryable: the batch is lost
    UpstreamStub openai = UpstreamStub.start(vertx, Behaviors.openAiChat("gpt-4o", "ok"));
    TestGateway gateway = gateway(vertx, openai, collector);

    assertEquals(200, new Http(vertx).postJson(gateway.url("/v1/chat/completions"),
        Http.chatRequest("gpt-4o", "hi")).status());
    gateway.drain();

    assertEquals(1, received.size(), "one batch, refused");
    int spans = decode(received.get(0).body()).getResourceSpansList().stream()
        .flatMap(r -> r.getScopeSpansList().stream()).mapToInt(s -> s.getSpansCount()).sum();
    String scrape = gateway.node().state().metrics().scrape(null).body();
    Matcher dropped = Pattern.compile("(?m)^rivano_tracing_spans_dropped_total (\\S+)$").matcher(scrape);
    assertTrue(dropped.find(), scrape);
    assertEquals(spans, (int) Double.parseDouble(dropped.group(1)), "every span of the refused batch is counted");
    assertTrue(scrape.contains("rivano_tracing_queue_size 0.0"), "nothing left waiting");
  }

  private static ExportTraceServiceRequest decode(Buffer body) {
    try {
      return ExportTraceServiceRequest.parseFrom(body.getBytes());
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError("not OTLP protobuf", e);
    }
  }

  private static String attribute(List<KeyValue> attributes, String key) {
    return attributes.stream().filter(a -> a.getKey().equals(key)).map(a -> a.getValue().getStringValue())
        .findFirst().orElse(null);
  }

  private static String hex(ByteString id) {
    return HexFormat.of().formatHex(id.toByteArray());
  }
}
