package ai.rivano.gateway.observability.tracing;

import ai.rivano.gateway.audit.AuditRecord.Decision;
import ai.rivano.gateway.audit.AuditRecord.PolicyFired;
import ai.rivano.gateway.middleware.pii.PiiEntity;
import ai.rivano.gateway.pipeline.Rejection;
import ai.rivano.gateway.pipeline.RequestContext;
import io.opentelemetry.api.trace.Span;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One guardrail step's span. What the step decided is read off the request's context as the difference between
 * before and after it ran, so no step needs to know about tracing: the decision it raised (or its rejection), the
 * injection score it set, the PII entity types and the policies (name and action) that it added. Types, names and
 * numbers only, never the text or the values they were found in.
 */
public final class GuardrailSpan {

  private final Span span;
  private final RequestContext ctx;
  private final Decision decisionBefore;
  private final Double scoreBefore;
  private final Set<PiiEntity> piiBefore;
  private final int policiesBefore;

  /** Notes the request's guardrail state before the step runs. */
  GuardrailSpan(Span span, RequestContext ctx) {
    this.span = span;
    this.ctx = ctx;
    this.decisionBefore = ctx.decision();
    this.scoreBefore = ctx.injectionScore();
    this.piiBefore = ctx.piiDetected().isEmpty() ? Set.of() : EnumSet.copyOf(ctx.piiDetected());
    this.policiesBefore = ctx.policiesFired().size();
  }

  /** The step returned; {@code rejection} is its refusal (or block), else null. */
  public void end(Rejection rejection) {
    String decision = rejection != null ? rejection.decision().wireName()
        : ctx.decision() != decisionBefore ? ctx.decision().wireName() : Decision.ALLOWED.wireName();
    span.setAttribute(SpanKeys.GUARDRAIL_DECISION, decision);
    Double score = ctx.injectionScore();
    if (score != null && !score.equals(scoreBefore)) {
      span.setAttribute(SpanKeys.INJECTION_SCORE, score);
    }
    if (ctx.piiDetected().size() > piiBefore.size()) {
      List<String> found = new ArrayList<>(2);
      for (PiiEntity entity : ctx.piiDetected()) {
        if (!piiBefore.contains(entity)) {
          found.add(entity.configName());
        }
      }
      span.setAttribute(SpanKeys.PII_ENTITIES, found);
    }
    List<PolicyFired> fired = ctx.policiesFired();
    if (fired.size() > policiesBefore) {
      List<String> names = new ArrayList<>(fired.size() - policiesBefore);
      for (PolicyFired p : fired.subList(policiesBefore, fired.size())) {
        names.add(p.name() + ":" + p.action());
      }
      span.setAttribute(SpanKeys.POLICIES_FIRED, names);
    }
    span.end();
  }
}
