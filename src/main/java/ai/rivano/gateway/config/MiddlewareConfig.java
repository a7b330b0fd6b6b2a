package ai.rivano.gateway.config;

/** {@code gateway.middleware}: the switches of the fixed pipeline. */
public record MiddlewareConfig(
    boolean pii,
    boolean injection,
    AuditSink audit,
    String auditFile,
    boolean cache,
    long cacheTtlSeconds,
    long cacheMaxEntries,
    long rateLimit) {

  public enum AuditSink { STDOUT, FILE, OFF }

  public static final long DEFAULT_RATE_LIMIT = 60;

  public static MiddlewareConfig defaults() {
    return new MiddlewareConfig(true, true, AuditSink.STDOUT, "./rivano-audit.jsonl", false, 300, 1000, DEFAULT_RATE_LIMIT);
  }
}
