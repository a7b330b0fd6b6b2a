package ai.rivano.gateway.config;

import ai.rivano.gateway.cluster.HazelcastSetup;
import ai.rivano.gateway.cluster.MemberAddress;
import ai.rivano.gateway.config.Schema.ObjectSchema;
import ai.rivano.gateway.middleware.policy.PolicyRules;
import ai.rivano.gateway.routing.providers.ProviderKind;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the parsed YAML tree into a {@link GatewayConfig}, or into the complete list of problems with it.
 * Shape (types, unknown and required keys) comes from {@link #SCHEMA}; the rules below it are the ones that
 * need several keys at once. One message per problem, each with its key path.
 */
public final class ConfigValidator {

  static final Set<String> PII_ENTITIES =
      Set.of("ssn", "email", "phone", "credit_card", "ip_address", "passport", "name", "address");
  static final Set<String> CONDITION_TYPES =
      Set.of("injection_score", "pii_detected", "token_count", "model_name", "content_pattern");
  static final Set<String> POLICY_PACKS = Set.of("foundational");

  private static final Schema PROVIDER = Schema.object()
      .field("apiKey", Schema.string())
      .field("baseUrl", Schema.string())
      .field("isPrimary", Schema.bool())
      .field("isFallback", Schema.bool())
      .field("timeoutMs", Schema.integer(1, 3_600_000))
      .field("firstTokenTimeoutMs", Schema.integer(1, 3_600_000))
      .field("idleTimeoutMs", Schema.integer(1, 3_600_000))
      .field("maxRetries", Schema.integer(0, 10))
      .field("supportsPrefill", Schema.bool())
      .field("models", Schema.mapOf(Schema.scalarOrMap(Schema.string(), Schema.object()
          .field("model", Schema.string())
          .field("supportsPrefill", Schema.bool()))))
      .field("failover", failoverSchema());

  private static final ObjectSchema PROVIDERS = providersSchema();

  static final Set<String> LOG_LEVELS = Set.of("trace", "debug", "info", "warn", "error");

  private static final Schema CONDITION = Schema.object()
      .required("type", Schema.oneOf(CONDITION_TYPES.stream().sorted().toArray(String[]::new)))
      .field("threshold", Schema.number(0, Double.MAX_VALUE))
      .field("entities", Schema.listOf(Schema.oneOf(PII_ENTITIES.stream().sorted().toArray(String[]::new))))
      .field("count_type", Schema.oneOf("input", "output", "total"))
      .field("pattern", Schema.string())
      .field("models", Schema.listOf(Schema.string()))
      .field("field", Schema.oneOf("messages", "system", "response"));

  private static final Schema POLICY = Schema.object()
      .required("name", Schema.string())
      .required("phase", Schema.oneOf("request", "response"))
      .required("condition", CONDITION)
      .required("action", Schema.oneOf("block", "redact", "warn"))
      .field("redactionStrategy", Schema.oneOf("mask", "partial", "tokenize", "drop"))
      .field("on", Schema.string())
      .alias("true", "on") // YAML 1.1: an unquoted `on:` key is the boolean true
      .field("enabled", Schema.bool());

  static final ObjectSchema SCHEMA = Schema.object()
      .required("gateway", Schema.object()
          .field("port", Schema.integer(1, 65_535))
          .field("host", Schema.string())
          .field("shutdownTimeoutMs", Schema.integer(0, 3_600_000))
          .field("maxBodyBytes", Schema.integer(1, 1L << 31))
          .field("bufferBudgetBytes", Schema.integer(1, 1L << 40))
          .field("headerTimeoutMs", Schema.integer(1, 3_600_000))
          .field("keepAliveTimeoutMs", Schema.integer(1, 3_600_000))
          .field("bodyIdleTimeoutMs", Schema.integer(1, 3_600_000))
          .field("bodyTimeoutMs", Schema.integer(1, 3_600_000))
          .field("maxConnections", Schema.integer(1, 1_000_000))
          .field("sendTimeoutMs", Schema.integer(1, 3_600_000))
          .field("trustedProxies", Schema.listOf(Schema.string()))
          .required("providers", PROVIDERS)
          .field("middleware", Schema.object()
              .field("pii", Schema.bool())
              .field("injection", Schema.bool())
              .field("audit", Schema.oneOf("stdout", "file", "off"))
              .field("auditFile", Schema.string())
              .field("cache", Schema.bool())
              .field("cacheTtlSeconds", Schema.integer(1, 86_400 * 30))
              .field("cacheMaxEntries", Schema.integer(1, 10_000_000))
              .field("rateLimit", Schema.integer(0, 1_000_000_000)))
          .field("cloud", Schema.object()
              .field("apiKey", Schema.string()) // required: checked in checkCloud with a better message
              .field("baseUrl", Schema.string())
              .field("syncInterval", Schema.integer(1, 86_400))
              .field("policiesPath", Schema.string())
              .field("ingestPath", Schema.string())
              .field("cacheFile", Schema.string())
              .field("timeoutMs", Schema.integer(100, 600_000)))
          .field("cluster", Schema.object()
              .field("enabled", Schema.bool())
              .field("configFile", Schema.string())
              .field("members", Schema.listOf(Schema.string()))
              .field("port", Schema.integer(1, 65_535 - HazelcastSetup.PORT_COUNT))
              .field("interface", Schema.string())
              .field("name", Schema.string())
              .field("busPort", Schema.integer(1, 65_535)))
          .field("logging", Schema.object()
              .field("format", Schema.oneOf("text", "json"))
              .field("level", Schema.oneOf("trace", "debug", "info", "warn", "error")))
          .field("metrics", Schema.object()
              .field("enabled", Schema.bool())
              .field("allow", Schema.listOf(Schema.string()))
              .field("vertxHttp", Schema.bool()))
          .field("tracing", Schema.object()
              .field("serviceName", Schema.string())
              .field("otlp", Schema.object()
                  .field("enabled", Schema.bool())
                  .field("endpoint", Schema.string()) // required: checked in TracingRules with an example
                  .field("headers", Schema.mapOf(Schema.string()))
                  .field("timeoutMs", Schema.integer(100, 600_000))
                  .field("sampleRatio", Schema.number(0, 1))
                  .field("maxQueueSize", Schema.integer(1, 1_000_000))))
          .field("failover", failoverSchema()))
      .field("policies", Schema.listOf(POLICY))
      .field("policyPacks", Schema.listOf(Schema.oneOf(POLICY_PACKS.toArray(String[]::new))));

  /** {@code gateway.failover} and {@code gateway.providers.<name>.failover}: the same keys at both levels. */
  private static Schema failoverSchema() {
    return Schema.object()
        .field("circuitBreaker", Schema.object()
            .field("failures", Schema.integer(1, 1_000))
            .field("windowMs", Schema.integer(1_000, 86_400_000))
            .field("halfOpenAfterMs", Schema.integer(100, 3_600_000)))
        .field("backoff", Schema.object()
            .field("baseMs", Schema.integer(1, 60_000))
            .field("capMs", Schema.integer(1, 600_000)));
  }

  private static ObjectSchema providersSchema() {
    ObjectSchema providers = Schema.object();
    ProviderKind.keys().forEach(key -> providers.field(key, PROVIDER));
    return providers;
  }

  private final EnvExpander env;

  public ConfigValidator(Map<String, String> environment) {
    this.env = new EnvExpander(environment);
  }

  /** Validates and binds; throws {@link InvalidConfigException} listing every error. Warnings go to {@code warnings}. */
  public GatewayConfig validate(JsonObject raw, String fileName, List<ConfigProblem> warnings) {
    return validate(raw, fileName, warnings, List.of());
  }

  /** As above, with problems the loader already found in the file's text (duplicate keys) reported first. */
  GatewayConfig validate(JsonObject raw, String fileName, List<ConfigProblem> warnings, List<ConfigProblem> earlier) {
    Schema.Context ctx = new Schema.Context(env);
    ctx.problems.addAll(earlier);
    if (raw.isEmpty()) {
      ctx.error("", "the file is empty; it needs a top-level \"gateway:\" map with at least one provider");
      throw new InvalidConfigException(ctx.problems);
    }
    JsonObject clean = (JsonObject) SCHEMA.check(raw, "", ctx);
    if (clean != null) {
      List<ConfigProblem> rules = new ArrayList<>();
      checkProviders(raw, clean.getJsonObject("gateway", new JsonObject()), ctx, rules);
      checkTrustedProxies(clean.getJsonObject("gateway", new JsonObject()), ctx, rules);
      checkBufferBudget(clean.getJsonObject("gateway", new JsonObject()), ctx, rules);
      checkCloud(raw, clean.getJsonObject("gateway", new JsonObject()), ctx, rules);
      checkObservability(clean.getJsonObject("gateway", new JsonObject()), rules);
      TracingRules.check(clean.getJsonObject("gateway", new JsonObject()), ctx, rules);
      checkCluster(clean.getJsonObject("gateway", new JsonObject()), rules);
      PolicyRules.check(clean.getJsonArray("policies", new JsonArray()), "policies", rules);
      // one message per problem: a key that already failed its type check or expansion (e.g. an undefined
      // ${VAR}, which leaves an empty string behind) gets no second, derived message
      Set<String> reported = new HashSet<>();
      ctx.problems.forEach(p -> reported.add(p.path()));
      rules.stream().filter(p -> !reported.contains(p.path())).map(ctx::redacted).forEach(ctx.problems::add);
    }
    List<ConfigProblem> errors = ctx.problems.stream().filter(ConfigProblem::isError).toList();
    ctx.problems.stream().filter(p -> !p.isError()).forEach(warnings::add);
    if (!errors.isEmpty()) {
      throw new InvalidConfigException(errors);
    }
    return bind(clean, fileName);
  }

  // ---- cross-key rules -----------------------------------------------------------------------------------

  private static void checkProviders(JsonObject raw, JsonObject gateway, Schema.Context ctx,
                                     List<ConfigProblem> problems) {
    JsonObject providers = gateway.getJsonObject("providers");
    if (providers == null) {
      return;
    }
    if (rawProvidersEmpty(raw)) {
      problems.add(ConfigProblem.error("gateway.providers",
          "at least one provider is required (one of " + String.join(", ", ProviderKind.keys()) + ")"));
    }
    int primaries = 0;
    for (String name : providers.fieldNames()) {
      String path = "gateway.providers." + name;
      JsonObject p = providers.getJsonObject(name);
      ProviderKind kind = ProviderKind.byKey(name).orElseThrow();
      String apiKey = p.getString("apiKey");
      String rawKey = rawString(raw, "gateway", "providers", name, "apiKey");
      if (kind.requiresApiKey() && !rawContains(raw, "apiKey", "gateway", "providers", name)) {
        problems.add(ConfigProblem.error(path + ".apiKey", "required for provider " + name));
      } else if (apiKey != null) {
        checkSecret(apiKey, rawKey, path + ".apiKey", kind.requiresApiKey(), problems);
      }
      String baseUrl = p.getString("baseUrl");
      if (kind == ProviderKind.ECHO && baseUrl != null) {
        problems.add(ConfigProblem.error(path + ".baseUrl", "echo is built in and takes no baseUrl"));
      } else if (kind.requiresBaseUrl() && baseUrl == null) {
        problems.add(ConfigProblem.error(path + ".baseUrl", "required for provider " + name));
      } else if (baseUrl != null) {
        checkHttpUrl(baseUrl, path + ".baseUrl", ctx, problems);
      }
      if (p.getBoolean("isPrimary", false)) {
        primaries++;
        if (primaries == 2) {
          problems.add(ConfigProblem.warning(path + ".isPrimary",
              "more than one provider is primary; the first one (" + firstPrimary(providers) + ") wins"));
        }
      }
    }
  }

  /** True only for {@code providers: {}}; a map holding only misspelt names already has one message each. */
  private static boolean rawProvidersEmpty(JsonObject raw) {
    return raw.getValue("gateway") instanceof JsonObject gateway
        && gateway.getValue("providers") instanceof JsonObject providers && providers.isEmpty();
  }

  /** True when the map at {@code keys} in the file holds {@code key} (whatever its value). */
  private static boolean rawContains(JsonObject raw, String key, String... keys) {
    Object node = raw;
    for (String k : keys) {
      if (!(node instanceof JsonObject o)) {
        return false;
      }
      node = o.getValue(k);
    }
    return node instanceof JsonObject o && o.containsKey(key);
  }

  /** The string as written in the file (before expansion), or null. */
  private static String rawString(JsonObject raw, String... keys) {
    Object node = raw;
    for (String key : keys) {
      if (!(node instanceof JsonObject o)) {
        return null;
      }
      node = o.getValue(key);
    }
    return node instanceof String s ? s : null;
  }

  private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)");

  /**
   * Rules for an API key. The value itself never goes into a message: an operator pastes these lines into
   * tickets and chat. {@code rawValue} (before expansion) is only used to name the variable it came from.
   */
  private static void checkSecret(String value, String rawValue, String path, boolean required,
                                  List<ConfigProblem> problems) {
    String source = "";
    if (rawValue != null) {
      Matcher m = REFERENCE.matcher(rawValue);
      if (m.find()) {
        source = " (${" + m.group(1) + "} expanded to nothing)";
      }
    }
    if (value.isBlank()) {
      if (required) {
        problems.add(ConfigProblem.error(path, "is empty" + (source.isEmpty() ? "" : source)));
      }
      return;
    }
    if (!value.equals(value.strip())) {
      problems.add(ConfigProblem.error(path,
          "has leading or trailing whitespace (a stray space or newline in the variable?); value not shown"));
    } else if (value.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
      problems.add(ConfigProblem.error(path,
          "contains spaces or control characters, which cannot be sent in an HTTP header; value not shown"));
    }
  }

  private static String firstPrimary(JsonObject providers) {
    return providers.fieldNames().stream()
        .filter(n -> providers.getJsonObject(n).getBoolean("isPrimary", false)).findFirst().orElse("?");
  }

  private static void checkObservability(JsonObject gateway, List<ConfigProblem> problems) {
    OperationsRules.check(gateway, problems);
  }

  private static void checkTrustedProxies(JsonObject gateway, Schema.Context ctx, List<ConfigProblem> problems) {
    JsonArray proxies = gateway.getJsonArray("trustedProxies", new JsonArray());
    for (int i = 0; i < proxies.size(); i++) {
      String cidr = proxies.getString(i);
      if (cidr != null && !Cidr.isValid(cidr)) {
        String path = "gateway.trustedProxies[" + i + "]";
        problems.add(ConfigProblem.error(path,
            ctx.shown(path, "\"" + cidr + "\"") + " is not an IP address or CIDR range (e.g. 10.0.0.0/8)"));
      }
    }
  }

  /** A budget below the largest allowed body would turn every body of that size away with 503. */
  private static void checkBufferBudget(JsonObject gateway, Schema.Context ctx, List<ConfigProblem> problems) {
    Long budget = gateway.getLong("bufferBudgetBytes");
    long maxBody = gateway.getLong("maxBodyBytes", GatewayConfig.DEFAULT_MAX_BODY_BYTES);
    if (budget != null && budget < maxBody) {
      problems.add(ConfigProblem.error("gateway.bufferBudgetBytes", "must be at least maxBodyBytes ("
          + ctx.shown("gateway.maxBodyBytes", Long.toString(maxBody))
          + "), or a body of the allowed size could never be accepted, got "
          + ctx.shown("gateway.bufferBudgetBytes", Long.toString(budget))));
    }
  }

  private static void checkCloud(JsonObject raw, JsonObject gateway, Schema.Context ctx, List<ConfigProblem> problems) {
    JsonObject cloud = gateway.getJsonObject("cloud");
    if (cloud == null) {
      return;
    }
    String rawKey = rawString(raw, "gateway", "cloud", "apiKey");
    if (!rawContains(raw, "apiKey", "gateway", "cloud")) {
      problems.add(ConfigProblem.error("gateway.cloud.apiKey",
          "required when gateway.cloud is present (remove the cloud section to run fully offline)"));
    } else if (cloud.getString("apiKey") != null) {
      checkSecret(cloud.getString("apiKey"), rawKey, "gateway.cloud.apiKey", true, problems);
    }
    if (cloud.getString("baseUrl") != null) {
      checkHttpUrl(cloud.getString("baseUrl"), "gateway.cloud.baseUrl", ctx, problems);
    }
    for (String key : List.of("policiesPath", "ingestPath")) {
      String path = cloud.getString(key);
      if (path != null && !path.matches("/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*")) {
        problems.add(ConfigProblem.error("gateway.cloud." + key,
            "must be a path starting with / (no ?query, #fragment or spaces), got \"" + path + "\""));
      }
    }
    String cacheFile = cloud.getString("cacheFile");
    if (cacheFile != null && cacheFile.isBlank()) {
      problems.add(ConfigProblem.error("gateway.cloud.cacheFile", "must name a file (default "
          + CloudConfig.DEFAULT_CACHE_FILE + ")"));
    }
  }

  /**
   * {@code gateway.cluster}: members are host or host:port; the keys that build the Hazelcast configuration and a
   * {@code configFile} exclude each other; the file must exist and parse (checked only when clustering is on, so
   * a file switched off by {@code enabled: false} may point anywhere). Reads the file: validation runs off the
   * event loop.
   */
  private static void checkCluster(JsonObject gateway, List<ConfigProblem> problems) {
    JsonObject cluster = gateway.getJsonObject("cluster");
    if (cluster == null) {
      return;
    }
    JsonArray members = cluster.getJsonArray("members", new JsonArray());
    for (int i = 0; i < members.size(); i++) {
      String member = members.getString(i);
      if (member != null) {
        int index = i;
        MemberAddress.problem(member).ifPresent(p ->
            problems.add(ConfigProblem.error("gateway.cluster.members[" + index + "]", p)));
      }
    }
    String iface = cluster.getString("interface");
    if (iface != null && !iface.matches("(\\d{1,3}|\\*|\\d{1,3}-\\d{1,3})(\\.(\\d{1,3}|\\*|\\d{1,3}-\\d{1,3})){3}")) {
      problems.add(ConfigProblem.error("gateway.cluster.interface",
          "\"" + iface + "\" is not an IPv4 address of this host (wildcards like 10.0.0.* are allowed)"));
    }
    String file = cluster.getString("configFile");
    if (file != null) {
      for (String key : List.of("members", "port", "interface", "name")) {
        if (cluster.containsKey(key)) {
          problems.add(ConfigProblem.error("gateway.cluster." + key, "cannot be combined with configFile "
              + "(the Hazelcast file describes the whole membership; use one form or the other)"));
        }
      }
      if (cluster.getBoolean("enabled", false)) {
        HazelcastSetup.fileProblem(Path.of(file)).ifPresent(p ->
            problems.add(ConfigProblem.error("gateway.cluster.configFile", p)));
      }
    } else if (cluster.getBoolean("enabled", false) && members.isEmpty()) {
      problems.add(ConfigProblem.warning("gateway.cluster.members",
          "not set: this node only finds other nodes on this host (127.0.0.1); list the other nodes' addresses"));
    }
  }

  /** Userinfo, query and fragment may carry credentials ({@code ?key=…}): they are masked in every message. */
  static String maskUrl(String url) {
    return url.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#@]*@", "$1***@")
        .replaceFirst("\\?[^#]*", "?***")
        .replaceFirst("#.*", "#***");
  }

  private static void checkHttpUrl(String url, String path, Schema.Context ctx, List<ConfigProblem> problems) {
    String shown = ctx.shown(path, "\"" + maskUrl(url) + "\"");
    try {
      URI uri = new URI(url);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        problems.add(ConfigProblem.error(path, "must be an http:// or https:// URL, got " + shown));
      } else if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
        problems.add(ConfigProblem.error(path, "must not have a ?query or #fragment, got " + shown));
      }
    } catch (Exception e) {
      problems.add(ConfigProblem.error(path, "must be an http:// or https:// URL, got " + shown));
    }
  }

  // ---- binding -------------------------------------------------------------------------------------------

  private static GatewayConfig bind(JsonObject root, String fileName) {
    JsonObject g = root.getJsonObject("gateway");
    Map<String, ProviderConfig> providers = new LinkedHashMap<>();
    JsonObject ps = g.getJsonObject("providers");
    FailoverSettings failover = OperationsRules.failover(g.getJsonObject("failover"), FailoverSettings.defaults());
    for (String name : ps.fieldNames()) {
      providers.put(name, bindProvider(name, ps.getJsonObject(name), failover));
    }
    JsonObject m = g.getJsonObject("middleware", new JsonObject());
    MiddlewareConfig d = MiddlewareConfig.defaults();
    MiddlewareConfig middleware = new MiddlewareConfig(
        m.getBoolean("pii", d.pii()),
        m.getBoolean("injection", d.injection()),
        MiddlewareConfig.AuditSink.valueOf(m.getString("audit", "stdout").toUpperCase()),
        m.getString("auditFile", d.auditFile()),
        m.getBoolean("cache", d.cache()),
        m.getLong("cacheTtlSeconds", d.cacheTtlSeconds()),
        m.getLong("cacheMaxEntries", d.cacheMaxEntries()),
        m.getLong("rateLimit", d.rateLimit()));
    JsonObject c = g.getJsonObject("cloud");
    CloudConfig cloud = c == null ? null : new CloudConfig(c.getString("apiKey"),
        c.getString("baseUrl", CloudConfig.DEFAULT_BASE_URL),
        c.getLong("syncInterval", CloudConfig.DEFAULT_SYNC_INTERVAL_SECONDS),
        c.getString("policiesPath", CloudConfig.DEFAULT_POLICIES_PATH),
        c.getString("ingestPath", CloudConfig.DEFAULT_INGEST_PATH),
        c.getString("cacheFile", CloudConfig.DEFAULT_CACHE_FILE),
        c.getLong("timeoutMs", CloudConfig.DEFAULT_TIMEOUT_MS));
    JsonObject cl = g.getJsonObject("cluster");
    ClusterSettings cluster = cl == null ? ClusterSettings.standalone() : bindCluster(cl);
    List<String> trusted = new ArrayList<>();
    g.getJsonArray("trustedProxies", new JsonArray()).forEach(v -> trusted.add((String) v));
    List<String> packs = new ArrayList<>();
    root.getJsonArray("policyPacks", new JsonArray()).forEach(v -> packs.add((String) v));
    return new GatewayConfig(fileName,
        g.getLong("port", (long) GatewayConfig.DEFAULT_PORT).intValue(),
        g.getString("host", GatewayConfig.DEFAULT_HOST),
        g.getLong("shutdownTimeoutMs", GatewayConfig.DEFAULT_SHUTDOWN_TIMEOUT_MS),
        g.getLong("maxBodyBytes", GatewayConfig.DEFAULT_MAX_BODY_BYTES),
        List.copyOf(trusted), providers, middleware, cloud, cluster,
        root.getJsonArray("policies", new JsonArray()), List.copyOf(packs), IngressLimits.from(g),
        OperationsRules.logging(g.getJsonObject("logging")), OperationsRules.metrics(g.getJsonObject("metrics")),
        TracingRules.bind(g.getJsonObject("tracing")));
  }

  private static ClusterSettings bindCluster(JsonObject cl) {
    List<String> members = new ArrayList<>();
    cl.getJsonArray("members", new JsonArray()).forEach(v -> members.add(((String) v).trim()));
    return new ClusterSettings(cl.getBoolean("enabled", false), cl.getString("configFile"), members,
        cl.getLong("port", (long) ClusterSettings.DEFAULT_PORT).intValue(), cl.getString("interface"),
        cl.getString("name", ClusterSettings.DEFAULT_NAME), cl.getLong("busPort", 0L).intValue());
  }

  private static ProviderConfig bindProvider(String name, JsonObject p, FailoverSettings gatewayFailover) {
    Map<String, ModelRoute> models = OperationsRules.models(p.getJsonObject("models"));
    String apiKey = p.getString("apiKey");
    return new ProviderConfig(name, ProviderKind.byKey(name).orElseThrow(),
        apiKey == null || apiKey.isEmpty() ? null : apiKey,
        p.getString("baseUrl"),
        p.getBoolean("isPrimary", false),
        p.getBoolean("isFallback", false),
        p.getLong("timeoutMs", ProviderConfig.DEFAULT_TIMEOUT_MS),
        p.getLong("firstTokenTimeoutMs", ProviderConfig.DEFAULT_FIRST_TOKEN_TIMEOUT_MS),
        p.getLong("idleTimeoutMs", ProviderConfig.DEFAULT_IDLE_TIMEOUT_MS),
        p.getLong("maxRetries", (long) ProviderConfig.DEFAULT_MAX_RETRIES).intValue(),
        p.getBoolean("supportsPrefill", false),
        Map.copyOf(models),
        OperationsRules.failover(p.getJsonObject("failover"), gatewayFailover));
  }
}
