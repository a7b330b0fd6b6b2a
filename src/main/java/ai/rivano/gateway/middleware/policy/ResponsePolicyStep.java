package ai.rivano.gateway.middleware.policy;

import ai.rivano.gateway.middleware.content.ResponseTexts;
import ai.rivano.gateway.pipeline.Rejection;
import ai.rivano.gateway.pipeline.RequestContext;
import ai.rivano.gateway.pipeline.ResponseStep;
import ai.rivano.gateway.routing.translate.TokenUsage;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Step 7 for a whole JSON answer: the response-phase policies over the answer's texts (with the PII the response
 * PII step found). A block discards the provider's answer (the client gets a 403 naming the policy); redactions
 * rewrite it; warnings become {@code X-Rivano-Warning}. Last, values tokenized in the request are put back, so the
 * client sees its own data while the provider never did.
 */
public final class ResponsePolicyStep implements ResponseStep {

  @Override
  public String id() {
    return "response-policies";
  }

  @Override
  public boolean onResponse(RequestContext ctx, JsonObject answer, Verdicts verdicts) {
    List<Policy> policies = ctx.policies().responsePolicies();
    boolean changed = false;
    if (!policies.isEmpty()) {
      ResponseTexts texts = ctx.answerTexts(answer);
      TokenUsage usage = ctx.usage();
      ResponseVerdict verdict = PolicyEngine.evaluateResponse(ctx.policies(), new ResponseFacts(ctx.agent(),
          ctx.servedModel(), texts.parts(), ctx.answerMatches(),
          usage == null ? null : usage.promptTokens(), usage == null ? null : usage.completionTokens()));
      ctx.policiesFired().addAll(verdict.fired());
      ctx.warnings().addAll(verdict.warningTexts());
      ctx.decide(verdict.decision());
      if (verdict.blocked()) {
        verdicts.block(Rejection.blocked(verdict.block().orElseThrow().message()));
        return false;
      }
      if (!verdict.redactions().isEmpty()) {
        verdict.applyTo(texts);
        changed = true;
      }
    }
    if (ctx.hasTokens()) {
      ctx.vault().restoreIn(ctx.answerTexts(answer));
      changed = true;
    }
    return changed;
  }
}
