package ai.rivano.gateway.middleware;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-client-IP limit of {@code limit} requests per minute, as the generic cell rate algorithm (GCRA): the
 * exact equivalent of a token bucket holding {@code limit} tokens that refills at {@code limit} per minute,
 * kept as a single number per client (its "theoretical arrival time"). A client can spend its whole minute's
 * allowance at once, and then gets one more request every {@code 60 s / limit}.
 *
 * <p>Thread-safe: ingress instances on several event loops share one limiter per node.
 */
public final class RateLimiter {

  private static final long WINDOW_NANOS = 60_000_000_000L;

  /** The outcome of one request, with what the {@code X-RateLimit-*} and {@code Retry-After} headers need. */
  public record Decision(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {
  }

  private final long limit;
  private final long intervalNanos;
  private final long burstNanos;
  private final ConcurrentHashMap<String, Long> arrivals = new ConcurrentHashMap<>();
  private final Clock clock;

  /** Nanosecond time source, replaceable in tests. */
  public interface Clock {
    long nanoTime();
  }

  public RateLimiter(long limitPerMinute) {
    this(limitPerMinute, System::nanoTime);
  }

  public RateLimiter(long limitPerMinute, Clock clock) {
    this.limit = limitPerMinute;
    this.intervalNanos = limitPerMinute > 0 ? WINDOW_NANOS / limitPerMinute : 0;
    this.burstNanos = WINDOW_NANOS - intervalNanos;
    this.clock = clock;
  }

  public boolean enabled() {
    return limit > 0;
  }

  public long limit() {
    return limit;
  }

  public Decision acquire(String client) {
    if (!enabled()) {
      return new Decision(true, 0, 0, 0, 0);
    }
    long now = clock.nanoTime();
    long[] result = new long[2]; // [allowed(1/0), tat after decision]
    arrivals.compute(client, (key, tat) -> {
      long theoretical = tat == null || tat < now ? now : tat;
      long next = theoretical + intervalNanos;
      if (next - now > WINDOW_NANOS) {
        result[0] = 0;
        result[1] = theoretical;
        return tat;
      }
      result[0] = 1;
      result[1] = next;
      return next;
    });
    long tat = result[1];
    long used = (tat - now + intervalNanos - 1) / intervalNanos;
    long remaining = Math.max(0, limit - used);
    long resetSeconds = ceilSeconds(tat - now);
    if (result[0] == 1) {
      return new Decision(true, limit, remaining, resetSeconds, 0);
    }
    long retryAfter = Math.max(1, ceilSeconds(tat + intervalNanos - WINDOW_NANOS - now));
    return new Decision(false, limit, 0, resetSeconds, retryAfter);
  }

  /** Forgets clients whose allowance is full again; called periodically so the map stays small. */
  public int sweep() {
    long now = clock.nanoTime();
    int before = arrivals.size();
    arrivals.entrySet().removeIf(e -> e.getValue() <= now);
    return before - arrivals.size();
  }

  public int trackedClients() {
    return arrivals.size();
  }

  private static long ceilSeconds(long nanos) {
    return nanos <= 0 ? 0 : (nanos + 999_999_999L) / 1_000_000_000L;
  }
}
