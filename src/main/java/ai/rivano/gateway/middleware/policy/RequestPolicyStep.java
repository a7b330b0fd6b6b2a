package ai.rivano.gateway.middleware.policy;

import ai.rivano.gateway.middleware.content.RequestTexts;
import ai.rivano.gateway.pipeline.Rejection;
import ai.rivano.gateway.pipeline.RequestContext;
import ai.rivano.gateway.pipeline.RequestStep;

import java.util.List;

/**
 * Step 4, the request-phase policies, evaluated over the request's texts with what the PII and injection steps
 * found. A block answers 403 {@code policy_violation} naming the policy; redactions and dropped messages rewrite
 * the body that is forwarded (tokenized values go into the request's vault and come back in the answer);
 * warnings become {@code X-Rivano-Warning}.
 */
public final class RequestPolicyStep implements RequestStep {

  @Override
  public String id() {
    return "request-policies";
  }

  @Override
  public Rejection onRequest(RequestContext ctx) {
    List<Policy> policies = ctx.policies().requestPolicies(ctx.injectionScore() != null);
    if (policies.isEmpty()) {
      return null;
    }
    RequestTexts texts = ctx.texts();
    if (texts == null) {
      return null; // not a JSON body (audio, files): nothing the conditions could read
    }
    RequestVerdict verdict = PolicyEngine.evaluateRequest(ctx.policies(),
        RequestFacts.of(ctx.agent(), ctx.requestedModel(), ctx.injectionScore(), texts, ctx.requestMatches()));
    ctx.policiesFired().addAll(verdict.fired());
    ctx.warnings().addAll(verdict.warningTexts());
    ctx.decide(verdict.decision());
    if (verdict.blocked()) {
      return Rejection.blocked(verdict.block().orElseThrow().message());
    }
    if (verdict.rewrites()) {
      ctx.rewriteBody(verdict.applyTo(texts, ctx.vault()));
    }
    return null;
  }
}
