package ai.rivano.gateway.middleware.policy;

import ai.rivano.gateway.audit.AuditRecord.PolicyFired;
import ai.rivano.gateway.middleware.content.RequestTexts;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The request-phase verdict: block, or the rewrites (redactions, dropped messages) and warnings to apply. */
public final class RequestVerdict extends Verdict {

  private final Set<Integer> droppedMessages;

  RequestVerdict(Block block, List<Redaction> redactions, List<Warning> warnings, List<PolicyFired> fired,
                 Set<Integer> droppedMessages) {
    super(block, redactions, warnings, fired);
    this.droppedMessages = Set.copyOf(new TreeSet<>(droppedMessages));
  }

  /**
   * The messages ({@code TextPart.message()}) a {@code drop} removes, including the other half of any tool call
   * among them.
   */
  public Set<Integer> droppedMessages() {
    return droppedMessages;
  }

  /** True when the body must be rewritten before it is sent. */
  public boolean rewrites() {
    return !redactions().isEmpty() || !droppedMessages.isEmpty();
  }

  /**
   * Applies the redactions and drops to the texts this verdict was evaluated on and returns the rewritten body.
   * Tokenized values go into {@code vault} (one per request) for {@link TokenVault#restore} in the response.
   *
   * @throws IllegalStateException when the verdict blocks (a blocked request is never sent)
   */
  public JsonObject applyTo(RequestTexts texts, TokenVault vault) {
    requireNotBlocked();
    Redactor.applyAll(redactions(), texts.parts(), texts::replace, vault);
    if (!droppedMessages.isEmpty()) {
      texts.drop(droppedMessages);
    }
    return texts.body();
  }
}
