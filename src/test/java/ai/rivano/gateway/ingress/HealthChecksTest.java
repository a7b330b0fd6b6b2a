package ai.rivano.gateway.ingress;

import ai.rivano.gateway.testing.Http;
import ai.rivano.gateway.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code /health} composed of Health Checks procedures: an audit sink that cannot keep up degrades the node (still
 * 200), the control plane's message wins over it, draining turns it 503; the body keeps the user's page's shape.
 */
@ExtendWith(VertxExtension.class)
class HealthChecksTest {

  @Test
  void anAuditSinkThatFallsBehindDegradesTheNodeButKeepsItInService(Vertx vertx) {
    TestGateway gateway = TestGateway.start(vertx, "gateway:\n  providers:\n    echo: {}\n");
    AtomicBoolean auditOk = new AtomicBoolean(true);
    gateway.node().state().auditHealth(auditOk::get);
    Http http = new Http(vertx);
    assertEquals("ok", http.get(gateway.url("/health")).json().getString("status"));

    auditOk.set(false);
    Http.Response degraded = http.get(gateway.url("/health"));
    assertEquals(200, degraded.status());
    JsonObject body = degraded.json();
    assertEquals(Set.of("status", "uptime", "provider", "cloudSync", "message"), body.fieldNames());
    assertEquals("degraded", body.getString("status"));
    assertEquals(HealthHandler.AUDIT_MESSAGE, body.getString("message"));

    auditOk.set(true);
    assertEquals("ok", http.get(gateway.url("/health")).json().getString("status"), "recovers");
  }

  @Test
  void theControlPlaneMessageWinsAndDrainingIs503(Vertx vertx) {
    TestGateway gateway = TestGateway.start(vertx, "gateway:\n  providers:\n    echo: {}\n  cloud: { apiKey: rv_test }\n");
    gateway.node().state().auditHealth(() -> false);
    Http http = new Http(vertx);
    Http.Response both = http.get(gateway.url("/health"));
    assertEquals(200, both.status());
    assertEquals(HealthHandler.DEGRADED_MESSAGE, both.json().getString("message"));
    assertEquals(Boolean.FALSE, both.json().getBoolean("cloudSync"));

    Http.Response head = http.send(io.vertx.core.http.HttpMethod.HEAD, gateway.url("/health"), null, null);
    assertEquals(200, head.status());

    gateway.node().state().startDraining();
    Http.Response draining = http.get(gateway.url("/health"));
    assertEquals(503, draining.status());
    assertEquals("unavailable", draining.json().getString("status"));
    assertEquals("Node is draining — shutting down", draining.json().getString("message"));
  }
}
