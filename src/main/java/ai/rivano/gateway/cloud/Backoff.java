package ai.rivano.gateway.cloud;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Delays between control-plane calls after a failure: exponential "full jitter" (a random delay between 0 and
 * {@code base·2ⁿ}, capped), so that many gateways cut off together do not come back in lock-step, and
 * {@code Retry-After} honoured as a lower bound when the control plane sends one.
 */
final class Backoff {

  private final long baseMs;
  private final long capMs;
  private final long retryAfterCapMs;
  private int failures;

  Backoff(Duration base, Duration cap, Duration retryAfterCap) {
    this.baseMs = Math.max(1, base.toMillis());
    this.capMs = Math.max(baseMs, cap.toMillis());
    this.retryAfterCapMs = retryAfterCap.toMillis();
  }

  void reset() {
    failures = 0;
  }

  /** The delay before the next try after one more failure; {@code retryAfterMs} (or -1) is honoured. */
  long next(long retryAfterMs) {
    failures = Math.min(failures + 1, 30);
    long ceiling = Math.min(capMs, baseMs << Math.min(failures - 1, 20));
    long jittered = ThreadLocalRandom.current().nextLong(ceiling + 1);
    return Math.max(jittered, Math.min(retryAfterMs, retryAfterCapMs));
  }

  int failures() {
    return failures;
  }

  /**
   * {@code Retry-After} in ms: delta-seconds or an HTTP date (RFC 9110 §10.2.3); -1 when absent or unreadable.
   */
  static long retryAfterMs(String header, long nowMillis) {
    if (header == null || header.isBlank()) {
      return -1;
    }
    String value = header.trim();
    try {
      if (value.matches("\\d{1,9}")) {
        return Long.parseLong(value) * 1000;
      }
      long at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
      return Math.max(0, at - nowMillis);
    } catch (RuntimeException e) {
      return -1;
    }
  }
}
