package ai.rivano.gateway.middleware.cache;

import ai.rivano.gateway.config.MiddlewareConfig;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * The response cache of one node, on Caffeine: entries expire {@code cacheTtlSeconds} after they were written,
 * and the cache holds at most {@code cacheMaxEntries} answers of up to {@value #SLOT_BYTES} bytes.
 *
 * <p>The bound is a weight, not a plain count: an answer weighs one slot per started {@value #SLOT_BYTES}
 * bytes of body, so {@code cacheMaxEntries} is exactly the number of entries for typical chat answers and memory
 * stays under about {@code cacheMaxEntries × 16 KiB} whatever the answers' sizes (16 MiB at the default 1000).
 * Answers over {@value #MAX_ENTRY_BYTES} bytes are not cached: one would push out dozens of ordinary ones.
 * Eviction is Caffeine's (W-TinyLFU: frequently asked answers stay).
 */
public final class LocalResponseCache implements ResponseCache {

  static final int SLOT_BYTES = 16 * 1024;
  public static final int MAX_ENTRY_BYTES = 1024 * 1024;

  private final Cache<String, CachedAnswer> cache;

  public LocalResponseCache(MiddlewareConfig config) {
    this(Duration.ofSeconds(config.cacheTtlSeconds()), config.cacheMaxEntries(), Ticker.systemTicker(),
        ForkJoinPool.commonPool());
  }

  /**
   * @param ticker   the clock for expiry (a test moves it by hand)
   * @param executor where Caffeine runs its maintenance (a test runs it inline to be deterministic)
   */
  LocalResponseCache(Duration ttl, long maxEntries, Ticker ticker, Executor executor) {
    this.cache = Caffeine.newBuilder()
        .expireAfterWrite(ttl)
        .maximumWeight(maxEntries)
        .weigher((String key, CachedAnswer answer) -> slots(answer))
        .ticker(ticker)
        .executor(executor)
        .build();
  }

  @Override
  public CachedAnswer get(String key) {
    return key == null ? null : cache.getIfPresent(key);
  }

  /** Stores a 2xx answer of at most {@value #MAX_ENTRY_BYTES} bytes; anything else is ignored. */
  @Override
  public void put(String key, CachedAnswer answer) {
    if (key == null || answer == null || answer.status() < 200 || answer.status() > 299
        || answer.body().length > MAX_ENTRY_BYTES) {
      return;
    }
    cache.put(key, answer);
  }

  @Override
  public long size() {
    return cache.estimatedSize();
  }

  /** Runs pending evictions now (tests). */
  void cleanUp() {
    cache.cleanUp();
  }

  static int slots(CachedAnswer answer) {
    return Math.max(1, (answer.body().length + SLOT_BYTES - 1) / SLOT_BYTES);
  }
}
