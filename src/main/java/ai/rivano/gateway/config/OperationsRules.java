package ai.rivano.gateway.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cross-key rules and the binding of the operational sections: {@code gateway.failover} (and its per-provider
 * overrides), {@code gateway.metrics}, {@code gateway.logging} and the long form of {@code models:} entries. The
 * shapes themselves (types, ranges, unknown keys) are in {@link ConfigValidator#SCHEMA}.
 */
final class OperationsRules {

  /** The spec's bound for a recovered provider to get traffic back (SPEC §4). */
  static final long HALF_OPEN_BOUND_MS = 30_000;

  private OperationsRules() {
  }

  static void check(JsonObject gateway, List<ConfigProblem> problems) {
    JsonArray allow = gateway.getJsonObject("metrics", new JsonObject()).getJsonArray("allow", new JsonArray());
    for (int i = 0; i < allow.size(); i++) {
      String cidr = allow.getString(i);
      if (cidr != null && !Cidr.isValid(cidr)) {
        problems.add(ConfigProblem.error("gateway.metrics.allow[" + i + "]",
            "\"" + cidr + "\" is not an IP address or CIDR range (e.g. 10.0.0.0/8)"));
      }
    }
    JsonObject defaults = gateway.getJsonObject("failover");
    FailoverSettings gatewayWide = failover(defaults, FailoverSettings.defaults());
    checkFailover(defaults, gatewayWide, "gateway.failover", problems);
    JsonObject providers = gateway.getJsonObject("providers", new JsonObject());
    for (String name : providers.fieldNames()) {
      JsonObject provider = providers.getJsonObject(name);
      if (provider == null) {
        continue;
      }
      String path = "gateway.providers." + name;
      JsonObject own = provider.getJsonObject("failover");
      checkFailover(own, failover(own, gatewayWide), path + ".failover", problems);
      JsonObject models = provider.getJsonObject("models", new JsonObject());
      for (String model : models.fieldNames()) {
        if (models.getValue(model) instanceof JsonObject entry && entry.isEmpty()) {
          problems.add(ConfigProblem.error(path + ".models." + model,
              "an empty entry does nothing; give model, supportsPrefill or both"));
        }
      }
    }
  }

  /**
   * A cap below the base would make every backoff the cap; a half-open delay beyond 30 s breaks the promise that a
   * recovered provider gets its traffic back within 30 s (a warning: the operator may want it).
   */
  private static void checkFailover(JsonObject written, FailoverSettings effective, String path,
                                    List<ConfigProblem> problems) {
    if (written == null) {
      return;
    }
    JsonObject backoff = written.getJsonObject("backoff", new JsonObject());
    if ((backoff.containsKey("capMs") || backoff.containsKey("baseMs"))
        && effective.backoffCapMs() < effective.backoffBaseMs()) {
      String key = backoff.containsKey("capMs") ? "capMs" : "baseMs";
      problems.add(ConfigProblem.error(path + ".backoff." + key, "capMs (" + effective.backoffCapMs()
          + ") must be at least baseMs (" + effective.backoffBaseMs() + ")"));
    }
    JsonObject breaker = written.getJsonObject("circuitBreaker", new JsonObject());
    if (breaker.containsKey("halfOpenAfterMs") && effective.breakerHalfOpenAfterMs() > HALF_OPEN_BOUND_MS) {
      problems.add(ConfigProblem.warning(path + ".circuitBreaker.halfOpenAfterMs", "a recovered provider gets traffic"
          + " back only after " + effective.breakerHalfOpenAfterMs() + " ms (more than 30 s)"));
    }
  }

  /** {@code section}'s keys over {@code base}, key by key (null section = base). */
  static FailoverSettings failover(JsonObject section, FailoverSettings base) {
    if (section == null) {
      return base;
    }
    JsonObject breaker = section.getJsonObject("circuitBreaker", new JsonObject());
    JsonObject backoff = section.getJsonObject("backoff", new JsonObject());
    return new FailoverSettings(
        breaker.getLong("failures", (long) base.breakerFailures()).intValue(),
        breaker.getLong("windowMs", base.breakerWindowMs()),
        breaker.getLong("halfOpenAfterMs", base.breakerHalfOpenAfterMs()),
        backoff.getLong("baseMs", base.backoffBaseMs()),
        backoff.getLong("capMs", base.backoffCapMs()));
  }

  /** Short form (a model name) and long form ({@code { model, supportsPrefill }}) alike. */
  static Map<String, ModelRoute> models(JsonObject models) {
    Map<String, ModelRoute> out = new LinkedHashMap<>();
    if (models == null) {
      return out;
    }
    models.forEach(e -> out.put(e.getKey(), e.getValue() instanceof JsonObject entry
        ? new ModelRoute(entry.getString("model"), entry.getBoolean("supportsPrefill"))
        : ModelRoute.to((String) e.getValue())));
    return out;
  }

  static LoggingConfig logging(JsonObject section) {
    JsonObject l = section == null ? new JsonObject() : section;
    return new LoggingConfig(l.getString("format", LoggingConfig.DEFAULT_FORMAT),
        l.getString("level", LoggingConfig.DEFAULT_LEVEL));
  }

  static MetricsConfig metrics(JsonObject section) {
    JsonObject m = section == null ? new JsonObject() : section;
    return new MetricsConfig(m.getBoolean("enabled", true),
        m.getJsonArray("allow", new JsonArray()).stream().map(String.class::cast).toList(),
        m.getBoolean("vertxHttp", false));
  }
}
