package ai.rivano.gateway.routing;

import ai.rivano.gateway.config.GatewayConfig;
import ai.rivano.gateway.ingress.BufferBudget;
import ai.rivano.gateway.middleware.cache.CacheStage;
import ai.rivano.gateway.observability.GatewayMetrics;
import ai.rivano.gateway.pipeline.RequestContext;
import ai.rivano.gateway.routing.failover.ProviderCircuits;
import ai.rivano.gateway.routing.failover.RoutePlan;
import ai.rivano.gateway.routing.translate.WireFormat;
import io.vertx.core.Vertx;

/**
 * Step 5, the provider proxy: plans the providers that may serve the request ({@link RoutePlan}) and runs a
 * {@link ProxyFlow} over that plan. The body was parsed once at the entrypoint; its model and stream flag are in
 * the {@link RequestContext}.
 */
public final class RequestRouter {

  private final Vertx vertx;
  private final UpstreamConnector connector;
  private final ProviderCircuits circuits;
  private final GatewayConfig config;
  private final CacheStage cache;
  private final GatewayMetrics metrics;
  private final BufferBudget budget;

  /** @param cache the response cache's stage, or null when the cache is off */
  public RequestRouter(Vertx vertx, UpstreamConnector connector, ProviderCircuits circuits, GatewayConfig config,
                       CacheStage cache, GatewayMetrics metrics, BufferBudget budget) {
    this.metrics = metrics;
    this.budget = budget;
    this.vertx = vertx;
    this.connector = connector;
    this.circuits = circuits;
    this.config = config;
    this.cache = cache;
  }

  public void route(RequestContext ctx) {
    boolean chat = ctx.json() != null && isChatPath(ctx.path(), ctx.clientFormat());
    RoutePlan plan = RoutePlan.of(config, ctx.addressed(), ctx.clientFormat(), ctx.requestedModel(), chat);
    new ProxyFlow(vertx, connector, circuits, cache, metrics, budget, ctx, plan).start();
  }

  /** True for the chat endpoint of the client's dialect (the bodies the gateway reads, checks and translates). */
  public static boolean isChatPath(String path, WireFormat format) {
    return switch (format) {
      case OPENAI_CHAT -> path.endsWith("/chat/completions");
      case ANTHROPIC_MESSAGES -> path.endsWith("/messages");
      case GEMINI -> path.contains(":generateContent") || path.contains(":streamGenerateContent");
    };
  }

  /** The path of a request target, without its query string. */
  public static String pathOf(String uri) {
    int q = uri.indexOf('?');
    return q < 0 ? uri : uri.substring(0, q);
  }
}
