package ai.rivano.gateway.observability.tracing;

import ai.rivano.gateway.testing.TestGateway;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Reading back what a gateway exported to an {@link InMemorySpanExporter}. */
final class SpanTrees {

  private SpanTrees() {
  }

  /**
   * The spans of trace {@code traceId}, in start order, once its request span has been exported. The request span
   * ends in the finisher, just after the answer left, so the client may have it a moment before: polled, flushing
   * the batch processor each time (its own schedule is 5 s).
   */
  static List<SpanData> trace(TestGateway gateway, InMemorySpanExporter exporter, String traceId) {
    Tracing tracing = gateway.node().state().tracing();
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
      tracing.flush().join(5, TimeUnit.SECONDS);
      return exporter.getFinishedSpanItems().stream()
          .anyMatch(s -> s.getTraceId().equals(traceId) && s.getKind() == SpanKind.SERVER);
    });
    List<SpanData> spans = exporter.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId))
        .sorted(Comparator.comparingLong(SpanData::getStartEpochNanos)).toList();
    Set<String> ids = new HashSet<>();
    spans.forEach(s -> ids.add(s.getSpanId()));
    assertEquals(spans.size(), ids.size(), "every span is exported (so ended) exactly once: " + spans);
    return spans;
  }

  static SpanData server(List<SpanData> spans) {
    List<SpanData> servers = ofKind(spans, SpanKind.SERVER);
    assertEquals(1, servers.size(), "one request span: " + spans);
    return servers.get(0);
  }

  static List<SpanData> ofKind(List<SpanData> spans, SpanKind kind) {
    return spans.stream().filter(s -> s.getKind() == kind).toList();
  }

  static SpanData named(List<SpanData> spans, String name) {
    List<SpanData> found = spans.stream().filter(s -> s.getName().equals(name)).toList();
    assertEquals(1, found.size(), "one span named " + name + ": " + spans);
    return found.get(0);
  }

  /** The {@code traceparent} an upstream must have received for {@code span}. */
  static String traceparentOf(SpanData span) {
    return "00-" + span.getTraceId() + "-" + span.getSpanId() + (span.getSpanContext().isSampled() ? "-01" : "-00");
  }
}
