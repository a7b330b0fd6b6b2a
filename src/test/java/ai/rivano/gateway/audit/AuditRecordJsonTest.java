package ai.rivano.gateway.audit;

import ai.rivano.gateway.audit.AuditRecord.Attempt;
import ai.rivano.gateway.audit.AuditRecord.Decision;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit writer streams each record with {@link AuditRecord#writeJson}: what the client sent in free text
 * (quotes, control characters, non-ASCII) and the fields that may be null come back from the line exactly.
 */
class AuditRecordJsonTest {

  @Test
  void awkwardValuesAndNullsSurviveTheLine() {
    AuditRecord record = new AuditRecord("trace_\"x\"", "error", 0, 0, null, 0, 0.0, List.of("email"), List.of(),
        null, null, AuditRecords.CREATED, "bot \u00e9\u4e2d\u6587\n\t\\ \u2028", "/v1/\u00fc", 502, Decision.ALLOWED,
        false, true, false, null, List.of(new Attempt("openai", "reset", 7)));
    JsonObject json = record.toJson();
    assertEquals("trace_\"x\"", json.getString("id"));
    assertEquals("bot \u00e9\u4e2d\u6587\n\t\\ \u2028", json.getString("agent"));
    assertEquals("/v1/\u00fc", json.getString("path"));
    for (String nullable : List.of("cost_usd", "model_provider", "model_name", "node")) {
      assertTrue(json.containsKey(nullable), nullable + " is written, as null");
      assertNull(json.getValue(nullable), nullable);
    }
    assertEquals(0.0, json.getDouble("injection_score"));
    assertEquals(new JsonArray().add("email"), json.getJsonArray("pii_detected"));
    assertEquals(new JsonObject().put("provider", "openai").put("outcome", "reset").put("duration_ms", 7),
        json.getJsonArray("attempts").getJsonObject(0));
    assertEquals(true, json.getBoolean("cached"));
    assertEquals("allowed", json.getString("decision"));
    assertEquals("2026-12-02T10:15:30.123Z", json.getString("created_at"));
  }

  @Test
  void fieldsAreWrittenInTheDocumentedOrder() {
    assertEquals(List.of("id", "status", "input_tokens", "output_tokens", "cost_usd", "duration_ms",
            "injection_score", "pii_detected", "policies_fired", "model_provider", "model_name", "created_at", "agent",
            "path", "http_status", "decision", "fallback_used", "cached", "stream", "node", "attempts"),
        List.copyOf(AuditRecords.full().toJson().fieldNames()));
  }
}
