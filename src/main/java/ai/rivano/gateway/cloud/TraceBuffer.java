package ai.rivano.gateway.cloud;

import ai.rivano.gateway.audit.AuditRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The bounded inlet between the request path and trace ingest. {@link #accept} is called once per request on an
 * ingress event loop, so it is O(1) and never waits: when the buffer is full the oldest record is dropped and
 * counted (the newest traces are the ones an operator looks for after an outage).
 */
public final class TraceBuffer implements Consumer<AuditRecord> {

  private final ArrayBlockingQueue<AuditRecord> queue;
  private final LongAdder accepted = new LongAdder();
  private final LongAdder dropped = new LongAdder();

  TraceBuffer(int capacity) {
    this.queue = new ArrayBlockingQueue<>(capacity);
  }

  @Override
  public void accept(AuditRecord record) {
    accepted.increment();
    while (!queue.offer(record)) {
      if (queue.poll() != null) {
        dropped.increment();
      }
    }
  }

  /** Up to {@code max} of the oldest records, removed from the buffer. */
  List<AuditRecord> take(int max) {
    List<AuditRecord> batch = new ArrayList<>(Math.min(max, queue.size()));
    queue.drainTo(batch, max);
    return batch;
  }

  int pending() {
    return queue.size();
  }

  long accepted() {
    return accepted.sum();
  }

  /** Dropped because the buffer was full. */
  long dropped() {
    return dropped.sum();
  }
}
