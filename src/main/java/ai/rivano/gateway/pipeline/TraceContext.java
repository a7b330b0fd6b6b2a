package ai.rivano.gateway.pipeline;

import java.util.concurrent.ThreadLocalRandom;

/**
 * W3C Trace Context for one request. An incoming {@code traceparent} is honoured: its 32-hex-digit trace id becomes
 * the request's trace id, so {@code X-Rivano-Trace-Id} is {@code trace_<trace-id>} and the caller's tracing and
 * ours name the same trace. Without one (or with an invalid one) a fresh random trace id is made. Every upstream
 * attempt carries a {@code traceparent} with this trace id and a span id of its own, so the provider's logs join
 * the same trace.
 */
public final class TraceContext {

  public static final String TRACEPARENT = "traceparent";
  public static final String ID_PREFIX = "trace_";

  private final String traceId;
  private final String parentSpanId;
  private final boolean sampled;

  private TraceContext(String traceId, String parentSpanId, boolean sampled) {
    this.traceId = traceId;
    this.parentSpanId = parentSpanId;
    this.sampled = sampled;
  }

  /** From the request's {@code traceparent} header when it is valid, else a new trace (sampled). */
  public static TraceContext from(String traceparent) {
    TraceContext incoming = parse(traceparent);
    return incoming != null ? incoming : new TraceContext(randomHex(32), null, true);
  }

  /** The caller's trace from a {@code traceparent} header, or null when there is none or it is invalid. */
  public static TraceContext parse(String traceparent) {
    if (traceparent != null) {
      String v = traceparent.trim();
      // version "00": 00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>; a later version may append fields
      if (v.length() >= 55 && v.charAt(2) == '-' && v.charAt(35) == '-' && v.charAt(52) == '-'
          && (v.length() == 55 || v.charAt(55) == '-') && !v.startsWith("ff")) {
        String version = v.substring(0, 2);
        String trace = v.substring(3, 35);
        String parent = v.substring(36, 52);
        String flags = v.substring(53, 55);
        if (isHex(version) && isHex(trace) && isHex(parent) && isHex(flags) && !isZero(trace) && !isZero(parent)
            && ("00".equals(version) ? v.length() == 55 : true)) {
          return new TraceContext(trace, parent, (Integer.parseInt(flags, 16) & 1) == 1);
        }
      }
    }
    return null;
  }

  /**
   * A trace whose ids were chosen elsewhere: by the tracer, when OTLP export is on (its request span names the
   * trace and makes the sampling decision).
   */
  public static TraceContext of(String traceId, String parentSpanId, boolean sampled) {
    return new TraceContext(traceId, parentSpanId, sampled);
  }

  /** The 32 lowercase hex digits of the W3C trace id. */
  public String traceId() {
    return traceId;
  }

  /** The caller's span, or null when the request started the trace here. */
  public String parentSpanId() {
    return parentSpanId;
  }

  public boolean sampled() {
    return sampled;
  }

  /** {@code trace_<trace-id>}: {@code X-Rivano-Trace-Id} and the audit record's {@code id}. */
  public String rivanoId() {
    return ID_PREFIX + traceId;
  }

  /** A {@code traceparent} for one upstream attempt: this trace, a new span. */
  public String childTraceparent() {
    return traceparent(randomHex(16));
  }

  /** A {@code traceparent} naming span {@code spanId} (16 hex digits) of this trace, with its sampled flag. */
  public String traceparent(String spanId) {
    return "00-" + traceId + "-" + spanId + (sampled ? "-01" : "-00");
  }

  private static String randomHex(int digits) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    StringBuilder out = new StringBuilder(digits);
    while (out.length() < digits) {
      String chunk = Long.toHexString(random.nextLong() | Long.MIN_VALUE); // always 16 digits, never all zero
      out.append(chunk, 0, Math.min(16, digits - out.length()));
    }
    return out.toString();
  }

  private static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  private static boolean isZero(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) != '0') {
        return false;
      }
    }
    return true;
  }
}
