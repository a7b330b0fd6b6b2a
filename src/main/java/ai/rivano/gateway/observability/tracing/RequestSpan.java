package ai.rivano.gateway.observability.tracing;

import ai.rivano.gateway.audit.AuditRecord;
import ai.rivano.gateway.pipeline.RequestContext;
import ai.rivano.gateway.pipeline.TraceContext;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

import java.util.ArrayList;
import java.util.List;

/**
 * The span tree of one proxied request:
 * <pre>
 * POST /v1/chat/completions        SERVER    the request, arrival to its end (status, decision, provider, tokens…)
 * ├── rate_limit, pii, injection…  INTERNAL  each guardrail step that ran (its decision, score, entity types)
 * ├── attempt openai               CLIENT    each upstream attempt; its span id is the one in that attempt's traceparent
 * ├── attempt anthropic            CLIENT    a retry or a failover: one span each
 * └── stream_rescue                INTERNAL  a cut stream being continued
 *     └── attempt anthropic        CLIENT    the rescue's own attempts
 * </pre>
 * Used only on the request's event loop (and, for a large body, the worker that inspects it, in turn). Every span
 * is ended once: an attempt when its outcome is recorded, a guardrail step when it returns, and whatever is still
 * open (an attempt whose client went away) with the request span, in {@link #end}, which runs once, from the
 * request's finisher.
 */
public final class RequestSpan {

  private final Tracer tracer;
  private final Span span;
  private final Context context;
  private final TraceContext trace;
  private final String method;
  private Span attempt;
  private Span rescue;
  private Context rescueContext;
  private boolean ended;

