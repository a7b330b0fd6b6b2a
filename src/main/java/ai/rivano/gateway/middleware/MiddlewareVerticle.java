package ai.rivano.gateway.middleware;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * Owns the middleware state of this node (today: the rate limiter's table) and its housekeeping. The checks
 * themselves run inline on the ingress event loop (see {@code docs/architecture.md}: a bus round trip per
 * request would cost more than the whole proxy budget).
 */
public final class MiddlewareVerticle extends VerticleBase {

  private static final long SWEEP_INTERVAL_MS = 30_000;

  private final RateLimiter rateLimiter;

  public MiddlewareVerticle(RateLimiter rateLimiter) {
    this.rateLimiter = rateLimiter;
  }

  @Override
  public Future<?> start() {
    if (rateLimiter.enabled()) {
      vertx.setPeriodic(SWEEP_INTERVAL_MS, id -> rateLimiter.sweep());
    }
    return Future.succeededFuture();
  }
}
