package ai.rivano.gateway.middleware;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GCRA: a full minute's allowance at once, then one request per 60 s / limit; per client; exact. */
class RateLimiterTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000_000L);
  private final RateLimiter limiter = new LocalRateLimiter(60, now::get);

  private void advanceMillis(long ms) {
    now.addAndGet(ms * 1_000_000L);
  }

  @Test
  void allowsTheWholeMinuteThenRefillsOnePerInterval() {
    for (int i = 0; i < 60; i++) {
      RateLimiter.Decision d = limiter.acquire("a");
      assertTrue(d.allowed(), "request " + i);
      assertEquals(59 - i, d.remaining());
    }
    RateLimiter.Decision denied = limiter.acquire("a");
    assertFalse(denied.allowed());
    assertEquals(1, denied.retryAfterSeconds());
    assertEquals(60, denied.resetSeconds());

    advanceMillis(999);
    assertFalse(limiter.acquire("a").allowed(), "one request per second refills: not yet");
    advanceMillis(1);
    assertTrue(limiter.acquire("a").allowed());
    assertFalse(limiter.acquire("a").allowed());
  }

  @Test
  void clientsAreIndependentAndDeniedRequestsDoNotCount() {
    for (int i = 0; i < 60; i++) {
      limiter.acquire("a");
    }
    for (int i = 0; i < 100; i++) {
      assertFalse(limiter.acquire("a").allowed());
    }
    assertTrue(limiter.acquire("b").allowed());
    advanceMillis(1000);
    assertTrue(limiter.acquire("a").allowed(), "denials did not push the refill back");
  }

  @Test
  void sweepForgetsClientsWhoseAllowanceIsFullAgain() {
    limiter.acquire("a");
    limiter.acquire("b");
    assertEquals(2, limiter.trackedClients());
    advanceMillis(60_001);
    assertEquals(2, limiter.sweep());
    assertEquals(0, limiter.trackedClients());
  }

  @Test
  void zeroDisables() {
    RateLimiter off = new LocalRateLimiter(0, now::get);
    assertFalse(off.enabled());
    for (int i = 0; i < 1000; i++) {
      assertTrue(off.acquire("a").allowed());
    }
  }
}
