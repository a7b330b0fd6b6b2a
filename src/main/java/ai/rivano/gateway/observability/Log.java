package ai.rivano.gateway.observability;

import io.vertx.core.Handler;
import org.slf4j.MDC;

/**
 * The trace id of the request being worked on, for log lines written while working on it.
 *
 * <p>An event loop serves thousands of requests in turn, so a trace id must never be left in the thread's MDC
 * after the piece of work it belongs to: {@link #inTrace} puts it for the duration of one call and restores what
 * was there before (nesting works; an exception does not leak it). Wrap the callbacks of a request with
 * {@link #traced} so every line they log, ours or a library's, carries {@value #TRACE_ID}.
 */
public final class Log {

  /** The MDC key and the key-value field name: {@code trace_id} in text and JSON lines alike. */
  public static final String TRACE_ID = "trace_id";

  private Log() {
  }

  /** Runs {@code work} with {@code traceId} in the MDC, restoring the previous value afterwards. */
  public static void inTrace(String traceId, Runnable work) {
    String previous = MDC.get(TRACE_ID);
    put(traceId);
    try {
      work.run();
    } finally {
      put(previous);
    }
  }

  /** {@code handler}, with {@code traceId} in the MDC while it runs (for async callbacks). */
  public static <T> Handler<T> traced(String traceId, Handler<T> handler) {
    return value -> inTrace(traceId, () -> handler.handle(value));
  }

  /** The trace id of the work in progress on this thread, or null. */
  public static String currentTraceId() {
    return MDC.get(TRACE_ID);
  }

  private static void put(String traceId) {
    if (traceId == null) {
      MDC.remove(TRACE_ID);
    } else {
      MDC.put(TRACE_ID, traceId);
    }
  }
}
