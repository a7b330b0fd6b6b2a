package ai.rivano.gateway.cloud;

import ai.rivano.gateway.audit.AuditRecord;
import ai.rivano.gateway.audit.AuditRecord.Attempt;
import ai.rivano.gateway.audit.AuditRecord.Decision;
import ai.rivano.gateway.audit.AuditRecord.PolicyFired;
import ai.rivano.gateway.testing.Futures;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Trace ingest: metadata only, in batches, from a bounded buffer, with backoff, flushed when the node stops. */
@ExtendWith(VertxExtension.class)
class TraceIngestTest {

  /** Text a request could carry, placed wherever a record has free text; none of it may reach the control plane. */
  private static final List<String> SENTINELS = List.of("SENTINEL_MESSAGE_TEXT", "jane.sentinel@example.com",
      "078-05-1120", "sk-SENTINEL-PROVIDER-KEY", CloudNode.API_KEY);

  @TempDir
  Path dir;

  @Test
  void aBatchCarriesTheWhitelistedMetadataAndNoContentPiiValueOrKey(Vertx vertx) {
    ControlPlaneStub plane = ControlPlaneStub.start(vertx);
    CloudNode node = CloudNode.deploy(vertx, CloudNode.settings(plane.baseUrl(), dir), new JsonArray());

    node.state.traces().accept(sentinelRecord("trace_0000000000000001"));
    node.state.traces().accept(plainRecord("trace_0000000000000002"));
    await().atMost(Duration.ofSeconds(5)).until(() -> !plane.ingestCalls().isEmpty());

    ControlPlaneStub.Seen call = plane.ingestCalls().get(0);
    assertEquals("POST", call.method());
    assertEquals("Bearer " + CloudNode.API_KEY, call.headers().get("Authorization"));
    assertTrue(call.headers().get("Content-Type").startsWith("application/json"));
    String raw = call.body().toString();
    SENTINELS.forEach(s -> assertFalse(raw.contains(s), "sent: " + s + " in " + raw));

    JsonObject body = call.json();
    assertEquals(Set.of("traces"), body.fieldNames());
    JsonArray traces = body.getJsonArray("traces");
    assertEquals(2, traces.size());
    JsonObject t = traces.getJsonObject(0);
    assertEquals(new HashSet<>(TraceMetadata.FIELDS), t.fieldNames(), "exactly the whitelisted fields");
    assertEquals("trace_0000000000000001", t.getString("id"));
    assertEquals("success", t.getString("status"));
    assertEquals(812, t.getLong("input_tokens"));
    assertEquals(64, t.getLong("output_tokens"));
    assertEquals(0.0042, t.getDouble("cost_usd"));
    assertEquals(930, t.getLong("duration_ms"));
    assertEquals(0.35, t.getDouble("injection_score"));
    assertEquals(new JsonArray().add("email").add("ssn"), t.getJsonArray("pii_detected"), "types only, never a value");
    assertEquals(new JsonArray().add(new JsonObject().put("name", "redact-pii").put("action", "redact"))
        .add(new JsonObject().put("name", "odd").put("action", "other")), t.getJsonArray("policies_fired"));
    assertEquals("openai", t.getString("model_provider"));
    assertEquals("gpt-4o", t.getString("model_name"));
    assertEquals("2026-01-02T03:04:05Z", t.getString("created_at"));
    assertEquals("support-bot", t.getString("agent"));
    assertEquals("/openai/v1/chat/completions", t.getString("path"), "the query string is not sent");
    assertEquals(200, t.getInteger("http_status"));
    assertEquals("redacted", t.getString("decision"));
    assertTrue(t.getBoolean("fallback_used"));
    assertFalse(t.getBoolean("cached"));
    assertTrue(t.getBoolean("stream"));
    assertEquals("node-1", t.getString("node"));
    assertEquals(new JsonArray()
            .add(new JsonObject().put("provider", "openai").put("outcome", "other").put("duration_ms", 400L))
            .add(new JsonObject().put("provider", "anthropic").put("outcome", "ok").put("duration_ms", 500L)),
        t.getJsonArray("attempts"), "an outcome that is not a short token (an upstream message) becomes other");
    assertNull(traces.getJsonObject(1).getValue("cost_usd"), "an unknown price stays null");

    await().atMost(Duration.ofSeconds(2)).until(() -> ingest(node).getLong("sent") == 2);
    assertEquals(1, ingest(node).getLong("batches"));
    assertEquals(0, ingest(node).getLong("pending"));
  }

  @Test
  void whenTheBufferIsFullTheOldestAreDroppedAndCounted(Vertx vertx) {
    ControlPlaneStub plane = ControlPlaneStub.start(vertx);
    CloudSyncSettings settings = CloudNode.settings(plane.baseUrl(), dir)
        .withClocks(CloudNode.INTERVAL, Duration.ofSeconds(1), Duration.ofHours(1)) // no send until the flush
        .withIngest(100, 5, Duration.ofSeconds(1), Duration.ofSeconds(2));
    CloudNode node = CloudNode.deploy(vertx, settings, new JsonArray());

    IntStream.rangeClosed(1, 12).forEach(i -> node.state.traces().accept(plainRecord("trace_" + i)));
    assertEquals(7, ingest(node).getLong("dropped"));
    assertEquals(5, ingest(node).getLong("pending"));
    assertEquals(12, ingest(node).getLong("accepted"));

    Futures.await(node.sync.flush(System.currentTimeMillis() + 5_000));
    JsonArray sent = plane.ingestCalls().get(0).json().getJsonArray("traces");
    assertEquals(List.of("trace_8", "trace_9", "trace_10", "trace_11", "trace_12"),
        sent.stream().map(o -> ((JsonObject) o).getString("id")).toList(), "the newest are kept");
  }

