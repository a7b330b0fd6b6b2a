package ai.rivano.gateway.audit;

import ai.rivano.gateway.audit.AuditRecord.Attempt;
import ai.rivano.gateway.audit.AuditRecord.Decision;
import ai.rivano.gateway.audit.AuditRecord.PolicyFired;

import java.time.Instant;
import java.util.List;

/** Audit records for tests: a full one (every field set) and numbered minimal ones. */
final class AuditRecords {

  static final Instant CREATED = Instant.parse("2026-12-02T10:15:30.123Z");

  private AuditRecords() {
  }

  /** A streamed request that failed over from openai to anthropic, redacted, with a cost. */
  static AuditRecord full() {
    return new AuditRecord("trace_0123456789abcdef", "success", 1200, 350, 0.00885, 842, 0.42,
        List.of("email", "phone"), List.of(new PolicyFired("redact-pii", "redact"), new PolicyFired("warn-big", "warn")),
        "anthropic", "claude-sonnet-4-5-20250929", CREATED, "billing-bot", "/v1/chat/completions", 200,
        Decision.REDACTED, true, false, true, "node-a",
        List.of(new Attempt("openai", "http_503", 120), new Attempt("anthropic", "ok", 700)));
  }

  /** A rate-limited request: no provider call, no tokens, no cost, no score. */
  static AuditRecord numbered(int n) {
    return new AuditRecord("trace_" + n, "error", 0, 0, null, 1, null, List.of(), List.of(), "openai", "gpt-4o",
        CREATED, null, "/v1/chat/completions", 429, Decision.RATE_LIMITED, false, false, false, "node-a", List.of());
  }
}
