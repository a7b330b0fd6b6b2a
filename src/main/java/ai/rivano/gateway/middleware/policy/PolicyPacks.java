package ai.rivano.gateway.middleware.policy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The built-in policy packs ({@code policyPacks: [foundational]}) and the implicit injection policies. Packs are
 * written in the config form and compiled by {@link PolicyRules} like the file's own policies.
 */
final class PolicyPacks {

  static final String FOUNDATIONAL = "foundational";

  /**
   * SPEC §7: block-injection ≥ 0.7, redact-pii-response, warn-large-prompt "> 4000 tokens" (≥ 4001: counts are
   * whole numbers and the condition fires at ≥), block-ssn.
   */
  private static final JsonArray FOUNDATIONAL_POLICIES = new JsonArray()
      .add(policy("block-injection", "request", new JsonObject().put("type", "injection_score").put("threshold", 0.7),
          "block"))
      .add(policy("redact-pii-response", "response", new JsonObject().put("type", "pii_detected"), "redact")
          .put("redactionStrategy", "mask"))
      .add(policy("warn-large-prompt", "request",
          new JsonObject().put("type", "token_count").put("threshold", 4001).put("count_type", "input"), "warn"))
      .add(policy("block-ssn", "request",
          new JsonObject().put("type", "pii_detected").put("entities", new JsonArray().add("ssn")), "block"));

  private static final Map<String, List<Policy>> PACKS = Map.of(FOUNDATIONAL, compile(FOUNDATIONAL_POLICIES));

  /**
   * With injection scoring on and no {@code injection_score} policy in the set, these apply (SPEC §6 bands: 0.3–0.7
   * passes with a warning, ≥ 0.7 is blocked). Block first: a blocked request does not also list the warning.
   */
  static final List<Policy> INJECTION_DEFAULTS = compile(new JsonArray()
      .add(policy("default-injection-block", "request",
          new JsonObject().put("type", "injection_score").put("threshold", 0.7), "block"))
      .add(policy("default-injection-warn", "request",
          new JsonObject().put("type", "injection_score").put("threshold", 0.3), "warn")));

  private PolicyPacks() {}

  static Set<String> names() {
    return PACKS.keySet();
  }

  static Optional<List<Policy>> pack(String name) {
    return Optional.ofNullable(PACKS.get(name));
  }

  private static JsonObject policy(String name, String phase, JsonObject condition, String action) {
    return new JsonObject().put("name", name).put("phase", phase).put("condition", condition).put("action", action);
  }

  private static List<Policy> compile(JsonArray policies) {
    List<ai.rivano.gateway.config.ConfigProblem> problems = new ArrayList<>();
    List<Policy> compiled = PolicyRules.check(policies, "pack", problems);
    if (!problems.isEmpty()) {
      throw new IllegalStateException("built-in policies are invalid: " + problems);
    }
    return List.copyOf(compiled);
  }
}
