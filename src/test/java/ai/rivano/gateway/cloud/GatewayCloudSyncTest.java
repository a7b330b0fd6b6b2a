package ai.rivano.gateway.cloud;

import ai.rivano.gateway.testing.Http;
import ai.rivano.gateway.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import static ai.rivano.gateway.cloud.ControlPlaneStub.policy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cloud sync inside a whole gateway node started from YAML: {@code /health} and the status endpoint follow the
 * control plane, a hanging control plane never slows {@code /health}, a restart during an outage says it enforces
 * the persisted set, and the drain sends the last traces.
 */
@ExtendWith(VertxExtension.class)
class GatewayCloudSyncTest {

  private static final String DEGRADED = "Control plane unreachable — operating offline with cached policies";

  @TempDir
  Path dir;

  private TestGateway gateway(Vertx vertx, String baseUrl, int timeoutMs) {
    return TestGateway.start(vertx, """
        gateway:
          providers:
            echo: {}
          cloud:
            apiKey: "${RIVANO_API_KEY}"
            baseUrl: "%s"
            syncInterval: 1
            timeoutMs: %d
            cacheFile: "%s"
        """.formatted(baseUrl, timeoutMs, dir.resolve("policies.json")),
        java.util.Map.of("RIVANO_API_KEY", CloudNode.API_KEY));
  }

  @Test
  void healthAndStatusFollowTheControlPlane(Vertx vertx) {
    ControlPlaneStub plane = ControlPlaneStub.start(vertx).policies(new JsonArray().add(policy("a", "alpha")));
    TestGateway gateway = gateway(vertx, plane.baseUrl(), 1_000);
    Http http = new Http(vertx);

    await().atMost(Duration.ofSeconds(5)).until(() -> http.get(gateway.url("/health")).json().getBoolean("cloudSync"));
    Http.Response health = http.get(gateway.url("/health"));
    assertEquals(200, health.status());
    assertEquals(Set.of("status", "uptime", "provider", "cloudSync"), health.json().fieldNames(), health.text());
    assertEquals("ok", health.json().getString("status"));

    JsonObject status = http.get(gateway.url("/_rivano/status")).json();
    assertEquals("connected", status.getString("cloudSync"));
    assertTrue(status.getLong("lastSyncMillis") > 0);
    JsonObject cloud = status.getJsonObject("cloud");
    assertEquals(1, cloud.getJsonObject("sync").getLong("updated"));
    assertEquals(1, cloud.getJsonObject("policies").getInteger("remote"));
    assertTrue(cloud.getJsonObject("ingest").containsKey("dropped"));
    assertTrue(cloud.getBoolean("leader"));
    assertFalse(status.encode().contains(CloudNode.API_KEY), "the key is never in an endpoint");

    plane.policiesFault(ControlPlaneStub.status(401));
    await().atMost(Duration.ofSeconds(5)).until(() -> !http.get(gateway.url("/health")).json().getBoolean("cloudSync"));
    health = http.get(gateway.url("/health"));
    assertEquals(200, health.status(), "degraded is still 200");
    assertEquals("degraded", health.json().getString("status"));
    assertEquals(DEGRADED, health.json().getString("message"));
    assertEquals("api_key_rejected", health.json().getString("reason"));
    assertEquals("api_key_rejected", http.get(gateway.url("/_rivano/status")).json().getJsonObject("cloud").getString("reason"));
    assertFalse(health.text().contains(CloudNode.API_KEY));
  }

  @Test
  void aRemotePolicyIsEnforcedWithinOneIntervalAndLiftedWhenRemoved(Vertx vertx) {
    ControlPlaneStub plane = ControlPlaneStub.start(vertx).policies(new JsonArray());
    TestGateway gateway = gateway(vertx, plane.baseUrl(), 1_000);
    Http http = new Http(vertx);
    JsonObject request = Http.chatRequest("echo-1", "tell me about project nightingale");
    assertEquals(200, http.postJson(gateway.url("/v1/chat/completions"), request.copy()).status());

    plane.policies(new JsonArray().add(policy("no-nightingale", "(?i)nightingale")));
    await().atMost(Duration.ofSeconds(5)).until(() ->
        http.postJson(gateway.url("/v1/chat/completions"), request.copy()).status() == 403);
    Http.Response blocked = http.postJson(gateway.url("/v1/chat/completions"), request.copy());
    assertEquals("policy_violation", blocked.json().getJsonObject("error").getString("code"));
    assertTrue(blocked.json().getJsonObject("error").getString("message").contains("no-nightingale"), blocked.text());

    plane.policies(new JsonArray());
    await().atMost(Duration.ofSeconds(5)).until(() ->
        http.postJson(gateway.url("/v1/chat/completions"), request.copy()).status() == 200);
  }

