package ai.rivano.gateway.routing.failover;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The backoff between retries follows the provider's {@code failover.backoff} (base, cap); the defaults stay 100 ms / 2 s. */
class RetryBackoffTest {

  @Test
  void theDefaultsAreOneHundredMillisecondsDoublingUpToTwoSeconds() {
    for (int i = 0; i < 200; i++) {
      long first = RetryPolicy.after(0, 5, -1, 60_000, false).delayMs();
      assertTrue(first >= 50 && first <= 100, "first retry " + first);
      long fifth = RetryPolicy.after(5, 9, -1, 60_000, false).delayMs();
      assertTrue(fifth >= 1_000 && fifth <= 2_000, "capped at 2 s: " + fifth);
    }
  }

  @Test
  void aProvidersBaseAndCapApply() {
    for (int i = 0; i < 200; i++) {
      long first = RetryPolicy.after(0, 5, -1, 60_000, false, 400, 1_000).delayMs();
      assertTrue(first >= 200 && first <= 400, "base 400: " + first);
      long second = RetryPolicy.after(1, 5, -1, 60_000, false, 400, 1_000).delayMs();
      assertTrue(second >= 400 && second <= 800, "doubled: " + second);
      long third = RetryPolicy.after(2, 5, -1, 60_000, false, 400, 1_000).delayMs();
      assertTrue(third >= 500 && third <= 1_000, "capped at 1 s: " + third);
    }
  }

  @Test
  void aBackoffThatDoesNotFitTheBudgetFailsOverAndRetryAfterStillWins() {
    assertEquals(RetryPolicy.Step.FAIL_OVER, RetryPolicy.after(0, 5, -1, 150, false, 400, 1_000).step(),
        "at least 200 ms of backoff does not fit 150 ms");
    RetryPolicy.Decision honoured = RetryPolicy.after(0, 5, 700, 5_000, false, 400, 1_000);
    assertEquals(RetryPolicy.Step.RETRY_SAME, honoured.step());
    assertEquals(700, honoured.delayMs(), "Retry-After, not the backoff");
    assertEquals(RetryPolicy.Step.FAIL_OVER, RetryPolicy.after(1, 1, -1, 60_000, false, 400, 1_000).step(),
        "no retries left");
  }
}
