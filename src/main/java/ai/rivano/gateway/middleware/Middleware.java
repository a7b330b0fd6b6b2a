package ai.rivano.gateway.middleware;

import ai.rivano.gateway.audit.UsageStep;
import ai.rivano.gateway.config.GatewayConfig;
import ai.rivano.gateway.observability.GatewayMetrics;
import ai.rivano.gateway.middleware.policy.RequestPolicyStep;
import ai.rivano.gateway.middleware.policy.ResponsePolicyStep;
import ai.rivano.gateway.middleware.policy.TokenRestoreStep;
import ai.rivano.gateway.middleware.ratelimit.RateLimitStep;
import ai.rivano.gateway.pipeline.GuardrailChain;

/**
 * Assembles the guardrail chain from {@code gateway.middleware}, in the documented order (SPEC §6): rate limit →
 * PII → injection → request policies → (provider) → response PII → response policies → (audit). A step that is
 * switched off is simply not in the chain, so it costs nothing.
 */
public final class Middleware {

  private Middleware() {
  }

  public static GuardrailChain chain(GatewayConfig config, RateLimiter rateLimiter, GatewayMetrics metrics) {
    GuardrailChain.Builder chain = GuardrailChain.builder();
    if (rateLimiter.enabled()) {
      chain.admission(new RateLimitStep(rateLimiter, metrics));
    }
    chain.inspection(new RequestPolicyStep()); // a no-op for a request no policy applies to
    UsageStep usage = new UsageStep(); // first of the response steps: what the provider reported, before rewrites
    chain.response(usage).stream(usage);
    chain.response(new ResponsePolicyStep());
    chain.stream(new TokenRestoreStep()); // last: the client's own values come back after every other step
    return chain.build();
  }
}
