package ai.rivano.gateway.middleware;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The node-local {@link RateLimiter}: one TAT per client in a concurrent map, exact. Nothing is shared, so a
 * standalone node pays nothing for the cluster's existence.
 */
public final class LocalRateLimiter implements RateLimiter {

  private final Gcra gcra;
  private final ConcurrentHashMap<String, Long> arrivals = new ConcurrentHashMap<>();
  private final Clock clock;

  public LocalRateLimiter(long limitPerMinute) {
    this(limitPerMinute, System::nanoTime);
  }

  public LocalRateLimiter(long limitPerMinute, Clock clock) {
    this.gcra = new Gcra(limitPerMinute);
    this.clock = clock;
  }

  @Override
  public long limit() {
    return gcra.limit();
  }

  @Override
  public Decision acquire(String client) {
    if (!enabled()) {
      return Decision.UNLIMITED;
    }
    long now = clock.nanoTime();
    long[] result = new long[2]; // [allowed(1/0), tat after decision]
    arrivals.compute(client, (key, tat) -> {
      long theoretical = Gcra.theoretical(tat == null ? now : tat, now);
      if (!gcra.admits(theoretical, now)) {
        result[1] = theoretical;
        return tat;
      }
      result[0] = 1;
      result[1] = theoretical + gcra.intervalNanos();
      return result[1];
    });
    return result[0] == 1 ? gcra.allowed(result[1], now) : gcra.refused(result[1], now);
  }

  @Override
  public int sweep() {
    long now = clock.nanoTime();
    int before = arrivals.size();
    arrivals.entrySet().removeIf(e -> e.getValue() <= now);
    return before - arrivals.size();
  }

  @Override
  public int trackedClients() {
    return arrivals.size();
  }
}
