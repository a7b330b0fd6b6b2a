package ai.rivano.gateway.middleware.policy;

import ai.rivano.gateway.audit.AuditRecord.PolicyFired;
import ai.rivano.gateway.middleware.content.RequestTexts;
import ai.rivano.gateway.middleware.policy.Verdict.Block;
import ai.rivano.gateway.middleware.policy.Verdict.Redaction;
import ai.rivano.gateway.middleware.policy.Verdict.Warning;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Evaluates a {@link PolicySet} (SPEC §7). Pure and allocation-light: it runs inline on the event loop, once per
 * request and once per released stretch of a stream.
 *
 * <p>Rules: policies run in the set's order; only enabled ones whose {@code on} covers the agent; the first block
 * stops evaluation; every redaction and warning of a policy before it stays in the verdict (and in
 * {@code fired}), though a blocked request or response is not sent on.
 */
public final class PolicyEngine {

  private PolicyEngine() {}

  public static RequestVerdict evaluateRequest(PolicySet set, RequestFacts facts) {
    Run run = new Run(Policy.Phase.REQUEST);
    Drops drops = new Drops(facts.texts());
    run.evaluate(set.requestPolicies(facts.injectionScore() != null), facts.agent(), facts.scope(), drops);
    return new RequestVerdict(run.block, run.redactions, run.warnings, run.fired, drops.dropped);
  }

  public static ResponseVerdict evaluateResponse(PolicySet set, ResponseFacts facts) {
    Run run = new Run(Policy.Phase.RESPONSE);
    run.evaluate(set.responsePolicies(), facts.agent(), facts.scope(), null);
    return new ResponseVerdict(run.block, run.redactions, run.warnings, run.fired);
  }

  /** The messages drop policies removed so far, and whether a further drop would leave the user nothing. */
  private static final class Drops {
    private final RequestTexts texts;
    private Set<Integer> dropped = new HashSet<>();

    Drops(RequestTexts texts) {
      this.texts = texts;
    }

    /** Adds {@code messages}; returns a block reason instead when that would remove the last user message. */
    String drop(Set<Integer> messages) {
      Set<Integer> wanted = new HashSet<>(dropped);
      wanted.addAll(messages);
      Set<Integer> next = texts.dropClosure(wanted);
      if (texts.userTextRemains(dropped) && !texts.userTextRemains(next)) {
        return "every user message matched, and dropping them would leave nothing to send";
      }
      dropped = next;
      return null;
    }
  }

  private static final class Run {
    final Policy.Phase phase;
    Block block;
    final List<Redaction> redactions = new ArrayList<>();
    final List<Warning> warnings = new ArrayList<>();
    final List<PolicyFired> fired = new ArrayList<>();

    Run(Policy.Phase phase) {
      this.phase = phase;
    }

    void evaluate(List<Policy> policies, String agent, Scope scope, Drops drops) {
      for (Policy policy : policies) {
        if (!policy.appliesTo(agent)) {
          continue;
        }
        String reason = ConditionChecks.check(policy.condition(), scope);
        if (reason == null) {
          continue;
        }
        fired.add(new PolicyFired(policy.name(), policy.action().configName()));
        switch (policy.action()) {
          case BLOCK -> block = new Block(policy.name(), reason, phase);
          case WARN -> warnings.add(new Warning(policy.name(), reason));
          case REDACT -> redact(policy, scope, drops);
        }
        if (block != null) {
          return; // the first block stops evaluation
        }
      }
    }

    private void redact(Policy policy, Scope scope, Drops drops) {
      if (policy.redactionStrategy() == RedactionStrategy.DROP) {
        // validation allows drop in the request phase only, where drops is set
        String refused = drops.drop(ConditionChecks.messagesHit(policy.condition(), scope));
        if (refused != null) {
          block = new Block(policy.name(), refused, phase);
        }
        return;
      }
      for (ConditionChecks.Span span : ConditionChecks.spans(policy.condition(), scope)) {
        redactions.add(new Redaction(span.part(), span.start(), span.end(), span.entity(),
            policy.redactionStrategy(), policy.name()));
      }
    }
  }
}
