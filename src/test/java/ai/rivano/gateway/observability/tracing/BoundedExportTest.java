package ai.rivano.gateway.observability.tracing;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The export queue's bound: a span beyond it is dropped at once and counted, never waited for. */
class BoundedExportTest {

  /** Holds the batch processor's thread inside its first export until released: the queue behind it fills up. */
  private static final class StuckCollector implements SpanExporter {
    final InMemorySpanExporter delivered = InMemorySpanExporter.create();
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      entered.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return delivered.export(spans);
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  @Test
  void aFullQueueDropsAndCountsWithoutBlockingTheCaller() {
    StuckCollector collector = new StuckCollector();
    BoundedExport export = new BoundedExport(collector, 2, Duration.ofSeconds(10));
    SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(export).build();
    Tracer tracer = provider.get("test");
    try {
      tracer.spanBuilder("a").startSpan().end();
      tracer.spanBuilder("b").startSpan().end(); // a full batch (2): handed to the exporter, which gets stuck
      await().atMost(Duration.ofSeconds(10)).until(() -> collector.entered.getCount() == 0);
      assertEquals(0, export.waiting());

      long started = System.nanoTime();
      for (int i = 0; i < 5; i++) {
        tracer.spanBuilder("queued-" + i).startSpan().end();
      }
      assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(1), "ending a span never waits");
      assertEquals(2, export.waiting(), "the queue holds its capacity");
      assertEquals(3, export.dropped(), "the rest is dropped and counted");

      collector.release.countDown();
      assertTrue(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess());
      assertEquals(4, collector.delivered.getFinishedSpanItems().size());
      assertEquals(4, export.exported());
      assertEquals(0, export.waiting());
      assertEquals(3, export.dropped());
    } finally {
      collector.release.countDown();
      provider.shutdown().join(10, TimeUnit.SECONDS);
    }
  }
}
