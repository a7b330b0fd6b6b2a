package ai.rivano.gateway.middleware.cache;

import ai.rivano.gateway.config.ProviderConfig;
import ai.rivano.gateway.observability.GatewayMetrics;
import ai.rivano.gateway.pipeline.RequestContext;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;

/**
 * The response cache's place in the pipeline: looked up after the request policies (a blocked or redacted request
 * is judged before any cached answer could leak) and before the provider; filled with a provider's 2xx JSON answer
 * before the response policies (which run again on every hit, with the policies in force then). Exact match on the
 * request as it would be sent ({@link CacheKey}); streams are never cached. {@code X-Rivano-Cache: HIT|MISS} on
 * every answer to a cacheable request.
 */
public final class CacheStage {

  public static final String HEADER = "X-Rivano-Cache";

  private final ResponseCache cache;
  private final GatewayMetrics metrics;

  public CacheStage(ResponseCache cache, GatewayMetrics metrics) {
    this.cache = cache;
    this.metrics = metrics;
  }

  /** Answers from the cache when it can; returns false when the request must go to a provider. */
  public boolean serve(RequestContext ctx) {
    JsonObject body = ctx.json();
    if (body == null || ctx.stream()) {
      return false;
    }
    ProviderConfig provider = ctx.addressed();
    // Under bring-your-own-key the client's credential is part of the answer's scope: never share it across keys.
    String scope = provider.hasApiKey() ? null : credential(ctx);
    String key = CacheKey.of(provider.name(), ctx.forwardUri(), body, scope);
    if (key == null) {
      return false;
    }
    ctx.cacheKey(key);
    CachedAnswer hit = cache.get(key);
    metrics.cacheLookup(hit != null);
    if (hit == null) {
      ctx.exit().header(HEADER, "MISS");
      return false;
    }
    ctx.cached(true);
    ctx.servedBy(hit.provider(), hit.model(), false);
    ctx.exit().header(HEADER, "HIT");
    Buffer bytes = Buffer.buffer(hit.body());
    JsonObject answer;
    try {
      answer = bytes.toJsonObject();
    } catch (RuntimeException e) {
      return false; // cannot happen for what store() keeps; never serve what cannot be inspected
    }
    ctx.exit().answerJson(hit.status(), null, bytes, answer);
    return true;
  }

  /** Keeps a provider's answer to a cacheable request (before the response policies rewrite it). */
  public void store(RequestContext ctx, int status, Buffer body, String model) {
    if (ctx.cacheKey() == null || status < 200 || status >= 300) {
      return;
    }
    cache.put(ctx.cacheKey(), new CachedAnswer(status, body.getBytes(), "application/json", ctx.provider(), model,
        0, 0));
  }

  private static String credential(RequestContext ctx) {
    String auth = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (auth != null) {
      return auth;
    }
    String key = ctx.request().getHeader("x-api-key");
    return key != null ? key : ctx.request().getHeader("x-goog-api-key");
  }
}
