package ai.rivano.gateway.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** W3C traceparent parsing: a valid header is honoured, anything else starts a fresh trace. */
class TraceContextTest {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  @Test
  void aValidTraceparentIsHonoured() {
    TraceContext trace = TraceContext.from("00-" + TRACE + "-00f067aa0ba902b7-01");
    assertEquals(TRACE, trace.traceId());
    assertEquals("trace_" + TRACE, trace.rivanoId());
    assertEquals("00f067aa0ba902b7", trace.parentSpanId());
    assertTrue(trace.sampled());
  }

  @Test
  void theSampledFlagIsKeptDownstream() {
    TraceContext unsampled = TraceContext.from("00-" + TRACE + "-00f067aa0ba902b7-00");
    assertFalse(unsampled.sampled());
    assertTrue(unsampled.childTraceparent().endsWith("-00"));
  }

  @Test
  void aLaterVersionWithExtraFieldsIsReadForItsKnownPart() {
    assertEquals(TRACE, TraceContext.from("01-" + TRACE + "-00f067aa0ba902b7-01-whatever").traceId());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "garbage", "00-" + TRACE + "-00f067aa0ba902b7", // no flags
      "00-00000000000000000000000000000000-00f067aa0ba902b7-01", // zero trace id
      "00-" + TRACE + "-0000000000000000-01", // zero parent
      "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", // upper case
      "ff-" + TRACE + "-00f067aa0ba902b7-01", // forbidden version
      "00-" + TRACE + "-00f067aa0ba902b7-01-extra", // version 00 has exactly four fields
      "00-" + TRACE + "x00f067aa0ba902b7-01"})
  void anythingElseStartsAFreshTrace(String header) {
    TraceContext trace = TraceContext.from(header);
    assertNotEquals(TRACE, trace.traceId());
    assertTrue(trace.traceId().matches("[0-9a-f]{32}"), trace.traceId());
    assertNull(trace.parentSpanId());
  }

  @Test
  void eachChildHasTheTraceAndASpanOfItsOwn() {
    TraceContext trace = TraceContext.from(null);
    String a = trace.childTraceparent();
    String b = trace.childTraceparent();
    assertTrue(a.matches("00-" + trace.traceId() + "-[0-9a-f]{16}-01"), a);
    assertNotEquals(a, b);
    assertEquals(trace.traceId(), TraceContext.from(a).traceId(), "a child is itself a valid traceparent");
  }
}
