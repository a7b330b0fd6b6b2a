package ai.rivano.gateway.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One request's audit record (SPEC §6): written once per request, blocked and rate-limited ones included, by
 * the audit logger, and the metadata that cloud sync forwards. It carries metadata only: never request or
 * response content, never a PII value, never a key. Field names are the documented ones ({@link #toJson()}).
 *
 * @param id             the trace id ({@code X-Rivano-Trace-Id})
 * @param status         {@code success} or {@code error}
 * @param inputTokens    from the provider's usage (streams included); 0 when unknown
 * @param outputTokens   likewise; after a stream rescue, what the primary delivered plus the continuation
 * @param costUsd        from the built-in price table; null when the model is not in it
 * @param injectionScore null when injection scoring was off or never ran (rate-limited, invalid request)
 * @param piiDetected    entity types only ({@code ssn}, {@code email}, …), never values
 * @param policiesFired  name and action of each policy that fired, in order
 * @param provider       the provider that answered ({@code model_provider}), or the one it would have used
 * @param model          the model that answered, or the one requested
 * @param decision       {@code allowed|blocked|redacted|warned|rate_limited}
 * @param attempts       every upstream attempt: provider, outcome, duration
 */
public record AuditRecord(
    String id,
    String status,
    long inputTokens,
    long outputTokens,
    Double costUsd,
    long durationMs,
    Double injectionScore,
    List<String> piiDetected,
    List<PolicyFired> policiesFired,
    String provider,
    String model,
    Instant createdAt,
    String agent,
    String path,
    int httpStatus,
    Decision decision,
    boolean fallbackUsed,
    boolean cached,
    boolean stream,
    String node,
    List<Attempt> attempts) {

  /** Longest {@code agent} kept: the header is the client's free text, the log is not a place to store it. */
  public static final int MAX_AGENT_CHARS = 128;

  /**
   * Guards what comes from the client: the query string is cut from {@code path} (Gemini's {@code ?key=} is a
   * credential) and {@code agent} is capped; absent lists become empty ones, so a record always encodes.
   */
  public AuditRecord {
    int query = path == null ? -1 : path.indexOf('?');
    path = query < 0 ? path : path.substring(0, query);
    agent = agent == null || agent.length() <= MAX_AGENT_CHARS ? agent : agent.substring(0, MAX_AGENT_CHARS);
    piiDetected = piiDetected == null ? List.of() : piiDetected;
    policiesFired = policiesFired == null ? List.of() : policiesFired;
    attempts = attempts == null ? List.of() : attempts;
  }

  /** What the guardrails decided for the request as a whole (the strongest action that applied). */
  public enum Decision {
    ALLOWED, BLOCKED, REDACTED, WARNED, RATE_LIMITED;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    public String wireName() {
      return wireName;
    }
  }

  /** A policy that fired: its name and the action taken ({@code block|redact|warn}). */
  public record PolicyFired(String name, String action) {
  }

  /** One upstream attempt. */
  public record Attempt(String provider, String outcome, long durationMs) {
  }

  /**
   * Writes the record's JSON line (without the newline) straight to {@code out}, the one list of the record's
   * fields and their order: the audit writer does this for every request, and the streaming generator spares it
   * a map, a list per array and a String per line.
   */
  public void writeJson(JsonGenerator out) throws IOException {
    out.writeStartObject();
    out.writeStringField("id", id);
    out.writeStringField("status", status);
    out.writeNumberField("input_tokens", inputTokens);
    out.writeNumberField("output_tokens", outputTokens);
    writeNumberOrNull(out, "cost_usd", costUsd);
    out.writeNumberField("duration_ms", durationMs);
    writeNumberOrNull(out, "injection_score", injectionScore);
    out.writeArrayFieldStart("pii_detected");
    for (String type : piiDetected) {
      out.writeString(type);
    }
    out.writeEndArray();
    out.writeArrayFieldStart("policies_fired");
    for (PolicyFired p : policiesFired) {
      out.writeStartObject();
      out.writeStringField("name", p.name());
      out.writeStringField("action", p.action());
      out.writeEndObject();
    }
    out.writeEndArray();
    out.writeStringField("model_provider", provider);
    out.writeStringField("model_name", model);
    out.writeStringField("created_at", createdAt.toString());
    out.writeStringField("agent", agent);
    out.writeStringField("path", path);
    out.writeNumberField("http_status", httpStatus);
    out.writeStringField("decision", decision.wireName());
    out.writeBooleanField("fallback_used", fallbackUsed);
    out.writeBooleanField("cached", cached);
    out.writeBooleanField("stream", stream);
    out.writeStringField("node", node);
    out.writeArrayFieldStart("attempts");
    for (Attempt a : attempts) {
      out.writeStartObject();
      out.writeStringField("provider", a.provider());
      out.writeStringField("outcome", a.outcome());
      out.writeNumberField("duration_ms", a.durationMs());
      out.writeEndObject();
    }
    out.writeEndArray();
    out.writeEndObject();
  }

  private static void writeNumberOrNull(JsonGenerator out, String name, Double value) throws IOException {
    if (value == null) {
      out.writeNullField(name);
    } else {
      out.writeNumberField(name, value);
    }
  }

  /**
   * The record as the audit log writes it, as a JsonObject (for tests and tools; the writer streams it with
   * {@link #writeJson}, the one place that lists the fields).
   */
  public JsonObject toJson() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
    try (JsonGenerator out = JSON.createGenerator(bytes)) {
      writeJson(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory: unreachable
    }
    return new JsonObject(Buffer.buffer(bytes.toByteArray()));
  }

  private static final JsonFactory JSON = new JsonFactory();
}
