package ai.rivano.gateway.middleware.ratelimit;

import ai.rivano.gateway.audit.AuditRecord.Decision;
import ai.rivano.gateway.errors.GatewayError;
import ai.rivano.gateway.middleware.RateLimiter;
import ai.rivano.gateway.observability.GatewayMetrics;
import ai.rivano.gateway.pipeline.Rejection;
import ai.rivano.gateway.pipeline.RequestContext;
import ai.rivano.gateway.pipeline.RequestStep;
import io.vertx.core.http.HttpHeaders;

/**
 * Step 1, the rate limiter: {@code rateLimit} requests per minute per client IP. Every proxied answer carries the
 * {@code X-RateLimit-*} figures; a client over its allowance gets 429 with {@code Retry-After} before its body is
 * read.
 */
public final class RateLimitStep implements RequestStep {

  private final RateLimiter limiter;
  private final GatewayMetrics metrics;

  public RateLimitStep(RateLimiter limiter, GatewayMetrics metrics) {
    this.limiter = limiter;
    this.metrics = metrics;
  }

  @Override
  public String id() {
    return "rate-limit";
  }

  @Override
  public Rejection onRequest(RequestContext ctx) {
    RateLimiter.Decision decision = limiter.acquire(ctx.clientIp());
    ctx.exit()
        .header("X-RateLimit-Limit", Long.toString(decision.limit()))
        .header("X-RateLimit-Remaining", Long.toString(decision.remaining()))
        .header("X-RateLimit-Reset", Long.toString(decision.resetSeconds()));
    if (decision.allowed()) {
      return null;
    }
    metrics.rateLimited();
    ctx.exit().header(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
    return new Rejection(GatewayError.RATE_LIMITED, "rate limit of " + decision.limit()
        + " requests per minute exceeded for this client; retry after " + decision.retryAfterSeconds() + " s",
        Decision.RATE_LIMITED);
  }
}
