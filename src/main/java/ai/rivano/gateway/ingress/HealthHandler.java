package ai.rivano.gateway.ingress;

import ai.rivano.gateway.cloud.CloudSyncState;
import ai.rivano.gateway.node.NodeState;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * {@code GET /health}: never calls a provider and is never rate limited. 200 with {@code ok} or
 * {@code degraded} (control plane unreachable); 503 only when this node cannot route to any provider, which
 * includes draining, so a load balancer takes the node out.
 */
final class HealthHandler {

  static final String DEGRADED_MESSAGE = "Control plane unreachable — operating offline with cached policies";

  private final NodeState node;
  private final String provider;

  HealthHandler(NodeState node) {
    this.node = node;
    this.provider = node.config().defaultProvider().name();
  }

  void handle(HttpServerRequest request) {
    Exchange exchange = new Exchange(request, provider, null);
    CloudSyncState cloudSync = node.cloudSync();
    boolean connected = cloudSync.connected();
    JsonObject body = new JsonObject()
        .put("status", "ok")
        .put("uptime", node.uptimeSeconds())
        .put("provider", provider)
        .put("cloudSync", connected);
    if (!node.canRoute()) {
      body.put("status", "unavailable").put("message", node.draining()
          ? "Node is draining — shutting down" : "No provider can take traffic — every circuit is open");
      exchange.json(503, body);
      return;
    }
    if (cloudSync.enabled() && !connected) {
      body.put("status", "degraded").put("message", DEGRADED_MESSAGE).mergeIn(cloudSync.healthDetail());
    }
    exchange.json(200, body);
  }
}
