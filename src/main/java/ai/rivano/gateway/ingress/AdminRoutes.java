package ai.rivano.gateway.ingress;

import ai.rivano.gateway.errors.GatewayError;
import ai.rivano.gateway.node.NodeState;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;

/**
 * The gateway's own endpoints on a Vert.x Web {@link Router}: {@code GET|HEAD /health}, {@code GET|HEAD /metrics}
 * (when metrics are enabled), {@code /_rivano/status}. The entrypoint asks {@link #handles} first and sends
 * everything else to the proxy handler directly: the proxy path is the hot one and a router would add a routing
 * context and a route match to every request for nothing.
 */
final class AdminRoutes {

  private final Router router;
  private final boolean metricsEnabled;

  AdminRoutes(Vertx vertx, NodeState node) {
    String provider = node.config().defaultProvider().name();
    HealthHandler health = new HealthHandler(vertx, node);
    StatusHandler status = new StatusHandler(vertx, provider);
    metricsEnabled = node.metrics().enabled();
    router = Router.router(vertx);
    router.route(HttpMethod.GET, "/health").handler(ctx -> health.handle(ctx.request()));
    router.route(HttpMethod.HEAD, "/health").handler(ctx -> health.handle(ctx.request()));
    router.route(StatusHandler.PATH).handler(ctx -> status.handle(ctx.request()));
    if (metricsEnabled) {
      MetricsHandler metrics = new MetricsHandler(vertx, node.metrics(), provider, node.config().metrics().allow());
      router.route(HttpMethod.GET, MetricsHandler.PATH).handler(ctx -> metrics.handle(ctx.request()));
      router.route(HttpMethod.HEAD, MetricsHandler.PATH).handler(ctx -> metrics.handle(ctx.request()));
    }
    // a method the route does not take: the gateway's own 404 (JSON, X-Rivano-* headers), not the router's page
    router.errorHandler(404, ctx -> new Exchange(ctx.request(), provider, null).fail(GatewayError.NOT_FOUND, "not found"));
    router.errorHandler(405, ctx -> new Exchange(ctx.request(), provider, null).fail(GatewayError.NOT_FOUND, "not found"));
  }

  /** True for the admin paths; {@code /health} only for GET and HEAD (anything else is proxied, as before). */
  boolean handles(HttpServerRequest request) {
    String path = request.path();
    HttpMethod method = request.method();
    boolean readOnly = method == HttpMethod.GET || method == HttpMethod.HEAD;
    return "/health".equals(path) && readOnly
        || StatusHandler.PATH.equals(path)
        || metricsEnabled && MetricsHandler.PATH.equals(path);
  }

  void handle(HttpServerRequest request) {
    router.handle(request);
  }
}
