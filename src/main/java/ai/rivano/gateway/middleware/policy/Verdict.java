package ai.rivano.gateway.middleware.policy;

import ai.rivano.gateway.audit.AuditRecord.Decision;
import ai.rivano.gateway.audit.AuditRecord.PolicyFired;
import ai.rivano.gateway.middleware.pii.PiiEntity;
import ai.rivano.gateway.middleware.policy.Policy.Action;

import java.util.List;
import java.util.Optional;

/** What the policies of one phase decided. Nothing in it carries content or a PII value. */
public abstract sealed class Verdict permits RequestVerdict, ResponseVerdict {

  /** A warn policy that fired; {@link #text()} is what {@code X-Rivano-Warning} carries. */
  public record Warning(String policy, String reason) {
    public String text() {
      return ConditionChecks.printable(policy) + ": " + reason;
    }
  }

  /**
   * The policy that blocked. {@link #message()} is the 403's {@code error.message}: it names the policy and the
   * reason, never the text that matched.
   */
  public record Block(String policy, String reason, Policy.Phase phase) {
    public String message() {
      return (phase == Policy.Phase.REQUEST ? "Request" : "Response") + " blocked by policy \""
          + ConditionChecks.printable(policy) + "\": " + reason;
    }
  }

  /**
   * A range of one text to rewrite. {@code part} is the text's position in the facts' list of parts (its
   * {@code TextPart.index()}); {@code entity} is null for a {@code content_pattern} match.
   */
  public record Redaction(int part, int start, int end, PiiEntity entity, RedactionStrategy strategy, String policy) {}

  private final Block block;
  private final List<Redaction> redactions;
  private final List<Warning> warnings;
  private final List<PolicyFired> fired;

  Verdict(Block block, List<Redaction> redactions, List<Warning> warnings, List<PolicyFired> fired) {
    this.block = block;
    this.redactions = List.copyOf(redactions);
    this.warnings = List.copyOf(warnings);
    this.fired = List.copyOf(fired);
  }

  public boolean blocked() {
    return block != null;
  }

  public Optional<Block> block() {
    return Optional.ofNullable(block);
  }

  /** Rewrites to make, in policy order (a drop is not one: see {@link RequestVerdict#droppedMessages()}). */
  public List<Redaction> redactions() {
    return redactions;
  }

  public List<Warning> warnings() {
    return warnings;
  }

  /** Every policy that fired (the audit record's {@code policies_fired}), in evaluation order, the blocking one last. */
  public List<PolicyFired> fired() {
    return fired;
  }

  /** blocked if a policy blocked; else redacted if a redact policy fired; else warned if a warn policy did. */
  public Decision decision() {
    if (block != null) {
      return Decision.BLOCKED;
    }
    if (fired.stream().anyMatch(f -> f.action().equals(Action.REDACT.configName()))) {
      return Decision.REDACTED;
    }
    return warnings.isEmpty() ? Decision.ALLOWED : Decision.WARNED;
  }

  /** Each warning's {@code X-Rivano-Warning} text, in the order they fired. */
  public List<String> warningTexts() {
    return warnings.stream().map(Warning::text).toList();
  }

  /** The {@code X-Rivano-Warning} value (printable ASCII, warnings joined by "; "), or null when none fired. */
  public String warningHeader() {
    if (warnings.isEmpty()) {
      return null;
    }
    return String.join("; ", warningTexts());
  }

  void requireNotBlocked() {
    if (block != null) {
      throw new IllegalStateException("a blocked " + block.phase().configName() + " must not be rewritten and sent on");
    }
  }
}
