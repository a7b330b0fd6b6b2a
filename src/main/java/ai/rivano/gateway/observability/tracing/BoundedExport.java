package ai.rivano.gateway.observability.tracing;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The SDK's {@link BatchSpanProcessor} (export on its own thread, in batches) with its queue bound kept, and
 * counted, here: a span that finds {@code capacity} spans already waiting is dropped and counted at once, on the
 * thread that ended it (an event loop), never waited for. The batch processor drops silently when its queue is full;
 * this one admits only what that queue can hold (it counts a span as waiting until its batch is handed to the
 * exporter, a little longer than the queue holds it), so every drop is counted, as are spans the collector refused
 * or never got.
 */
final class BoundedExport implements SpanProcessor {

  private final int capacity;
  private final AtomicLong waiting = new AtomicLong();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder exported = new LongAdder();
  private final SpanProcessor batch;

  BoundedExport(SpanExporter exporter, int capacity, Duration exportTimeout) {
    this.capacity = capacity;
    this.batch = BatchSpanProcessor.builder(new Counted(exporter))
        .setMaxQueueSize(capacity)
        .setMaxExportBatchSize(Math.min(512, capacity))
        .setExporterTimeout(exportTimeout)
        .build();
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {
  }

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    if (!span.getSpanContext().isSampled()) {
      return; // the batch processor would ignore it too
    }
    if (waiting.incrementAndGet() > capacity) {
      waiting.decrementAndGet();
      dropped.increment();
      return;
    }
    batch.onEnd(span);
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  @Override
  public CompletableResultCode forceFlush() {
    return batch.forceFlush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return batch.shutdown();
  }

  /** Spans lost so far: the queue was full, or the collector refused or never got their batch. */
  long dropped() {
    return dropped.sum();
  }

  /** Spans the collector accepted so far. */
  long exported() {
    return exported.sum();
  }

  /** Spans ended and not yet handed to the exporter. */
  long waiting() {
    return waiting.get();
  }

  /** The exporter, counting what leaves the queue and how each batch fared. */
  private final class Counted implements SpanExporter {
    private final SpanExporter exporter;

    Counted(SpanExporter exporter) {
      this.exporter = exporter;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      int count = spans.size();
      waiting.addAndGet(-count);
      CompletableResultCode result = exporter.export(spans);
      result.whenComplete(() -> (result.isSuccess() ? exported : dropped).add(count));
      return result;
    }

    @Override
    public CompletableResultCode flush() {
      return exporter.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
      return exporter.shutdown();
    }
  }
}