  @Test
  void aFailedBatchIsRetriedAfterRetryAfterAndNotLost(Vertx vertx) {
    ControlPlaneStub plane = ControlPlaneStub.start(vertx);
    plane.ingestFault((request, body) -> {
      plane.ingestFault(null); // once
      ControlPlaneStub.status(429, "Retry-After", "2").accept(request, body);
    });
    CloudNode node = CloudNode.deploy(vertx, CloudNode.settings(plane.baseUrl(), dir), new JsonArray());
    node.state.traces().accept(plainRecord("trace_a"));
    node.state.traces().accept(plainRecord("trace_b"));

    await().atMost(Duration.ofSeconds(10)).until(() -> plane.ingestCalls().size() >= 2);
    List<ControlPlaneStub.Seen> calls = plane.ingestCalls();
    assertEquals(calls.get(0).json(), calls.get(1).json(), "the same batch again");
    long gapMs = (calls.get(1).atNanos() - calls.get(0).atNanos()) / 1_000_000;
    assertTrue(gapMs >= 1_900, "Retry-After: 2 honoured, retried after " + gapMs + " ms");
    await().atMost(Duration.ofSeconds(2)).until(() -> ingest(node).getLong("sent") == 2);
    assertEquals(1, ingest(node).getLong("failedAttempts"));
  }

  @Test
  void aServerErrorBacksOffAndARefusedBatchIsDroppedAndCounted(Vertx vertx) {
    ControlPlaneStub plane = ControlPlaneStub.start(vertx).ingestFault(ControlPlaneStub.status(503));
    CloudNode node = CloudNode.deploy(vertx, CloudNode.settings(plane.baseUrl(), dir)
        .withIngest(500, 100, Duration.ofMillis(200), Duration.ofSeconds(1)), new JsonArray());
    node.state.traces().accept(plainRecord("trace_a"));

    await().atMost(Duration.ofSeconds(10)).until(() -> ingest(node).getLong("failedAttempts") >= 2);
    assertEquals(0, ingest(node).getLong("sent"));
    assertTrue(ingest(node).getString("lastError").contains("503"), ingest(node).encode());

    plane.ingestFault(ControlPlaneStub.status(400));
    await().atMost(Duration.ofSeconds(10)).until(() -> ingest(node).getLong("rejected") == 1);
    plane.ingestFault(null);
    node.state.traces().accept(plainRecord("trace_b"));
    await().atMost(Duration.ofSeconds(5)).until(() -> ingest(node).getLong("sent") == 1);
  }

  @Test
  void theFlushIsBoundedWhenTheControlPlaneHangs(Vertx vertx) {
    ControlPlaneStub plane = ControlPlaneStub.start(vertx).ingestFault(ControlPlaneStub.hang());
    CloudSyncSettings settings = CloudNode.settings(plane.baseUrl(), dir)
        .withClocks(CloudNode.INTERVAL, Duration.ofSeconds(30), Duration.ofHours(1));
    CloudNode node = CloudNode.deploy(vertx, settings, new JsonArray());
    node.state.traces().accept(plainRecord("trace_a"));

    long start = System.nanoTime();
    Futures.await(node.sync.flush(System.currentTimeMillis() + 1_000));
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertTrue(tookMs < 5_000, "bounded by the deadline (1 s), took " + tookMs + " ms");
    assertEquals(1, ingest(node).getLong("abandonedAtShutdown"));
  }

  private static JsonObject ingest(CloudNode node) {
    return node.state.toJson().getJsonObject("ingest");
  }

  /** Every free-text field that could carry request text, a PII value or a key holds one. */
  static AuditRecord sentinelRecord(String id) {
    return new AuditRecord(id, "success", 812, 64, 0.0042, 930, 0.35,
        List.of("email", "jane.sentinel@example.com", "ssn", "078-05-1120"),
        List.of(new PolicyFired("redact-pii", "redact"), new PolicyFired("odd", "block SENTINEL_MESSAGE_TEXT")),
        "openai", "gpt-4o", Instant.parse("2026-01-02T03:04:05Z"), "support-bot",
        "/openai/v1/chat/completions?key=sk-SENTINEL-PROVIDER-KEY&q=SENTINEL_MESSAGE_TEXT", 200, Decision.REDACTED,
        true, false, true, "node-1",
        List.of(new Attempt("openai", "upstream said: SENTINEL_MESSAGE_TEXT", 400), new Attempt("anthropic", "ok", 500)));
  }

  static AuditRecord plainRecord(String id) {
    return new AuditRecord(id, "success", 10, 5, null, 20, null, List.of(), List.of(), "echo", "m",
        Instant.parse("2026-01-02T03:04:05Z"), null, "/v1/chat/completions", 200, Decision.ALLOWED, false, false,
        false, "node-1", List.of(new Attempt("echo", "ok", 1)));
  }
}
