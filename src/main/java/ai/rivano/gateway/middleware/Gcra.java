package ai.rivano.gateway.middleware;

/**
 * The arithmetic of the generic cell rate algorithm for {@code limit} requests per minute: a client's state is one
 * number, its theoretical arrival time (TAT). Admitting a request moves the TAT one interval
 * ({@code 60 s / limit}) further; a request is refused when that would put the TAT more than a minute ahead of
 * now. Equivalent to a token bucket of {@code limit} tokens refilling at {@code limit} per minute. Shared by the
 * node-local limiter and the cluster one, which applies it to the cluster's TAT plus this node's unsynced count.
 */
public final class Gcra {

  public static final long WINDOW_NANOS = 60_000_000_000L;

  private final long limit;
  private final long intervalNanos;

  public Gcra(long limitPerMinute) {
    this.limit = limitPerMinute;
    this.intervalNanos = limitPerMinute > 0 ? WINDOW_NANOS / limitPerMinute : 0;
  }

  public long limit() {
    return limit;
  }

  public long intervalNanos() {
    return intervalNanos;
  }

  /** The TAT that applies at {@code now} (a TAT in the past means a full allowance). */
  public static long theoretical(long tat, long now) {
    return Math.max(tat, now);
  }

  /** True when one more request fits at {@code now} given the TAT {@code theoretical} (already ≥ now). */
  public boolean admits(long theoretical, long now) {
    return theoretical + intervalNanos - now <= WINDOW_NANOS;
  }

  /** Requests that still fit at {@code now} given the TAT {@code theoretical} (already ≥ now). */
  public long remaining(long theoretical, long now) {
    long used = (theoretical - now + intervalNanos - 1) / intervalNanos;
    return Math.max(0, limit - used);
  }

  /** The answer for an admitted request, {@code tatAfter} being the TAT including it. */
  public RateLimiter.Decision allowed(long tatAfter, long now) {
    return new RateLimiter.Decision(true, limit, remaining(tatAfter, now), ceilSeconds(tatAfter - now), 0);
  }

  /** The answer for a refused request, {@code theoretical} being the client's TAT (≥ now). */
  public RateLimiter.Decision refused(long theoretical, long now) {
    long retryAfter = Math.max(1, ceilSeconds(theoretical + intervalNanos - WINDOW_NANOS - now));
    return new RateLimiter.Decision(false, limit, 0, ceilSeconds(theoretical - now), retryAfter);
  }

  static long ceilSeconds(long nanos) {
    return nanos <= 0 ? 0 : (nanos + 999_999_999L) / 1_000_000_000L;
  }
}
