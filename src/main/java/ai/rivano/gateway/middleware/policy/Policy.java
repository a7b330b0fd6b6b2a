package ai.rivano.gateway.middleware.policy;

import io.vertx.core.json.JsonObject;

import java.util.Locale;

/**
 * One compiled, validated policy (SPEC §7). Built only by {@link PolicyRules}, so every instance is one that
 * can work: {@code redactionStrategy} is set exactly when {@code action} is {@link Action#REDACT}, the condition
 * fits the phase, and so on (see {@code docs/guardrails.md}, "What validate rejects").
 *
 * @param on agent name ({@code X-Rivano-Agent}) the policy is limited to, or {@link #EVERY_AGENT}
 */
public record Policy(String name, Phase phase, Condition condition, Action action,
                     RedactionStrategy redactionStrategy, String on, boolean enabled) {

  public static final String EVERY_AGENT = "*";

  public enum Phase {
    REQUEST, RESPONSE;

    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public enum Action {
    BLOCK, REDACT, WARN;

    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Whether the policy covers a request from {@code agent} (the {@code X-Rivano-Agent} header, null when absent).
   * Agent names compare ignoring case and surrounding spaces: a policy aimed at {@code support-bot} must not be
   * skipped because an application sends {@code Support-Bot}. A request without the header only gets
   * {@code "*"} policies.
   */
  public boolean appliesTo(String agent) {
    if (EVERY_AGENT.equals(on)) {
      return true;
    }
    return agent != null && on.equalsIgnoreCase(agent.strip());
  }

  /** The canonical config form; {@link PolicyRules} reads it back to an equal policy. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("name", name)
        .put("phase", phase.configName())
        .put("condition", condition.toJson())
        .put("action", action.configName());
    if (redactionStrategy != null) {
      json.put("redactionStrategy", redactionStrategy.configName());
    }
    return json.put("on", on).put("enabled", enabled);
  }
}
