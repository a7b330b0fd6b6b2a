package ai.rivano.gateway.ingress;

import ai.rivano.gateway.errors.GatewayError;
import ai.rivano.gateway.config.GatewayConfig;
import ai.rivano.gateway.middleware.RateLimiter;
import ai.rivano.gateway.node.NodeState;
import ai.rivano.gateway.routing.ProviderResolver;
import ai.rivano.gateway.routing.RequestRouter;
import ai.rivano.gateway.routing.relay.IdleClock;
import ai.rivano.gateway.routing.ProviderResolver.Resolution;
import ai.rivano.gateway.routing.translate.WireFormat;
import ai.rivano.gateway.stats.RequestCounters;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * The proxy route: runs the pipeline steps for one request, in the documented order, then relays the upstream
 * answer. Steps that reject answer the client themselves and stop the flow.
 *
 * <p>The request body is read into memory (bounded by {@code maxBodyBytes}) because a request may have to be
 * replayed to a fallback and middleware reads it; LLM requests are kilobytes. The response is never buffered: it
 * is piped to the client as it arrives, with back-pressure.
 */
final class ProxyHandler {

  private final NodeState node;
  private final GatewayConfig config;
  private final ProviderResolver resolver;
  private final ClientAddress clientAddress;
  private final RateLimiter rateLimiter;
  private final RequestCounters counters;
  private final RequestRouter router;
  private final String defaultProvider;

  private final RequestBodyReader bodyReader;

  ProxyHandler(Vertx vertx, NodeState node, RequestRouter router) {
    this.node = node;
    this.config = node.config();
    this.resolver = new ProviderResolver(config);
    this.clientAddress = new ClientAddress(config.trustedProxies());
    this.rateLimiter = node.rateLimiter();
    this.counters = node.counters();
    this.router = router;
    this.defaultProvider = config.defaultProvider().name();
    this.bodyReader = new RequestBodyReader(vertx, node);
  }

  void handle(HttpServerRequest request) {
    Resolution resolution = resolver.resolve(request.getHeader(ProviderResolver.PROVIDER_HEADER), request.uri());
    Exchange exchange = new Exchange(request, resolution.ok() ? resolution.provider().name() : defaultProvider, counters);
    exchange.clientFormat = WireFormat.ofClientPath(RequestRouter.pathOf(resolution.forwardPath()));
    if (node.draining()) {
      exchange.response.putHeader(HttpHeaders.CONNECTION, "close");
    }
    if (!admitted(exchange)) {
      return;
    }
    if (!resolution.ok()) {
      reject(exchange, GatewayError.INVALID_REQUEST, resolution.error());
      return;
    }
    bodyReader.read(exchange).onSuccess(body -> forward(exchange, resolution, body));
  }

  /** Step 1, the rate limiter. */
  private boolean admitted(Exchange exchange) {
    if (!rateLimiter.enabled()) {
      return true;
    }
    RateLimiter.Decision decision = rateLimiter.acquire(clientAddress.of(exchange.request));
    exchange.response.headers()
        .set("X-RateLimit-Limit", Long.toString(decision.limit()))
        .set("X-RateLimit-Remaining", Long.toString(decision.remaining()))
        .set("X-RateLimit-Reset", Long.toString(decision.resetSeconds()));
    if (decision.allowed()) {
      return true;
    }
    exchange.response.putHeader(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
    reject(exchange, GatewayError.RATE_LIMITED, "rate limit of " + decision.limit()
        + " requests per minute exceeded for this client; retry after " + decision.retryAfterSeconds() + " s");
    return false;
  }

  /** Step 5, the provider proxy: routing takes over (attempts, failover, streams). */
  private void forward(Exchange exchange, Resolution resolution, Buffer body) {
    router.route(exchange, resolution.provider(), resolution.forwardPath(), body);
  }

  private void reject(Exchange exchange, GatewayError error, String message) {
    exchange.fail(error, message);
  }

}
