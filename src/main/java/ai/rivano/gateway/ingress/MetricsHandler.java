package ai.rivano.gateway.ingress;

import ai.rivano.gateway.config.Cidr;
import ai.rivano.gateway.errors.GatewayError;
import ai.rivano.gateway.observability.GatewayMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

import java.util.List;

/**
 * {@code GET /metrics}: the Prometheus text format (OpenMetrics when the scraper asks for it). Loopback-only (direct, no forwarding headers) unless
 * {@code gateway.metrics.allow} lists the scraper's network; anyone else gets the 404 of an unknown path. The
 * scrape walks every series, so it runs on a worker thread, not on the event loop.
 */
final class MetricsHandler {

  static final String PATH = "/metrics";

  private final Vertx vertx;
  private final GatewayMetrics metrics;
  private final String provider;
  private final List<Cidr> allowed;

  MetricsHandler(Vertx vertx, GatewayMetrics metrics, String provider, List<String> allow) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.provider = provider;
    this.allowed = allow.stream().map(Cidr::parse).toList();
  }

  void handle(HttpServerRequest request) {
    Exchange exchange = new Exchange(request, provider, null);
    if (!AdminAccess.isLocalOrAllowed(request, allowed)) {
      exchange.fail(GatewayError.NOT_FOUND, "not found");
      return;
    }
    String accept = request.getHeader(HttpHeaders.ACCEPT);
    vertx.executeBlocking(() -> metrics.scrape(accept), false).onComplete(done -> {
      if (done.failed()) {
        exchange.fail(GatewayError.INTERNAL_ERROR, "metrics unavailable");
        return;
      }
      if (!exchange.response.ended() && !exchange.response.closed()) {
        exchange.response.setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, done.result().contentType())
            .end(done.result().body());
      }
    });
  }
}