  @Test
  void aHangingControlPlaneIsBoundedByTheTimeoutAndHealthKeepsAnsweringAtOnce(Vertx vertx) {
    ControlPlaneStub plane = ControlPlaneStub.start(vertx).policiesFault(ControlPlaneStub.hang());
    TestGateway gateway = gateway(vertx, plane.baseUrl(), 500);
    Http http = new Http(vertx);

    long slowestMs = 0;
    long until = System.nanoTime() + 3_000_000_000L;
    while (System.nanoTime() < until) { // bounded: 3 s of /health calls while every poll hangs
      long start = System.nanoTime();
      assertEquals(200, http.get(gateway.url("/health")).status());
      slowestMs = Math.max(slowestMs, (System.nanoTime() - start) / 1_000_000);
    }
    assertTrue(slowestMs < 1_000, "/health never waits for the control plane; slowest " + slowestMs + " ms");
    System.out.println("control plane hanging: slowest /health " + slowestMs + " ms");
    JsonObject cloud = http.get(gateway.url("/_rivano/status")).json().getJsonObject("cloud");
    assertTrue(cloud.getString("lastError").contains("timed out after 500 ms"), cloud.encode());
    assertTrue(cloud.getJsonObject("sync").getLong("failed") >= 2, "each poll gave up and the next one ran: " + cloud);
  }

  @Test
  void aRestartDuringAnOutageSaysItEnforcesThePersistedSet(Vertx vertx) throws Exception {
    String closed = "http://127.0.0.1:" + TestGateway.freePort();
    new PolicyCache(dir.resolve("policies.json")).write(new PolicyCache.Entry("\"v7\"",
        System.currentTimeMillis() - 3_600_000, closed, new JsonArray().add(policy("a", "alpha"))));
    TestGateway gateway = gateway(vertx, closed, 500);
    Http http = new Http(vertx);

    Http.Response health = http.get(gateway.url("/health"));
    assertEquals(200, health.status());
    assertEquals("degraded", health.json().getString("status"));
    assertFalse(health.json().getBoolean("cloudSync"));
    assertEquals(DEGRADED, health.json().getString("message"));
    JsonObject cached = health.json().getJsonObject("cachedPolicies");
    assertEquals("persisted", cached.getString("source"), health.text());
    assertEquals("\"v7\"", cached.getString("etag"));

    JsonObject status = http.get(gateway.url("/_rivano/status")).json();
    assertEquals("degraded", status.getString("cloudSync"));
    assertEquals(0, status.getLong("lastSyncMillis"));
    assertEquals("persisted", status.getJsonObject("cloud").getJsonObject("policies").getString("source"));
  }

  @Test
  void theDrainSendsTheTracesStillPending(Vertx vertx) {
    ControlPlaneStub plane = ControlPlaneStub.start(vertx);
    TestGateway gateway = gateway(vertx, plane.baseUrl(), 1_000);
    var traces = gateway.node().state().cloudSync().traces();
    traces.accept(TraceIngestTest.plainRecord("trace_last_1"));
    traces.accept(TraceIngestTest.plainRecord("trace_last_2"));

    gateway.drain(); // returns once the entrypoint has stopped and the flush is done
    String sent = plane.ingestCalls().stream().map(c -> c.body().toString()).reduce("", String::concat);
    assertTrue(sent.contains("trace_last_1") && sent.contains("trace_last_2"), sent);
    assertEquals(0, gateway.node().state().cloudSync().toJson().getJsonObject("ingest").getLong("pending"));
  }
}
