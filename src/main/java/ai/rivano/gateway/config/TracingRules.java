package ai.rivano.gateway.config;

import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules and the binding of {@code gateway.tracing} (shapes and ranges are in {@link ConfigValidator#SCHEMA}).
 * A header value is a secret (a collector's bearer token or API key): no message ever contains one.
 */
final class TracingRules {

  /**
   * Headers the exporter sets itself or that the JDK's HTTP client refuses to be given: configuring one would fail
   * every export at run time, so it fails validation instead.
   */
  static final Set<String> RESERVED_HEADERS = Set.of("connection", "content-encoding", "content-length",
      "content-type", "expect", "host", "keep-alive", "te", "trailer", "transfer-encoding", "upgrade");

  private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";

  private TracingRules() {
  }

  static void check(JsonObject gateway, Schema.Context ctx, List<ConfigProblem> problems) {
    JsonObject otlp = gateway.getJsonObject("tracing", new JsonObject()).getJsonObject("otlp");
    if (otlp == null) {
      return;
    }
    String endpoint = otlp.getString("endpoint");
    if (endpoint == null) {
      if (otlp.getBoolean("enabled", true)) {
        problems.add(ConfigProblem.error("gateway.tracing.otlp.endpoint",
            "is required (the collector's OTLP/HTTP URL, e.g. http://127.0.0.1:4318/v1/traces)"));
      }
    } else {
      checkEndpoint(endpoint, ctx, problems);
    }
    JsonObject headers = otlp.getJsonObject("headers", new JsonObject());
    for (String name : headers.fieldNames()) {
      String path = "gateway.tracing.otlp.headers." + name;
      if (!name.matches(TOKEN)) {
        problems.add(ConfigProblem.error(path, "is not a valid HTTP header name"));
      } else if (RESERVED_HEADERS.contains(name.toLowerCase())) {
        problems.add(ConfigProblem.error(path, "is set by the exporter itself and cannot be configured"));
      }
      String value = headers.getString(name);
      if (value != null && value.isEmpty()) {
        problems.add(ConfigProblem.error(path, "is empty (a header needs a value)"));
      } else if (value != null && value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
        problems.add(ConfigProblem.error(path,
            "contains a line break or control character, which cannot be sent in an HTTP header; value not shown"));
      } else if (value != null && !value.equals(value.strip())) {
        problems.add(ConfigProblem.error(path,
            "has leading or trailing whitespace (a stray space or newline in the variable?); value not shown"));
      }
    }
  }

  /** An http(s) URL without credentials, query or fragment: the exporter's log lines may print it. */
  private static void checkEndpoint(String url, Schema.Context ctx, List<ConfigProblem> problems) {
    String path = "gateway.tracing.otlp.endpoint";
    String shown = ctx.shown(path, "\"" + ConfigValidator.maskUrl(url) + "\"");
    try {
      URI uri = new URI(url);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        problems.add(ConfigProblem.error(path, "must be an http:// or https:// URL, got " + shown));
      } else if (uri.getRawUserInfo() != null) {
        problems.add(ConfigProblem.error(path,
            "must not carry credentials (user:password@); send them in gateway.tracing.otlp.headers, got " + shown));
      } else if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
        problems.add(ConfigProblem.error(path, "must not have a ?query or #fragment, got " + shown));
      }
    } catch (Exception e) {
      problems.add(ConfigProblem.error(path, "must be an http:// or https:// URL, got " + shown));
    }
  }

  static TracingConfig bind(JsonObject section) {
    JsonObject otlp = section == null ? null : section.getJsonObject("otlp");
    if (otlp == null || !otlp.getBoolean("enabled", true)) {
      return TracingConfig.disabled();
    }
    Map<String, String> headers = new LinkedHashMap<>();
    otlp.getJsonObject("headers", new JsonObject()).forEach(e -> headers.put(e.getKey(), (String) e.getValue()));
    return new TracingConfig(true, withTracesPath(otlp.getString("endpoint")), Map.copyOf(headers),
        otlp.getLong("timeoutMs", TracingConfig.DEFAULT_TIMEOUT_MS),
        otlp.getDouble("sampleRatio", TracingConfig.DEFAULT_SAMPLE_RATIO),
        otlp.getLong("maxQueueSize", (long) TracingConfig.DEFAULT_MAX_QUEUE_SIZE).intValue(),
        section.getString("serviceName", TracingConfig.DEFAULT_SERVICE_NAME));
  }

  /**
   * {@code http://collector:4318} → {@code http://collector:4318/v1/traces}: the OTLP/HTTP exporter posts to the URL
   * as given, and a collector answers 404 on {@code /}. A URL with a path is used as written.
   */
  static String withTracesPath(String endpoint) {
    String path = URI.create(endpoint).getRawPath();
    if (path == null || path.isEmpty() || "/".equals(path)) {
      return endpoint.replaceFirst("/?$", TracingConfig.DEFAULT_PATH);
    }
    return endpoint;
  }
}