  RequestSpan(Tracer tracer, String method, String traceparent) {
    this.tracer = tracer;
    this.method = method;
    TraceContext caller = TraceContext.parse(traceparent);
    SpanBuilder builder = tracer.spanBuilder(method).setSpanKind(SpanKind.SERVER)
        .setAttribute(SpanKeys.HTTP_METHOD, method);
    if (caller == null) {
      builder.setNoParent();
    } else {
      builder.setParent(Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(caller.traceId(),
          caller.parentSpanId(), caller.sampled() ? TraceFlags.getSampled() : TraceFlags.getDefault(),
          TraceState.getDefault()))));
    }
    this.span = builder.startSpan();
    this.context = Context.root().with(span);
    SpanContext ids = span.getSpanContext();
    this.trace = TraceContext.of(ids.getTraceId(), caller == null ? null : caller.parentSpanId(), ids.isSampled());
  }

  /** The request's trace: the span's trace id and sampling decision. */
  public TraceContext trace() {
    return trace;
  }

  /** The request span's own id (16 hex digits). */
  public String spanId() {
    return span.getSpanContext().getSpanId();
  }

  // ---- guardrail steps --------------------------------------------------------------------------------------

  /**
   * A guardrail step of {@code phase} ({@code admission}, {@code request} or {@code response}) is about to run on
   * {@code ctx}; {@link GuardrailSpan#end} when it returns.
   */
  public GuardrailSpan guardrail(String stepId, String phase, RequestContext ctx) {
    return new GuardrailSpan(tracer.spanBuilder(stepId).setParent(context)
        .setAttribute(SpanKeys.GUARDRAIL_PHASE, phase).startSpan(), ctx);
  }

  // ---- upstream attempts ------------------------------------------------------------------------------------

  /**
   * An attempt is about to be sent. @return its {@code traceparent}: this trace and the attempt span's own id, so
   * the provider's spans (if it traces) hang under the attempt
   *
   * @param kind {@code first}, {@code retry}, {@code failover}, {@code rescue_prefill} or {@code rescue_restart}
   */
  public String attemptStarted(String provider, String model, String kind, String host, int port) {
    endAttempt("superseded", false); // never expected: attempts of one request run one at a time
    SpanBuilder builder = tracer.spanBuilder("attempt " + provider).setSpanKind(SpanKind.CLIENT)
        .setParent(rescue != null ? rescueContext : context)
        .setAttribute(SpanKeys.PROVIDER, provider)
        .setAttribute(SpanKeys.ATTEMPT_KIND, kind)
        .setAttribute(SpanKeys.SERVER_ADDRESS, host)
        .setAttribute(SpanKeys.SERVER_PORT, (long) port);
    if (model != null) {
      builder.setAttribute(SpanKeys.MODEL, model);
    }
    attempt = builder.startSpan();
    return trace.traceparent(attempt.getSpanContext().getSpanId());
  }

  /**
   * An attempt's outcome was recorded ({@code ok}, {@code http_503}, {@code timeout}, {@code stream_cut}, …). One
   * that never reached the provider (its circuit was open) has no span: it is an event on the request span.
   */
  public void attemptEnded(String provider, String outcome, boolean failed) {
    if (attempt == null) {
      span.addEvent("attempt_skipped", Attributes.of(SpanKeys.PROVIDER, provider, SpanKeys.ATTEMPT_OUTCOME, outcome));
      return;
    }
    endAttempt(outcome, failed);
  }

  private void endAttempt(String outcome, boolean failed) {
    if (attempt == null) {
      return;
    }
    attempt.setAttribute(SpanKeys.ATTEMPT_OUTCOME, outcome);
    if (outcome.startsWith("http_") || outcome.startsWith("rescue_http_")) {
      try {
        attempt.setAttribute(SpanKeys.HTTP_STATUS, Long.parseLong(outcome.substring(outcome.lastIndexOf('_') + 1)));
      } catch (NumberFormatException notAStatus) {
        // an outcome such as http_other: the outcome says it
      }
    }
    if (failed) {
      attempt.setStatus(StatusCode.ERROR, outcome);
    }
    attempt.end();
    attempt = null;
  }

  // ---- stream rescue ----------------------------------------------------------------------------------------

  /** A committed stream broke and {@code to} is asked to continue it; later attempts hang under the rescue. */
  public void rescueStarted(String from, String to, int charsSent, String reason) {
    if (rescue != null) {
      rescue.addEvent("next_candidate", Attributes.of(SpanKeys.RESCUE_TO, to));
      return;
    }
    rescue = tracer.spanBuilder("stream_rescue").setParent(context)
        .setAttribute(SpanKeys.RESCUE_FROM, from)
        .setAttribute(SpanKeys.RESCUE_TO, to)
        .setAttribute(SpanKeys.RESCUE_CHARS_SENT, (long) charsSent)
        .setAttribute(SpanKeys.RESCUE_REASON, reason)
        .startSpan();
    rescueContext = context.with(rescue);
  }

  /** The rescue is over: {@code rescued}, {@code restarted}, {@code aborted} (nobody could continue), … */
  public void rescueEnded(String outcome, boolean failed) {
    if (rescue == null) {
      return;
    }
    rescue.setAttribute(SpanKeys.RESCUE_OUTCOME, outcome);
    if (failed) {
      rescue.setStatus(StatusCode.ERROR, outcome);
    }
    rescue.end();
    rescue = null;
    rescueContext = null;
  }

  // ---- the end ----------------------------------------------------------------------------------------------

  /**
   * The request is over: its audit record's metadata goes on the span, anything still open is ended (as
   * {@code abandoned}), and the span ends. Runs once; a second call does nothing.
   *
   * @param success the client got a status below 400 and, for a stream, a complete one
   */
  public void end(AuditRecord record, String dialect, String requestedModel, String path, boolean success) {
    if (ended) {
      return;
    }
    ended = true;
    endAttempt("abandoned", false);
    rescueEnded("abandoned", false);
    if (path != null) {
      span.updateName(method + " " + path);
      span.setAttribute(SpanKeys.URL_PATH, path);
    }
    span.setAttribute(SpanKeys.HTTP_STATUS, (long) record.httpStatus());
    span.setAttribute(SpanKeys.SUCCESS, success);
    span.setAttribute(SpanKeys.DECISION, record.decision().wireName());
    span.setAttribute(SpanKeys.DIALECT, dialect);
    span.setAttribute(SpanKeys.STREAM, record.stream());
    span.setAttribute(SpanKeys.CACHE_HIT, record.cached());
    span.setAttribute(SpanKeys.FALLBACK_USED, record.fallbackUsed());
    span.setAttribute(SpanKeys.ATTEMPTS, (long) record.attempts().size());
    setIfPresent(SpanKeys.PROVIDER, record.provider());
    setIfPresent(SpanKeys.REQUEST_MODEL, requestedModel);
    setIfPresent(SpanKeys.RESPONSE_MODEL, record.model());
    setIfPresent(SpanKeys.AGENT, record.agent());
    if (record.inputTokens() > 0 || record.outputTokens() > 0) {
      span.setAttribute(SpanKeys.INPUT_TOKENS, record.inputTokens());
      span.setAttribute(SpanKeys.OUTPUT_TOKENS, record.outputTokens());
    }
    if (record.costUsd() != null) {
      span.setAttribute(SpanKeys.COST_USD, record.costUsd());
    }
    if (record.injectionScore() != null) {
      span.setAttribute(SpanKeys.INJECTION_SCORE, record.injectionScore());
    }
    if (!record.piiDetected().isEmpty()) {
      span.setAttribute(SpanKeys.PII_ENTITIES, record.piiDetected());
    }
    if (!record.policiesFired().isEmpty()) {
      List<String> fired = new ArrayList<>(record.policiesFired().size());
      record.policiesFired().forEach(p -> fired.add(p.name() + ":" + p.action()));
      span.setAttribute(SpanKeys.POLICIES_FIRED, fired);
    }
    int status = record.httpStatus();
    if (status >= 500) {
      span.setStatus(StatusCode.ERROR, "HTTP " + status);
    } else if (!success && status < 400 && record.decision() != AuditRecord.Decision.BLOCKED) {
      // a stream that ended with an error event (not a policy's block: that is the gateway doing its job)
      span.setStatus(StatusCode.ERROR, "incomplete answer");
    }
    span.end();
  }

  private void setIfPresent(io.opentelemetry.api.common.AttributeKey<String> key, String value) {
    if (value != null) {
      span.setAttribute(key, value);
    }
  }
}
