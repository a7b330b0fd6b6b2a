package ai.rivano.gateway.middleware;

/**
 * Per-client-IP limit of {@code limit} requests per minute (GCRA, see {@link Gcra}): a client can spend its whole
 * minute's allowance at once, and then gets one more request every {@code 60 s / limit}.
 *
 * <p>{@link #acquire} runs synchronously on the ingress event loop for every request, so no implementation may
 * wait on anything remote: standalone nodes use {@link LocalRateLimiter}; clustered nodes use the cluster limiter,
 * which decides from local state and shares counts asynchronously (see {@code docs/cluster.md}).
 *
 * <p>Thread-safe: ingress instances on several event loops share one limiter per node.
 */
public interface RateLimiter {

  /** The outcome of one request, with what the {@code X-RateLimit-*} and {@code Retry-After} headers need. */
  record Decision(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {

    /** The answer of a disabled limiter ({@code rateLimit: 0}). */
    public static final Decision UNLIMITED = new Decision(true, 0, 0, 0, 0);
  }

  /** Nanosecond time source, replaceable in tests. */
  interface Clock {
    long nanoTime();
  }

  /** The node-local limiter (standalone). */
  static RateLimiter local(long limitPerMinute) {
    return new LocalRateLimiter(limitPerMinute);
  }

  /** Requests per minute per client; 0 disables the limiter. */
  long limit();

  default boolean enabled() {
    return limit() > 0;
  }

  /** Counts one request of {@code client} and says whether it may pass. Never blocks. */
  Decision acquire(String client);

  /** Forgets clients whose allowance is full again; called periodically so memory stays bounded. */
  int sweep();

  /** Clients currently tracked on this node. */
  int trackedClients();
}
