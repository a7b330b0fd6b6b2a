package ai.rivano.gateway.observability;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One log line per operational event, each with the same field names in text and JSON: {@code event}, the
 * request's {@code trace_id}, and the event's own fields ({@code provider}, {@code outcome}, …). The request path
 * calls these at the moment the event happens; a line is written only when its level is enabled, and nothing
 * here blocks (the appender is asynchronous).
 *
 * <p>Levels: INFO for the gateway doing its job (a retry, a circuit probing or closing, a config reload), WARN for
 * a provider failing (upstream error, failover, rescue, open circuit, a stream ended with an error event), ERROR
 * for the gateway's own 5xx, with its stack trace.
 *
 * <p>{@code traceId} may be null (the line then carries the trace id of the enclosing {@link Log#inTrace}, if
 * any). Never pass a request or response body, a header value or a key: only names, codes and numbers.
 */
public final class Events {

  /** The logger of these lines; {@code ai.rivano.gateway.events} in the output. */
  public static final Logger LOG = LoggerFactory.getLogger("ai.rivano.gateway.events");

  private Events() {
  }

  /** A failed attempt is retried on the same provider after {@code delayMs}. */
  public static void retry(String traceId, String provider, int retry, String outcome, long delayMs) {
    event(LOG.atInfo(), "retry", traceId)
        .addKeyValue("provider", provider).addKeyValue("retry", retry).addKeyValue("outcome", outcome)
        .addKeyValue("delay_ms", delayMs)
        .log("retry {} #{} in {} ms after {}", provider, retry, delayMs, outcome);
  }

  /** The request moves from provider {@code from} to {@code to} after {@code outcome}. */
  public static void failover(String traceId, String from, String to, String outcome) {
    event(LOG.atWarn(), "failover", traceId)
        .addKeyValue("provider", from).addKeyValue("to", to).addKeyValue("outcome", outcome)
        .log("failover {} -> {} after {}", from, to, outcome);
  }

  /**
   * A stream cut or stalled after the client got {@code charsSent} characters is continued by {@code to} with the
   * text already sent as an assistant prefill.
   */
  public static void rescue(String traceId, String from, String to, int charsSent, String why) {
    event(LOG.atWarn(), "rescue", traceId)
        .addKeyValue("provider", from).addKeyValue("to", to).addKeyValue("chars_sent", charsSent)
        .addKeyValue("reason", why)
        .log("rescue stream from {} on {} after {} chars: {}", from, to, charsSent, why);
  }

  /** A committed stream could not be completed and was ended with an explicit SSE error event. */
  public static void streamAborted(String traceId, String provider, String why) {
    event(LOG.atWarn(), "stream_aborted", traceId)
        .addKeyValue("provider", provider).addKeyValue("reason", why)
        .log("stream from {} ended with an error event: {}", provider, why);
  }

  /** A client stopped reading an answer for longer than {@code sendTimeoutMs}; its connection was closed. */
  public static void clientStalled(String traceId, long timeoutMs) {
    event(LOG.atInfo(), "client_stalled", traceId)
        .addKeyValue("send_timeout_ms", timeoutMs)
        .log("client took no bytes of the answer for {} ms; connection closed", timeoutMs);
  }

  /**
   * An upstream attempt failed: {@code status} is the upstream's HTTP status, or 0 when there was none (refused,
   * reset, timeout); {@code outcome} is the attempt's outcome ({@code http_503}, {@code timeout}, {@code reset}, …).
   */
  public static void upstreamError(String traceId, String provider, int status, String outcome) {
    LoggingEventBuilder line = event(LOG.atWarn(), "upstream_error", traceId)
        .addKeyValue("provider", provider).addKeyValue("outcome", outcome);
    if (status > 0) {
      line = line.addKeyValue("status", status);
    }
    line.log("upstream {} failed: {}", provider, outcome);
  }

  /** The gateway answered {@code status} (5xx) because of its own fault: logged with the stack trace. */
  public static void gatewayError(String traceId, int status, String message, Throwable error) {
    LoggingEventBuilder line = event(LOG.atError(), "gateway_error", traceId).addKeyValue("status", status);
    if (error != null) {
      line = line.setCause(error);
    }
    line.log("gateway error {}: {}", status, message);
  }

  /** A provider's circuit opened: requests skip it until the half-open probe. {@code traceId}: the attempt that tripped it. */
  public static void circuitOpened(String traceId, String provider, int failures, long windowMs, long halfOpenAfterMs) {
    event(LOG.atWarn(), "circuit_open", traceId)
        .addKeyValue("provider", provider).addKeyValue("failures", failures).addKeyValue("window_ms", windowMs)
        .addKeyValue("half_open_after_ms", halfOpenAfterMs)
        .log("circuit of {} opened after {} failures in {} ms; probe in {} ms", provider, failures, windowMs,
            halfOpenAfterMs);
  }

  /** A provider's open circuit lets one probe request through. */
  public static void circuitHalfOpen(String provider) {
    event(LOG.atInfo(), "circuit_half_open", null).addKeyValue("provider", provider)
        .log("circuit of {} half-open: the next request probes it", provider);
  }

  /** A provider's circuit closed again: the probe ({@code traceId}) succeeded. */
  public static void circuitClosed(String traceId, String provider) {
    event(LOG.atInfo(), "circuit_closed", traceId).addKeyValue("provider", provider)
        .log("circuit of {} closed: it takes traffic again", provider);
  }

  /** The configuration (or the policy set) was reloaded; {@code what} says what changed, without secrets. */
  public static void configReloaded(String source, String what) {
    event(LOG.atInfo(), "config_reload", null).addKeyValue("source", source)
        .log("config reloaded from {}: {}", source, what);
  }

  /** A reload was refused (the old configuration stays in force); {@code problems} as {@code validate} words them. */
  public static void configReloadFailed(String source, String problems) {
    event(LOG.atError(), "config_reload_failed", null).addKeyValue("source", source)
        .log("config reload from {} refused, keeping the current one: {}", source, problems);
  }

  /**
   * The fields every event line has. The trace id goes in as a field only when the MDC does not already carry the
   * same one (inside {@link Log#inTrace} it is printed from there): one {@code trace_id} per line.
   */
  private static LoggingEventBuilder event(LoggingEventBuilder line, String name, String traceId) {
    LoggingEventBuilder out = line.addKeyValue("event", name);
    if (traceId != null && !traceId.equals(Log.currentTraceId())) {
      out = out.addKeyValue(Log.TRACE_ID, traceId);
    }
    return out;
  }
}
