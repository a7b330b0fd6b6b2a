package ai.rivano.gateway.ingress;

import ai.rivano.gateway.testing.Behaviors;
import ai.rivano.gateway.testing.Http;
import ai.rivano.gateway.testing.TestGateway;
import ai.rivano.gateway.testing.UpstreamStub;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /health} and the loopback status endpoint the CLI reads (served by the status verticle over the bus). */
@ExtendWith(VertxExtension.class)
class StatusAndHealthTest {

  @Test
  void healthHasTheDocumentedShapeAndNeverCallsAProvider(Vertx vertx) {
    UpstreamStub stub = UpstreamStub.start(vertx, Behaviors.openAiChat("m", "ok"));
    TestGateway gateway = TestGateway.start(vertx, """
        gateway:
          providers:
            openai: { apiKey: sk-secret-value, baseUrl: "%s" }
          middleware: { rateLimit: 1 }
        """.formatted(stub.baseUrl()));
    Http http = new Http(vertx);
    for (int i = 0; i < 5; i++) {
      Http.Response health = http.get(gateway.url("/health"));
      assertEquals(200, health.status());
      JsonObject body = health.json();
      assertEquals("ok", body.getString("status"));
      assertEquals("openai", body.getString("provider"));
      assertEquals(Boolean.FALSE, body.getBoolean("cloudSync"));
      assertTrue(body.getLong("uptime") >= 0);
      assertEquals(4, body.size(), body.encode());
      assertFalse(health.text().contains("sk-secret-value"));
    }
    assertEquals(0, stub.count());
  }

  @Test
  void withACloudSectionButNoControlPlaneHealthIsDegradedButStill200(Vertx vertx, @TempDir Path dir) {
    // a closed loopback port: the control plane is unreachable (the test never calls out to the real one)
    TestGateway gateway = TestGateway.start(vertx, """
        gateway:
          providers:
            echo: {}
          cloud: { apiKey: rv_test, baseUrl: "http://127.0.0.1:%d", cacheFile: "%s" }
        """.formatted(TestGateway.freePort(), dir.resolve("policies.json")));
    Http.Response health = new Http(vertx).get(gateway.url("/health"));
    assertEquals(200, health.status());
    assertEquals("degraded", health.json().getString("status"));
    assertEquals("Control plane unreachable — operating offline with cached policies", health.json().getString("message"));
  }

  @Test
  void statusCountsRequestsAndSuccessesAndIsOnlyForDirectLoopbackCallers(Vertx vertx) {
    UpstreamStub stub = UpstreamStub.start(vertx, Behaviors.openAiChat("m", "ok"))
        .then(Behaviors.openAiChat("m", "ok"), Behaviors.json(404, new JsonObject().put("error", "nope")));
    TestGateway gateway = TestGateway.start(vertx, """
        gateway:
          providers:
            openai: { apiKey: sk-secret-value, baseUrl: "%s", isPrimary: true }
          middleware: { rateLimit: 0 }
        """.formatted(stub.baseUrl()));
    Http http = new Http(vertx);
    http.postJson(gateway.url("/v1/chat/completions"), Http.chatRequest("m", "a"));
    http.postJson(gateway.url("/v1/chat/completions"), Http.chatRequest("m", "b"));
    http.get(gateway.url("/health"));

    Http.Response status = http.get(gateway.url("/_rivano/status"));
    assertEquals(200, status.status());
    JsonObject report = status.json();
    assertEquals(ProcessHandle.current().pid(), report.getLong("pid"));
    assertEquals(gateway.port(), report.getInteger("port"));
    assertEquals(2, report.getJsonObject("stats").getLong("requests"), "health and status are not counted");
    assertEquals(1, report.getJsonObject("stats").getLong("successes"));
    assertEquals("openai", report.getString("provider"));
    assertEquals("primary", report.getString("providerRole"));
    assertEquals("disabled", report.getString("cloudSync"));
    assertEquals("closed", report.getJsonArray("providers").getJsonObject(0).getString("circuit"));
    JsonObject audit = report.getJsonObject("audit");
    assertEquals(0, audit.getLong("dropped"), "the audit trail's counts are in the status JSON");
    assertTrue(audit.containsKey("written") && audit.containsKey("queued") && audit.containsKey("sink"), audit.encode());
    assertFalse(status.text().contains("sk-secret-value"), "no secret in any endpoint");

    Http.Response proxied = http.send(io.vertx.core.http.HttpMethod.GET, gateway.url("/_rivano/status"),
        Http.headers("X-Forwarded-For", "203.0.113.7"), null);
    assertEquals(404, proxied.status(), "a request relayed by a proxy is treated as remote");
  }
}
