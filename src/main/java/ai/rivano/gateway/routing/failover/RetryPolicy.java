package ai.rivano.gateway.routing.failover;

import ai.rivano.gateway.config.FailoverSettings;
import io.vertx.core.MultiMap;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What to do after an attempt failed. Retryable: connection refused or reset before headers, 5xx, 429. A
 * silent upstream (a timeout) is not retried, the request fails over at once. A 429's {@code Retry-After} is
 * honoured when it fits the request's remaining budget, otherwise the request fails over at once. Between
 * retries: exponential backoff with jitter, from the provider's {@code failover.backoff} (default 100 ms base,
 * 2 s cap).
 */
public final class RetryPolicy {

  static final long BASE_BACKOFF_MS = FailoverSettings.DEFAULT_BACKOFF_BASE_MS;
  static final long MAX_BACKOFF_MS = FailoverSettings.DEFAULT_BACKOFF_CAP_MS;

  /** The next step after a failed attempt. */
  public enum Step { RETRY_SAME, FAIL_OVER, GIVE_UP }

  /** The decision and, for {@link Step#RETRY_SAME}, the wait before it. */
  public record Decision(Step step, long delayMs) {
  }

  private RetryPolicy() {
  }

  public static boolean retryableStatus(int status) {
    return status == 429 || status >= 500;
  }

  /**
   * @param retriesDone   retries of this provider already made for this request
   * @param maxRetries    the provider's {@code maxRetries}
   * @param retryAfterMs  the upstream's Retry-After in ms, or -1
   * @param remainingMs   what is left of the request's budget
   * @param timedOut      the attempt hit one of its clocks (silent upstream)
   */
  public static Decision after(int retriesDone, int maxRetries, long retryAfterMs, long remainingMs, boolean timedOut) {
    return after(retriesDone, maxRetries, retryAfterMs, remainingMs, timedOut, BASE_BACKOFF_MS, MAX_BACKOFF_MS);
  }

  /**
   * As above with the provider's own backoff ({@code provider.failover().backoffBaseMs()}, {@code backoffCapMs()}).
   *
   * @param backoffBaseMs the first retry waits between base/2 and base; each further retry doubles the ceiling
   * @param backoffCapMs  the ceiling never exceeds this
   */
  public static Decision after(int retriesDone, int maxRetries, long retryAfterMs, long remainingMs, boolean timedOut,
                               long backoffBaseMs, long backoffCapMs) {
    if (timedOut || retriesDone >= maxRetries) {
      return new Decision(Step.FAIL_OVER, 0);
    }
    if (retryAfterMs >= 0) {
      return retryAfterMs < remainingMs ? new Decision(Step.RETRY_SAME, retryAfterMs) : new Decision(Step.FAIL_OVER, 0);
    }
    long delay = jitteredBackoff(retriesDone, backoffBaseMs, backoffCapMs);
    return delay < remainingMs ? new Decision(Step.RETRY_SAME, delay) : new Decision(Step.FAIL_OVER, 0);
  }

  static long jitteredBackoff(int retriesDone, long baseMs, long capMs) {
    long ceiling = Math.max(1, Math.min(capMs, baseMs << Math.min(retriesDone, 10)));
    return ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1);
  }

  /** {@code Retry-After} as delta-seconds or an HTTP date, in ms; -1 when absent or unreadable. */
  public static long retryAfterMs(MultiMap headers, long nowMillis) {
    String value = headers.get("retry-after");
    if (value == null || value.isBlank()) {
      return -1;
    }
    String v = value.trim();
    try {
      return Math.max(0, (long) (Double.parseDouble(v) * 1000));
    } catch (NumberFormatException notSeconds) {
      try {
        return Math.max(0, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli() - nowMillis);
      } catch (RuntimeException notADate) {
        return -1;
      }
    }
  }
}
