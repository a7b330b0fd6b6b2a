package ai.rivano.gateway.cloud;

import ai.rivano.gateway.audit.AuditRecord;
import ai.rivano.gateway.middleware.pii.PiiEntity;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What one request becomes in a trace batch: an explicit whitelist of the audit record's metadata, built field by
 * field rather than by removing fields from {@link AuditRecord#toJson()}, so a field added to the record later is
 * not sent until someone decides it may be. The record holds no content, PII value or key by contract; this class
 * holds the line anyway where a free-text value could carry one:
 * <ul>
 *   <li>{@code path} loses its query string (a client may put {@code ?key=…} there);</li>
 *   <li>{@code pii_detected} keeps only known entity type names;</li>
 *   <li>an attempt's {@code outcome} and a policy's {@code action} are short tokens, anything else becomes
 *       {@code other};</li>
 *   <li>names (agent, model, provider, policy) are capped at 128 characters.</li>
 * </ul>
 */
final class TraceMetadata {

  /** The field names of one trace, in the audit record's spelling (SPEC §6). */
  static final List<String> FIELDS = List.of("id", "status", "input_tokens", "output_tokens", "cost_usd",
      "duration_ms", "injection_score", "pii_detected", "policies_fired", "model_provider", "model_name",
      "created_at", "agent", "path", "http_status", "decision", "fallback_used", "cached", "stream", "node",
      "attempts");

  private static final Pattern TOKEN = Pattern.compile("[a-z0-9_]{1,40}");
  private static final int MAX_NAME = 128;

  private TraceMetadata() {
  }

  static JsonObject of(AuditRecord r) {
    JsonArray pii = new JsonArray();
    r.piiDetected().stream().filter(type -> PiiEntity.byConfigName(type).isPresent()).distinct().forEach(pii::add);
    JsonArray fired = new JsonArray();
    r.policiesFired().forEach(p -> fired.add(new JsonObject().put("name", name(p.name())).put("action", token(p.action()))));
    JsonArray attempts = new JsonArray();
    r.attempts().forEach(a -> attempts.add(new JsonObject().put("provider", name(a.provider()))
        .put("outcome", token(a.outcome())).put("duration_ms", a.durationMs())));
    return new JsonObject()
        .put("id", name(r.id()))
        .put("status", token(r.status()))
        .put("input_tokens", r.inputTokens())
        .put("output_tokens", r.outputTokens())
        .put("cost_usd", r.costUsd())
        .put("duration_ms", r.durationMs())
        .put("injection_score", r.injectionScore())
        .put("pii_detected", pii)
        .put("policies_fired", fired)
        .put("model_provider", name(r.provider()))
        .put("model_name", name(r.model()))
        .put("created_at", r.createdAt() == null ? null : r.createdAt().toString())
        .put("agent", name(r.agent()))
        .put("path", path(r.path()))
        .put("http_status", r.httpStatus())
        .put("decision", r.decision() == null ? null : r.decision().wireName())
        .put("fallback_used", r.fallbackUsed())
        .put("cached", r.cached())
        .put("stream", r.stream())
        .put("node", name(r.node()))
        .put("attempts", attempts);
  }

  private static String path(String path) {
    if (path == null) {
      return null;
    }
    int cut = path.indexOf('?');
    return name(cut < 0 ? path : path.substring(0, cut));
  }

  private static String token(String value) {
    return value == null ? null : TOKEN.matcher(value).matches() ? value : "other";
  }

  private static String name(String value) {
    return value == null || value.length() <= MAX_NAME ? value : value.substring(0, MAX_NAME);
  }
}
