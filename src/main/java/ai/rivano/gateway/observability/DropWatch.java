package ai.rivano.gateway.observability;

import java.util.function.LongSupplier;

/**
 * Turns a monotonic count of dropped records into a health signal: unhealthy from the moment the count grows until
 * {@code windowMs} pass without it growing again. Read by {@code /health} (audit queue), so a record lost once
 * shows up on the next checks instead of being missed between two of them.
 */
public final class DropWatch {

  private final LongSupplier dropped;
  private final long windowMs;
  private final LongSupplier clock;
  private long seen;
  private long lastGrowthMillis = Long.MIN_VALUE;

  public DropWatch(LongSupplier dropped, long windowMs) {
    this(dropped, windowMs, System::currentTimeMillis);
  }

  DropWatch(LongSupplier dropped, long windowMs, LongSupplier clock) {
    this.dropped = dropped;
    this.windowMs = windowMs;
    this.clock = clock;
    this.seen = dropped.getAsLong();
  }

  public synchronized boolean healthy() {
    long now = clock.getAsLong();
    long count = dropped.getAsLong();
    if (count > seen) {
      seen = count;
      lastGrowthMillis = now;
    }
    return lastGrowthMillis == Long.MIN_VALUE || now - lastGrowthMillis >= windowMs;
  }
}
