package ai.rivano.gateway.pipeline;

import ai.rivano.gateway.observability.tracing.GuardrailSpan;
import ai.rivano.gateway.observability.tracing.RequestSpan;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs one request's guardrail steps in the documented order — rate limit → PII → injection → request policies →
 * (provider) → response PII → response policies → (audit) — and nothing else: each step is its own class, the
 * chain only calls them inline on the event loop, stops at the first rejection, and gives the {@link ClientExit}
 * the response-phase steps for JSON answers and stream events. The audit record is written by the exit's
 * finisher, after everything else, for every request.
 *
 * <p>Four phases, because the request path has an asynchronous gap (reading the body): <em>admission</em> before
 * the body is read (the rate limiter: a refused client does not get to upload), <em>inspection</em> once the body
 * is parsed (PII, injection, request policies), then per answer: <em>response</em> for a whole JSON answer and
 * <em>stream</em> for each event of a streamed one.
 */
public final class GuardrailChain {

  private final List<RequestStep> admission;
  private final List<RequestStep> inspection;
  private final List<ResponseStep> response;
  private final List<StreamStep> stream;

  private GuardrailChain(Builder builder) {
    this.admission = List.copyOf(builder.admission);
    this.inspection = List.copyOf(builder.inspection);
    this.response = List.copyOf(builder.response);
    this.stream = List.copyOf(builder.stream);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Steps before the body is read; the first rejection wins. */
  public Rejection admit(RequestContext ctx) {
    return run(admission, ctx, "admission");
  }

  /** Steps on the parsed request, in order; the first rejection wins. */
  public Rejection inspect(RequestContext ctx) {
    return run(inspection, ctx, "request");
  }

  private static Rejection run(List<RequestStep> steps, RequestContext ctx, String phase) {
    RequestSpan span = ctx.span();
    for (int i = 0; i < steps.size(); i++) {
      Rejection rejection = span == null ? steps.get(i).onRequest(ctx) : traced(steps.get(i), ctx, span, phase);
      if (rejection != null) {
        return rejection;
      }
    }
    return null;
  }

  /** A step in a span of its own (tracing on); the span ends even if the step throws. */
  private static Rejection traced(RequestStep step, RequestContext ctx, RequestSpan span, String phase) {
    GuardrailSpan stepSpan = span.guardrail(step.id(), phase, ctx);
    Rejection rejection = null;
    try {
      rejection = step.onRequest(ctx);
      return rejection;
    } finally {
      stepSpan.end(rejection);
    }
  }

  /** Response steps over a whole JSON answer; stops at the first block. @return true when the answer changed */
  boolean onResponse(RequestContext ctx, JsonObject answer, ResponseStep.Verdicts verdicts) {
    RequestSpan span = ctx.span();
    boolean changed = false;
    for (int i = 0; i < response.size() && verdicts.block() == null; i++) {
      if (span == null) {
        changed |= response.get(i).onResponse(ctx, answer, verdicts);
        continue;
      }
      GuardrailSpan stepSpan = span.guardrail(response.get(i).id(), "response", ctx);
      try {
        changed |= response.get(i).onResponse(ctx, answer, verdicts);
      } finally {
        stepSpan.end(verdicts.block());
      }
    }
    return changed;
  }

  /** This stream's filters, in chain order (steps with nothing to do on it are left out). */
  List<StreamStep.Filter> newStreamFilters(RequestContext ctx) {
    List<StreamStep.Filter> filters = new ArrayList<>(stream.size());
    for (StreamStep step : stream) {
      StreamStep.Filter filter = step.newFilter(ctx);
      if (filter != null) {
        filters.add(filter);
      }
    }
    return filters;
  }

  /** The ids of the steps, in order, for the startup summary and tests. */
  public List<String> describe() {
    List<String> ids = new ArrayList<>();
    admission.forEach(s -> ids.add(s.id()));
    inspection.forEach(s -> ids.add(s.id()));
    ids.add("provider");
    response.forEach(s -> ids.add(s.id()));
    stream.forEach(s -> ids.add(s.id() + " (stream)"));
    ids.add("audit");
    return ids;
  }

  /** Assembles a chain; steps are added in the order they run. */
  public static final class Builder {
    private final List<RequestStep> admission = new ArrayList<>();
    private final List<RequestStep> inspection = new ArrayList<>();
    private final List<ResponseStep> response = new ArrayList<>();
    private final List<StreamStep> stream = new ArrayList<>();

    public Builder admission(RequestStep step) {
      admission.add(step);
      return this;
    }

    public Builder inspection(RequestStep step) {
      inspection.add(step);
      return this;
    }

    public Builder response(ResponseStep step) {
      response.add(step);
      return this;
    }

    public Builder stream(StreamStep step) {
      stream.add(step);
      return this;
    }

    public GuardrailChain build() {
      return new GuardrailChain(this);
    }
  }
}
