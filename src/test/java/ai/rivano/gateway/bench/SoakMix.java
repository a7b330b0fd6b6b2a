package ai.rivano.gateway.bench;

import ai.rivano.gateway.bench.UpstreamStub.Fault;

import java.util.Locale;

/**
 * What the soak sends, in what proportion, and what the client must get back for each kind of request. Every kind
 * has exactly one expected answer: the circuits are configured so that injected faults never open them (see
 * {@link SoakRun}), so an answer that differs is a gateway bug, not bad luck.
 *
 * <p>Routes: {@code /openai/…} goes to the primary (the stub under {@code /v1}) with a healthy fallback ({@code mistral},
 * the stub under {@code /nofault/v1}); {@code /cohere/…} addresses a provider that has no fallback, so its faults
 * come back to the client as such.
 */
final class SoakMix {

  /** Content events of every stream, and of an abandoned one (which the client leaves long before its end). */
  static final int STREAM_EVENTS = 10;
  static final int ABANDONED_STREAM_EVENTS = 50;
  static final long ABANDONED_STREAM_INTERVAL_MS = 20;
  /** The client of an abandoned stream closes its connection after this many content events. */
  static final int ABANDON_AFTER_EVENTS = 3;

  enum Route {
    PRIMARY("/openai/v1/chat/completions"),
    NO_FALLBACK("/cohere/v1/chat/completions");

    final String path;

    Route(String path) {
      this.path = path;
    }
  }

  /** One kind of request; {@code perMille} is its share of the traffic. */
  enum Kind {
    JSON(Route.PRIMARY, false, null, 600, "200, the stub's answer, from openai"),
    STREAM(Route.PRIMARY, true, null, 200, "200, every event and [DONE], from openai"),
    ABANDONED(Route.PRIMARY, true, null, 80, "the client closes the connection after "
        + ABANDON_AFTER_EVENTS + " events of a 1 s stream"),
    FAILOVER_500(Route.PRIMARY, false, Fault.HTTP_500, 15, "200 from the fallback (mistral)"),
    FAILOVER_429(Route.PRIMARY, false, Fault.HTTP_429, 15, "200 from the fallback, after the 429's Retry-After"),
    FAILOVER_RESET(Route.PRIMARY, false, Fault.RESET, 15, "200 from the fallback"),
    RESCUED_CUT(Route.PRIMARY, true, Fault.CUT, 15, "200, the whole stream: cut after "
        + UpstreamStub.CUT_AFTER_EVENTS + " events, continued by the fallback"),
    RELAYED_500(Route.NO_FALLBACK, false, Fault.HTTP_500, 15, "500, the provider's error body"),
    RELAYED_429(Route.NO_FALLBACK, false, Fault.HTTP_429, 15, "429 with Retry-After"),
    RELAYED_RESET(Route.NO_FALLBACK, false, Fault.RESET, 15, "502 upstream_unreachable"),
    ABORTED_CUT(Route.NO_FALLBACK, true, Fault.CUT, 15, "200, " + UpstreamStub.CUT_AFTER_EVENTS
        + " events, then the SSE error event, no [DONE]");

    final Route route;
    final boolean stream;
    final Fault fault;
    final int perMille;
    final String expected;

    Kind(Route route, boolean stream, Fault fault, int perMille, String expected) {
      this.route = route;
      this.stream = stream;
      this.fault = fault;
      this.perMille = perMille;
      this.expected = expected;
    }

    String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
  }

  /**
   * The order requests are sent in: smooth weighted round robin (as nginx balances upstreams), so every kind is
   * spread evenly over time instead of arriving in runs, and a run of any length has the mix's proportions.
   */
  static final class Schedule {
    private final int[] current = new int[Kind.values().length];
    private final int total;

    Schedule() {
      int sum = 0;
      for (Kind k : Kind.values()) {
        sum += k.perMille;
      }
      this.total = sum;
    }

    Kind next() {
      Kind[] kinds = Kind.values();
      int best = 0;
      for (int i = 0; i < kinds.length; i++) {
        current[i] += kinds[i].perMille;
        if (current[i] > current[best]) {
          best = i;
        }
      }
      current[best] -= total;
      return kinds[best];
    }
  }

  private SoakMix() {
  }

  /**
   * A W3C trace id that names the request's kind (first two hex digits: ordinal + 1) and its sequence number, so a
   * line of the gateway's log can be traced back to the request, and to whether a fault was injected into it.
   */
  static String traceId(Kind kind, long seq) {
    return String.format(Locale.ROOT, "%02x%030x", kind.ordinal() + 1, seq);
  }

  /** Sequence numbers of the soak proper start here; those below belong to the saturation phase. */
  static final long SOAK_FIRST_SEQ = 1L << 40;

  /** True for the trace id of a request of the saturation phase (sequence number below {@link #SOAK_FIRST_SEQ}). */
  static boolean isSaturation(String traceId) {
    String hex = traceId.startsWith("trace_") ? traceId.substring("trace_".length()) : traceId;
    return Long.parseUnsignedLong(hex.substring(16), 16) < SOAK_FIRST_SEQ;
  }

  /** The kind a trace id of {@link #traceId} names, or null for any other trace id. */
  static Kind kindOf(String traceId) {
    if (traceId != null && traceId.startsWith("trace_")) {
      traceId = traceId.substring("trace_".length()); // the log's form, TraceContext#rivanoId
    }
    if (traceId == null || traceId.length() != 32) {
      return null;
    }
    try {
      int ordinal = Integer.parseInt(traceId.substring(0, 2), 16) - 1;
      return ordinal >= 0 && ordinal < Kind.values().length && traceId.substring(2, 16).chars().allMatch(c -> c == '0')
          ? Kind.values()[ordinal] : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
