package ai.rivano.gateway.middleware.cache;

/**
 * The response cache (SPEC §6): exact-match, non-streaming 2xx answers only, bounded by TTL and size. Lookups
 * happen on the request path, so an implementation must answer from local memory (the clustered one keeps a
 * near cache and writes through asynchronously); a miss is never worse than no cache.
 */
public interface ResponseCache {

  /** The cached answer for {@code key}, or null. Never blocks on a remote call. */
  CachedAnswer get(String key);

  /** Stores an answer; may complete asynchronously (never awaited on the request path). */
  void put(String key, CachedAnswer answer);

  /** Entries held locally (status, metrics). */
  long size();
}
