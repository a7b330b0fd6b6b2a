package ai.rivano.gateway.ingress;

import ai.rivano.gateway.errors.GatewayError;
import ai.rivano.gateway.bus.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * {@code GET /_rivano/status}, what {@code rivano-gateway status} reads. The answer comes from the status
 * verticle over the event bus. Reachable only over loopback and only directly: a request that came through a
 * proxy (it carries forwarding headers) or from another host gets the same 404 as any unknown admin path.
 */
final class StatusHandler {

  static final String PATH = "/_rivano/status";

  private final Vertx vertx;
  private final String provider;

  StatusHandler(Vertx vertx, String provider) {
    this.vertx = vertx;
    this.provider = provider;
  }

  void handle(HttpServerRequest request) {
    Exchange exchange = new Exchange(request, provider, null);
    if (!AdminAccess.isLocalDirect(request)) {
      exchange.fail(GatewayError.NOT_FOUND, "not found");
      return;
    }
    vertx.eventBus().<JsonObject>request(Addresses.STATUS_GET, new JsonObject(), Addresses.local())
        .onSuccess(reply -> exchange.json(200, reply.body()))
        .onFailure(err -> exchange.json(500, new JsonObject().put("error", "status unavailable")));
  }
}
