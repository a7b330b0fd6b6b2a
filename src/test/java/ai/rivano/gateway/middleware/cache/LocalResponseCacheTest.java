package ai.rivano.gateway.middleware.cache;

import ai.rivano.gateway.config.MiddlewareConfig;
import com.github.benmanes.caffeine.cache.Ticker;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalResponseCacheTest {

  /** A clock moved by hand. */
  static final class FakeTicker implements Ticker {
    private final AtomicLong nanos = new AtomicLong();

    @Override
    public long read() {
      return nanos.get();
    }

    void advance(Duration by) {
      nanos.addAndGet(by.toNanos());
    }
  }

  private final FakeTicker ticker = new FakeTicker();

  private LocalResponseCache cache(Duration ttl, long maxEntries) {
    return new LocalResponseCache(ttl, maxEntries, ticker, Runnable::run);
  }

  private static CachedAnswer answer(int status, int bytes) {
    return new CachedAnswer(status, new byte[bytes], "application/json", "openai", "gpt-4o", 10, 5);
  }

  @Test
  void anAnswerIsServedUntilItsTtlHasPassedSinceItWasWritten() {
    LocalResponseCache cache = cache(Duration.ofSeconds(300), 100);
    CachedAnswer stored = answer(200, 100);
    cache.put("k", stored);

    ticker.advance(Duration.ofSeconds(299));
    assertSame(stored, cache.get("k"), "reads do not extend the life of an entry");
    ticker.advance(Duration.ofMillis(999));
    assertSame(stored, cache.get("k"));
    ticker.advance(Duration.ofMillis(1));
    assertNull(cache.get("k"), "300 s after it was written it is gone");
  }

  @Test
  void theCacheHoldsAtMostMaxEntriesOrdinaryAnswers() {
    LocalResponseCache cache = cache(Duration.ofHours(1), 3);
    IntStream.range(0, 10).forEach(i -> cache.put("k" + i, answer(200, 2_000)));
    cache.cleanUp();
    assertEquals(3, cache.size());
    assertEquals(3, IntStream.range(0, 10).filter(i -> cache.get("k" + i) != null).count());
  }

  @Test
  void aLargeAnswerWeighsOneSlotPerStarted16KiB() {
    assertEquals(1, LocalResponseCache.slots(answer(200, 0)));
    assertEquals(1, LocalResponseCache.slots(answer(200, 16 * 1024)));
    assertEquals(2, LocalResponseCache.slots(answer(200, 16 * 1024 + 1)));
    assertEquals(64, LocalResponseCache.slots(answer(200, LocalResponseCache.MAX_ENTRY_BYTES)));

    LocalResponseCache cache = cache(Duration.ofHours(1), 4);
    cache.put("small-1", answer(200, 100));
    cache.put("small-2", answer(200, 100));
    cache.put("big", answer(200, 40 * 1024)); // 3 slots: 5 in all, over the bound of 4
    cache.cleanUp();
    long weight = 0;
    for (String key : new String[] {"small-1", "small-2", "big"}) {
      CachedAnswer held = cache.get(key);
      weight += held == null ? 0 : LocalResponseCache.slots(held);
    }
    assertTrue(weight <= 4, "held weight " + weight);
  }

  @Test
  void onlySuccessfulAnswersOfBoundedSizeAreStored() {
    LocalResponseCache cache = cache(Duration.ofHours(1), 100);
    cache.put("error", answer(500, 10));
    cache.put("redirect", answer(302, 10));
    cache.put("huge", answer(200, LocalResponseCache.MAX_ENTRY_BYTES + 1));
    cache.put("created", answer(201, 10));
    cache.put(null, answer(200, 10));
    assertNull(cache.get("error"));
    assertNull(cache.get("redirect"));
    assertNull(cache.get("huge"));
    assertNotNull(cache.get("created"));
    assertNull(cache.get(null), "a request that must not be cached has a null key");
    assertEquals(1, cache.size());
  }

  @Test
  void builtFromTheMiddlewareConfig() {
    LocalResponseCache cache = new LocalResponseCache(MiddlewareConfig.defaults());
    cache.put("k", answer(200, 10));
    assertNotNull(cache.get("k"));
  }
}
