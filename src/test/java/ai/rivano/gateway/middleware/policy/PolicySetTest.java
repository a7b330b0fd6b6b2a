package ai.rivano.gateway.middleware.policy;

import ai.rivano.gateway.config.ConfigProblem;
import ai.rivano.gateway.config.InvalidConfigException;
import ai.rivano.gateway.middleware.pii.PiiEntity;
import ai.rivano.gateway.middleware.policy.Policy.Action;
import ai.rivano.gateway.middleware.policy.Policy.Phase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static ai.rivano.gateway.middleware.policy.PolicyFixtures.policies;
import static ai.rivano.gateway.middleware.policy.PolicyFixtures.set;
import static ai.rivano.gateway.middleware.policy.PolicyFixtures.setWithPacks;
import static ai.rivano.gateway.middleware.policy.PolicyFixtures.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Compilation, the foundational pack, ordering, remote merge and the JSON the cluster replicates. */
class PolicySetTest {

  private static List<String> names(List<Policy> policies) {
    return policies.stream().map(Policy::name).toList();
  }

  @Test
  void foundationalPackHasTheFourDocumentedPolicies() {
    PolicySet set = setWithPacks(List.of("foundational"));
    assertEquals(List.of("block-injection", "redact-pii-response", "warn-large-prompt", "block-ssn"), names(set.policies()));
    Policy injection = set.policies().get(0);
    assertEquals(new Condition.InjectionScore(0.7), injection.condition());
    assertEquals(Action.BLOCK, injection.action());
    Policy pii = set.policies().get(1);
    assertEquals(Phase.RESPONSE, pii.phase());
    assertEquals(new Condition.PiiDetected(Set.of()), pii.condition());
    assertEquals(RedactionStrategy.MASK, pii.redactionStrategy());
    assertEquals(new Condition.TokenCount(4001, Condition.CountType.INPUT), set.policies().get(2).condition(),
        "\"> 4000 tokens\": the condition fires at >=, counts are whole numbers");
    assertEquals(new Condition.PiiDetected(Set.of(PiiEntity.SSN)), set.policies().get(3).condition());
    assertTrue(set.policies().stream().allMatch(p -> p.on().equals("*") && p.enabled()));
    assertTrue(set.hasInjectionPolicy());
    assertEquals(List.of("block-injection", "warn-large-prompt", "block-ssn"), names(set.requestPolicies(true)),
        "the pack's injection policy replaces the implicit ones");
    assertEquals(List.of("redact-pii-response"), names(set.responsePolicies()));
  }

  @Test
  void theFilesOwnPoliciesComeFirstAndOverrideAPackPolicyOfTheSameName() {
    PolicySet set = setWithPacks(List.of("foundational"),
        "{name: mine, phase: request, condition: {type: model_name, pattern: 'gpt-3*'}, action: block}",
        "{name: block-ssn, phase: request, condition: {type: pii_detected, entities: [ssn]}, action: warn}");
    assertEquals(List.of("mine", "block-ssn", "block-injection", "redact-pii-response", "warn-large-prompt"),
        names(set.policies()));
    assertEquals(Action.WARN, set.policies().get(1).action(), "the file's block-ssn replaced the pack's");
  }

  @Test
  void implicitInjectionPoliciesComeFirstWhenScored() {
    PolicySet set = set("{name: w, phase: request, condition: {type: token_count, threshold: 5}, action: warn}",
        "{name: r, phase: response, condition: {type: pii_detected}, action: redact, redactionStrategy: mask}");
    assertFalse(set.hasInjectionPolicy());
    assertEquals(List.of("default-injection-block", "default-injection-warn", "w"), names(set.requestPolicies(true)));
    assertEquals(List.of("w"), names(set.requestPolicies(false)));
    assertEquals(List.of("r"), names(set.responsePolicies()));
    assertEquals(List.of("default-injection-block", "default-injection-warn"),
        names(PolicySet.empty().requestPolicies(true)));
  }

  @Test
  void disabledPoliciesStayInTheSetButNotInTheEvaluationLists() {
    PolicySet set = set("{name: a, phase: request, condition: {type: pii_detected}, action: warn, enabled: false}");
    assertEquals(List.of("a"), names(set.policies()));
    assertEquals(List.of(), names(set.requestPolicies(false)));
  }

