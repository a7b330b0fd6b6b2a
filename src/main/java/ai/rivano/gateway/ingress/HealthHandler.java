package ai.rivano.gateway.ingress;

import ai.rivano.gateway.cloud.CloudSyncState;
import ai.rivano.gateway.node.NodeState;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;

import java.util.HashMap;
import java.util.Map;

/**
 * {@code GET /health}: never calls a provider and is never rate limited. Composed of Vert.x Health Checks
 * procedures, each reading this node's state (no bus hop):
 * <ul>
 *   <li>{@code drain} and {@code providers} (some circuit not open) — either down: 503 {@code unavailable}, so a
 *       load balancer takes the node out;</li>
 *   <li>{@code cloud-sync} and {@code audit-queue} — down: still 200, {@code degraded}, with the first one's
 *       message (the control plane's is the user's page's wording).</li>
 * </ul>
 * The body keeps the user's page's shape: {@code {"status","uptime","provider","cloudSync"[,"message"]}}.
 */
final class HealthHandler {

  static final String DEGRADED_MESSAGE = "Control plane unreachable — operating offline with cached policies";
  static final String AUDIT_MESSAGE = "Audit sink is not keeping up — audit records are being dropped";
  static final String DRAIN = "drain";
  static final String PROVIDERS = "providers";
  static final String CLOUD_SYNC = "cloud-sync";
  static final String AUDIT_QUEUE = "audit-queue";

  private final NodeState node;
  private final String provider;
  private final HealthChecks checks;

  HealthHandler(Vertx vertx, NodeState node) {
    this.node = node;
    this.provider = node.config().defaultProvider().name();
    this.checks = HealthChecks.create(vertx)
        .register(DRAIN, p -> p.complete(node.draining() ? down("Node is draining — shutting down") : Status.OK()))
        .register(PROVIDERS, p -> p.complete(node.circuits().anyAvailable() ? Status.OK()
            : down("No provider can take traffic — every circuit is open")))
        .register(CLOUD_SYNC, p -> {
          CloudSyncState cloud = node.cloudSync();
          p.complete(cloud.enabled() && !cloud.connected()
              ? Status.KO(cloud.healthDetail().put("message", DEGRADED_MESSAGE)) : Status.OK());
        })
        .register(AUDIT_QUEUE, p -> p.complete(node.auditHealthy() ? Status.OK() : down(AUDIT_MESSAGE)));
  }

  void handle(HttpServerRequest request) {
    Exchange exchange = new Exchange(request, provider, null);
    checks.checkStatus().onComplete(done -> {
      Map<String, CheckResult> byId = new HashMap<>();
      if (done.succeeded() && done.result().getChecks() != null) {
        done.result().getChecks().forEach(c -> byId.put(c.getId(), c));
      }
      JsonObject body = new JsonObject()
          .put("status", "ok")
          .put("uptime", node.uptimeSeconds())
          .put("provider", provider)
          .put("cloudSync", node.cloudSync().connected());
      String unavailable = firstDown(byId, DRAIN, PROVIDERS);
      if (unavailable != null || done.failed()) {
        body.put("status", "unavailable").put("message", unavailable != null ? unavailable : "health check failed");
        exchange.json(503, body);
        return;
      }
      CheckResult cloud = byId.get(CLOUD_SYNC);
      String degraded = firstDown(byId, CLOUD_SYNC, AUDIT_QUEUE);
      if (degraded != null) {
        body.put("status", "degraded").put("message", degraded);
        if (cloud != null && !CheckResult.isUp(cloud) && cloud.getData() != null) {
          cloud.getData().forEach(e -> body.put(e.getKey(), e.getValue())); // why, and the policies in force meanwhile
        }
      }
      exchange.json(200, body);
    });
  }

  /** The message of the first procedure among {@code ids} that is down, or null when all are up. */
  private static String firstDown(Map<String, CheckResult> byId, String... ids) {
    for (String id : ids) {
      CheckResult result = byId.get(id);
      if (result != null && !CheckResult.isUp(result)) {
        JsonObject data = result.getData();
        return data != null && data.getString("message") != null ? data.getString("message") : id + " is down";
      }
    }
    return null;
  }

  private static Status down(String message) {
    return Status.KO(new JsonObject().put("message", message));
  }
}
