package ai.rivano.gateway.stats;

import ai.rivano.gateway.bus.Messages.StatsSnapshot;

import java.util.concurrent.atomic.LongAdder;

/**
 * This node's request and success counters. Ingress instances on several event loops bump them on every
 * request, so they are {@link LongAdder}s (a few nanoseconds, no contention) rather than a bus message per
 * request; the {@link StatsVerticle} reads them when asked.
 */
public final class RequestCounters {

  private final LongAdder requests = new LongAdder();
  private final LongAdder successes = new LongAdder();

  public void record(boolean success) {
    requests.increment();
    if (success) {
      successes.increment();
    }
  }

  public StatsSnapshot snapshot() {
    // successes first: a concurrent request can then only make the rate look lower, never above 100 %.
    long ok = successes.sum();
    return new StatsSnapshot(Math.max(ok, requests.sum()), ok);
  }
}