  @Test
  void compileReportsEveryProblem() {
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> PolicySet.compile(policies(
            "{name: a, phase: request, condition: {type: content_pattern, pattern: '(?=x)'}, action: block}",
            "{name: a, phase: response, condition: {type: pii_detected, entities: [dna]}, action: redact, redactionStrategy: tokenize}"),
        List.of("foundational", "basic"), "config"));
    assertEquals(List.of(
            "✖ policies[0].condition.pattern: lookahead and lookbehind ((?=, (?!, (?<=, (?<!) are not supported: "
                + "content_pattern regexes run on RE2, which guarantees linear-time matching and has no lookaround",
            "✖ policies[1].name: duplicate policy name \"a\"",
            "✖ policies[1].redactionStrategy: tokenize cannot apply in the response phase: tokens are put back only "
                + "into the response, so the client would get tokens nothing restores; use mask or partial",
            "✖ policies[1].condition.entities[0]: must be one of address | credit_card | email | ip_address | name | "
                + "passport | phone | ssn, got \"dna\"",
            "✖ policyPacks[1]: must be one of foundational, got \"basic\""),
        e.problems().stream().map(ConfigProblem::toLine).toList());
  }

  // ---- remote merge ----------------------------------------------------------------------------------------

  private static final PolicySet LOCAL = setWithPacks(List.of("foundational"),
      "{name: a, phase: request, condition: {type: model_name, pattern: 'x'}, action: warn}",
      "{name: b, phase: request, condition: {type: model_name, pattern: 'y'}, action: warn}");

  @Test
  void remotePoliciesOverrideByNameInPlaceAndNewOnesComeBeforeThePack() {
    PolicySet merged = LOCAL.mergeRemote(policies(
        "{name: new-1, phase: request, condition: {type: content_pattern, pattern: secret}, action: block}",
        "{name: b, phase: request, condition: {type: model_name, pattern: 'z'}, action: block}",
        "{name: block-ssn, phase: request, condition: {type: pii_detected, entities: [ssn]}, action: warn}"),
        "cloud (etag 1)");
    assertEquals(List.of("a", "b", "new-1", "block-injection", "redact-pii-response", "warn-large-prompt", "block-ssn"),
        names(merged.policies()));
    assertEquals(Action.BLOCK, merged.policies().get(1).action(), "remote b replaced local b");
    assertEquals(Action.WARN, merged.policies().get(6).action(), "remote block-ssn replaced the pack's");
    assertEquals("cloud (etag 1)", merged.source());
    assertEquals(List.of(), merged.problems());
  }

  @Test
  void anInvalidRemotePolicyIsSkippedAndReportedAndTheRestApplies() {
    PolicySet merged = LOCAL.mergeRemote(policies(
        "{name: ok, phase: request, condition: {type: pii_detected}, action: warn}",
        "{name: b, phase: request, condition: {type: content_pattern, pattern: '(a)\\1'}, action: block}",
        "{name: ok, phase: request, condition: {type: pii_detected}, action: block}",
        "{name: 5, phase: request, condition: {type: pii_detected}, action: warn}",
        "{phase: later, condition: 3, action: warn}"), "cloud");
    assertEquals(List.of("a", "b", "ok", "block-injection", "redact-pii-response", "warn-large-prompt", "block-ssn"),
        names(merged.policies()));
    assertEquals(Action.WARN, merged.policies().get(1).action(), "the local b stays when its remote override is invalid");
    assertEquals(List.of(
            "✖ cloud.policies[1].condition.pattern: backreferences (\\1, \\k<name>) are not supported: content_pattern "
                + "regexes run on RE2, which guarantees linear-time matching and has no backreferences",
            "✖ cloud.policies[2].name: duplicate policy name \"ok\"",
            "✖ cloud.policies[3].name: must be a string, got 5",
            "✖ cloud.policies[4].name: is required",
            "✖ cloud.policies[4].phase: must be one of request | response, got \"later\"",
            "✖ cloud.policies[4].condition: must be a map of keys, got 3"),
        merged.problems().stream().map(ConfigProblem::toLine).toList());
  }

  @Test
  void remoteBookkeepingKeysAndNullsAreIgnored() {
    JsonObject remote = new JsonObject("""
        {"id": "pol_123", "name": "r", "description": "from the dashboard", "createdAt": "2025-01-01",
         "phase": "request", "action": "warn", "redactionStrategy": null, "on": null, "enabled": true,
         "condition": {"type": "pii_detected", "entities": null, "threshold": null, "priority": 3}}""");
    PolicySet merged = PolicySet.empty().mergeRemote(new JsonArray().add(remote), "cloud");
    assertEquals(List.of(), merged.problems());
    Policy r = merged.policies().get(0);
    assertEquals(new Condition.PiiDetected(Set.of()), r.condition());
    assertEquals("*", r.on());

    JsonObject strategyOnWarn = yaml("{name: s, phase: request, condition: {type: pii_detected}, action: warn, redactionStrategy: mask}");
    PolicySet lenient = PolicySet.empty().mergeRemote(new JsonArray().add(strategyOnWarn), "cloud");
    assertEquals(List.of(), lenient.problems(), "a strategy on a warn policy is harmless from the control plane");
    assertEquals(null, lenient.policies().get(0).redactionStrategy());
  }

  @Test
  void aNewRemoteListReplacesTheOldOne() {
    PolicySet first = LOCAL.mergeRemote(policies(
        "{name: gone-later, phase: request, condition: {type: pii_detected}, action: warn}"), "cloud 1");
    PolicySet second = first.mergeRemote(policies(
        "{name: kept, phase: request, condition: {type: pii_detected}, action: warn}"), "cloud 2");
    assertTrue(names(first.policies()).contains("gone-later"));
    assertFalse(names(second.policies()).contains("gone-later"), "a policy the control plane removed goes away");
    assertTrue(names(second.policies()).contains("kept"));
    assertEquals(names(LOCAL.policies()), names(second.mergeRemote(new JsonArray(), "cloud 3").policies()));
  }

  @Test
  void remoteNullEntriesAreReported() {
    PolicySet merged = PolicySet.empty().mergeRemote(new JsonArray().addNull().add("text"), "cloud");
    assertEquals(List.of("✖ cloud.policies[0]: is null", "✖ cloud.policies[1]: must be a map of keys, got \"text\""),
        merged.problems().stream().map(ConfigProblem::toLine).toList());
  }

  // ---- JSON round trip -------------------------------------------------------------------------------------

  @Test
  void jsonRoundTripOfEveryKindOfSet() {
    PolicySet local = setWithPacks(List.of("foundational"),
        "{name: i, phase: request, condition: {type: injection_score, threshold: 0.55}, action: warn, on: bot}",
        "{name: p, phase: request, condition: {type: pii_detected, entities: [phone, email]}, action: redact, redactionStrategy: tokenize}",
        "{name: t, phase: response, condition: {type: token_count, threshold: 10.5, count_type: output}, action: warn}",
        "{name: m, phase: request, condition: {type: model_name, models: ['gpt-4*', o1]}, action: block, enabled: false}",
        "{name: g, phase: request, condition: {type: model_name, pattern: 'claude-*'}, action: warn}",
        "{name: c, phase: request, condition: {type: content_pattern, pattern: '(?i)secret\\s+\\d+', field: system}, action: redact, redactionStrategy: drop}");
    PolicySet merged = local.mergeRemote(policies(
        "{name: r, phase: response, condition: {type: content_pattern, pattern: x}, action: block}",
        "{name: bad, phase: response, condition: {type: injection_score, threshold: 2}, action: block}"), "cloud (etag \"w/1\")");
    for (PolicySet set : List.of(PolicySet.empty(), local, merged)) {
      JsonObject json = set.toJson();
      PolicySet back = PolicySet.fromJson(new JsonObject(json.encode()));
      assertEquals(set, back);
      assertNotSame(set, back);
      assertEquals(json, back.toJson());
      assertEquals(set.policies(), back.policies());
      assertEquals(set.problems(), back.problems());
      assertEquals(set.source(), back.source());
    }
    assertEquals(2, merged.problems().size());
  }

  @Test
  void invalidJsonIsAnInvalidConfigException() {
    JsonObject json = new JsonObject().put("source", "peer").put("policies", new JsonArray().add(new JsonObject()
        .put("name", "x").put("phase", "sometimes")));
    assertThrows(InvalidConfigException.class, () -> PolicySet.fromJson(json));
    JsonObject remoteBad = PolicySet.empty().toJson().put("remote", new JsonArray().add(new JsonObject()));
    assertThrows(InvalidConfigException.class, () -> PolicySet.fromJson(remoteBad));
  }

  @Test
  void policyJsonIsTheCanonicalConfigForm() {
    Policy p = set("{name: p, phase: request, condition: {type: pii_detected, entities: [email, ssn]}, action: redact, redactionStrategy: partial}")
        .policies().get(0);
    assertEquals(new JsonObject("""
        {"name": "p", "phase": "request", "condition": {"type": "pii_detected", "entities": ["ssn", "email"]},
         "action": "redact", "redactionStrategy": "partial", "on": "*", "enabled": true}"""), p.toJson());
  }
}
