package ai.rivano.gateway.middleware.policy;

import ai.rivano.gateway.audit.AuditRecord.PolicyFired;
import ai.rivano.gateway.middleware.content.ResponseTexts;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** The response-phase verdict: block (the answer is discarded), or the redactions and warnings to apply. */
public final class ResponseVerdict extends Verdict {

  ResponseVerdict(Block block, List<Redaction> redactions, List<Warning> warnings, List<PolicyFired> fired) {
    super(block, redactions, warnings, fired);
  }

  /**
   * Applies the redactions to the whole response they were evaluated on and returns it.
   *
   * @throws IllegalStateException when the verdict blocks
   */
  public JsonObject applyTo(ResponseTexts texts) {
    requireNotBlocked();
    Redactor.applyAll(redactions(), texts.parts(), texts::replace, null);
    return texts.body();
  }

  /**
   * The text of part {@code part} (a stream window evaluated with {@link ResponseFacts#ofText}: part 0) with this
   * verdict's redactions applied.
   */
  public String rewrite(int part, String text) {
    requireNotBlocked();
    return Redactor.apply(text, redactions().stream().filter(r -> r.part() == part).toList(), null);
  }
}
