package ai.rivano.gateway.config;

/**
 * The breaker and backoff settings of one provider: {@code gateway.failover} gives the gateway-wide defaults,
 * {@code gateway.providers.<name>.failover} overrides them key by key.
 *
 * @param breakerFailures        failed attempts within {@code breakerWindowMs} that open the provider's circuit
 * @param breakerWindowMs        the rolling window those failures are counted in
 * @param breakerHalfOpenAfterMs how long an open circuit refuses traffic before one probe is let through
 * @param backoffBaseMs          first retry waits between base/2 and base; each further retry doubles it
 * @param backoffCapMs           no retry waits longer than this
 */
public record FailoverSettings(int breakerFailures, long breakerWindowMs, long breakerHalfOpenAfterMs,
                               long backoffBaseMs, long backoffCapMs) {

  public static final int DEFAULT_BREAKER_FAILURES = 5;
  public static final long DEFAULT_BREAKER_WINDOW_MS = 60_000;
  public static final long DEFAULT_BREAKER_HALF_OPEN_AFTER_MS = 10_000;
  public static final long DEFAULT_BACKOFF_BASE_MS = 100;
  public static final long DEFAULT_BACKOFF_CAP_MS = 2_000;

  public static FailoverSettings defaults() {
    return new FailoverSettings(DEFAULT_BREAKER_FAILURES, DEFAULT_BREAKER_WINDOW_MS,
        DEFAULT_BREAKER_HALF_OPEN_AFTER_MS, DEFAULT_BACKOFF_BASE_MS, DEFAULT_BACKOFF_CAP_MS);
  }
}
