package ai.rivano.gateway.config;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Valid files: every documented key binds, defaults apply, expansion works, warnings do not fail. */
class ValidConfigTest extends ConfigTestSupport {

  static final Map<String, String> ENV = Map.of(
      "OPENAI_API_KEY", "sk-test-openai",
      "ANTHROPIC_API_KEY", "sk-ant-test",
      "AZURE_KEY", "az-test",
      "RIVANO_API_KEY", "rk-test");

  private static GatewayConfig valid(String yaml, Map<String, String> env) throws Exception {
    ConfigHarness.Result r = ConfigHarness.load(vertx, dir, yaml, env);
    assertEquals(List.of(), r.errors());
    assertNotNull(r.config());
    return r.config();
  }

  @Test
  void fullConfigWithEveryKey() {
    ConfigHarness.Result r = ConfigHarness.loadFile(vertx, Path.of("src/test/resources/config/full.yaml"), ENV);
    assertEquals(List.of(), r.allLines());
    GatewayConfig c = r.config();
    assertEquals("full.yaml", c.fileName());
    assertEquals(8181, c.port(), "${PORT:-8181} with PORT unset");
    assertEquals("127.0.0.1", c.host());
    assertEquals(5000, c.shutdownTimeoutMs());
    assertEquals(1_048_576, c.maxBodyBytes());
    assertEquals(new IngressLimits(64L << 20, 20_000, 65_000, 15_000, 90_000, 2000, 45_000), c.limits());
    assertEquals(List.of("10.0.0.0/8", "fd00::/8", "192.168.1.10"), c.trustedProxies());
    assertEquals(List.of("openai", "anthropic", "azure", "ollama", "echo"), List.copyOf(c.providers().keySet()));

    ProviderConfig openai = c.providers().get("openai");
    assertEquals("sk-test-openai", openai.apiKey());
    assertTrue(openai.isPrimary());
    assertEquals(20_000, openai.timeoutMs());
    assertEquals(5_000, openai.firstTokenTimeoutMs());
    assertEquals(15_000, openai.idleTimeoutMs());
    assertEquals(2, openai.maxRetries());
    assertEquals(Map.of("gpt-4o", ModelRoute.to("gpt-4o-2024-08-06"), "*", ModelRoute.to("gpt-4o-mini")), openai.models());
    ProviderConfig anthropic = c.providers().get("anthropic");
    assertTrue(anthropic.isFallback());
    assertTrue(anthropic.supportsPrefill());
    assertEquals(Map.of("gpt-4o", new ModelRoute("claude-sonnet-4-5", false), "gpt-4o-mini", ModelRoute.to("claude-haiku-4-5"),
        "o1", new ModelRoute(null, false)), anthropic.models(), "short and long forms of models: entries");
    assertEquals(new FailoverSettings(4, 30_000, 8_000, 200, 3_000), openai.failover(), "gateway.failover");
    assertEquals(new FailoverSettings(3, 30_000, 5_000, 200, 1_000), anthropic.failover(),
        "the provider's own keys over gateway.failover, key by key");
    assertEquals(new LoggingConfig("json", "debug"), c.logging());
    assertEquals(new MetricsConfig(true, List.of("10.0.0.0/8", "fd00::/8"), true), c.metrics());
    assertEquals(new TracingConfig(true, "http://otel-collector:4318/v1/traces", Map.of("Authorization", "Bearer rk-test"),
        5000, 0.5, 4096, "rivano-edge"), c.tracing());
    assertEquals("https://api.anthropic.com", anthropic.baseUrl());
    assertNull(c.providers().get("ollama").apiKey());
    assertEquals("openai", c.defaultProvider().name());
    assertEquals("anthropic", c.fallbackProvider().orElseThrow().name());

    MiddlewareConfig m = c.middleware();
    assertFalse(m.pii());
    assertTrue(m.injection());
    assertEquals(MiddlewareConfig.AuditSink.OFF, m.audit(), "unquoted `off` is a YAML 1.1 boolean; still means off");
    assertEquals("/var/log/rivano/audit.jsonl", m.auditFile());
    assertTrue(m.cache());
    assertEquals(60, m.cacheTtlSeconds());
    assertEquals(500, m.cacheMaxEntries());
    assertEquals(0, m.rateLimit());

    CloudConfig cloud = c.cloudConfig().orElseThrow();
    assertEquals("rk-test", cloud.apiKey());
    assertEquals("https://api.rivano.ai", cloud.baseUrl());
    assertEquals(15, cloud.syncIntervalSeconds());
    assertEquals("/v2/policies", cloud.policiesPath());
    assertEquals("/v2/traces", cloud.ingestPath());
    assertEquals("/var/lib/rivano/policies.json", cloud.cacheFile());
    assertEquals(5_000, cloud.timeoutMs());
    assertTrue(c.cluster().enabled());
    assertEquals("cluster-config/hazelcast-tcp.xml", c.cluster().configFile());

    assertEquals(6, c.policies().size());
    JsonObject first = c.policies().getJsonObject(0);
    assertEquals("*", first.getString("on"), "unquoted `on:` (a YAML 1.1 boolean key) still means on");
    assertEquals(List.of("foundational"), c.policyPacks());
  }

  @Test
  void defaultsApplied() throws Exception {
    GatewayConfig c = valid("gateway:\n  providers:\n    ollama: {}\n    echo: {}\n", Map.of());
    assertEquals(8080, c.port());
    assertEquals("0.0.0.0", c.host());
    assertEquals(30_000, c.shutdownTimeoutMs());
    assertEquals(10L * 1024 * 1024, c.maxBodyBytes());
    assertEquals(new IngressLimits(IngressLimits.FROM_HEAP, 60_000, 75_000, 30_000, 120_000, 4096, 60_000), c.limits(),
        "nginx-like timeouts; the buffer budget follows the heap");
    assertEquals(List.of(), c.trustedProxies());
    MiddlewareConfig m = c.middleware();
    assertTrue(m.pii());
    assertTrue(m.injection());
    assertEquals(MiddlewareConfig.AuditSink.STDOUT, m.audit());
    assertEquals("./rivano-audit.jsonl", m.auditFile());
    assertFalse(m.cache());
    assertEquals(60, m.rateLimit());
    ProviderConfig ollama = c.providers().get("ollama");
    assertEquals(30_000, ollama.timeoutMs());
    assertEquals(1, ollama.maxRetries());
    assertEquals("http://localhost:11434", ollama.effectiveBaseUrl());
    assertEquals("ollama", c.defaultProvider().name(), "no isPrimary: the first configured provider");
    assertTrue(c.fallbackProvider().isEmpty());
    assertTrue(c.cloudConfig().isEmpty(), "no cloud section: fully offline");
    assertFalse(c.cluster().enabled());
    assertEquals(0, c.policies().size());
    assertEquals(List.of(), c.policyPacks());
  }

  @Test
  void operationalDefaults() throws Exception {
    GatewayConfig c = valid("gateway:\n  providers:\n    echo: { models: { a: b } }\n", Map.of());
    assertEquals(new LoggingConfig("text", "info"), c.logging());
    assertEquals(new MetricsConfig(true, List.of(), false), c.metrics());
    assertEquals(new FailoverSettings(5, 60_000, 10_000, 100, 2_000), c.providers().get("echo").failover(),
        "breaker: 5 failures in 60 s, half-open after 10 s; backoff 100 ms base, 2 s cap");
    assertEquals(Map.of("a", new ModelRoute("b", null)), c.providers().get("echo").models());
  }

  @Test
  void aHalfOpenDelayBeyond30SecondsIsAWarning() throws Exception {
    ConfigHarness.Result r = ConfigHarness.load(vertx, dir,
        "gateway:\n  providers:\n    echo: { failover: { circuitBreaker: { halfOpenAfterMs: 60000 } } }\n", Map.of());
    assertEquals(List.of(), r.errors());
    assertEquals(List.of("⚠ gateway.providers.echo.failover.circuitBreaker.halfOpenAfterMs: a recovered provider gets"
        + " traffic back only after 60000 ms (more than 30 s)"), r.allLines());
    assertEquals(60_000, r.config().providers().get("echo").failover().breakerHalfOpenAfterMs());
  }

  @Test
  void cloudDefaults() throws Exception {
    GatewayConfig c = valid("gateway:\n  providers: {echo: {}}\n  cloud: {apiKey: k}\n", Map.of());
    assertEquals("https://api.rivano.ai", c.cloud().baseUrl());
    assertEquals(30, c.cloud().syncIntervalSeconds());
    assertEquals("/api/policies", c.cloud().policiesPath());
    assertEquals("/api/traces/ingest", c.cloud().ingestPath());
    assertEquals("./.rivano-policies.json", c.cloud().cacheFile());
    assertEquals(10_000, c.cloud().timeoutMs());
  }

  @Test
  void primaryIsFirstIsPrimaryAndFallbackFirstIsFallback() throws Exception {
    GatewayConfig c = valid("""
        gateway:
          providers:
            ollama: {isFallback: true}
            openai: {apiKey: k}
            anthropic: {apiKey: k, isPrimary: true}
            echo: {isFallback: true}
        """, Map.of());
    assertEquals("anthropic", c.defaultProvider().name());
    assertEquals("ollama", c.fallbackProvider().orElseThrow().name());
  }

  @Test
  void twoPrimariesIsAWarningAndTheFirstWins() throws Exception {
    ConfigHarness.Result r = ConfigHarness.load(vertx, dir, """
        gateway:
          providers:
            echo: {isPrimary: true}
            ollama: {isPrimary: true}
            openai: {apiKey: k, isPrimary: true}
        """, Map.of());
    assertTrue(r.valid());
    assertEquals(List.of("⚠ gateway.providers.ollama.isPrimary: more than one provider is primary; "
        + "the first one (echo) wins"), r.warnings());
    assertEquals("echo", r.config().defaultProvider().name());
  }

  @Test
  void clusterMemberListFormBindsWithoutXml() throws Exception {
    GatewayConfig c = valid("""
        gateway:
          providers: {echo: {}}
          cluster:
            enabled: true
            members: ["10.0.0.1", "10.0.0.2:5702", " gw-3.internal "]
            port: 5801
            interface: 10.0.0.*
            name: rivano-prod
            busPort: 5901
        """, Map.of());
    ClusterSettings cluster = c.cluster();
    assertTrue(cluster.enabled());
    assertFalse(cluster.usesFile());
    assertEquals(List.of("10.0.0.1", "10.0.0.2:5702", "gw-3.internal"), cluster.members());
    assertEquals(5801, cluster.port());
    assertEquals("10.0.0.*", cluster.bindInterface());
    assertEquals("rivano-prod", cluster.name());
    assertEquals(5901, cluster.busPort());
  }

  @Test
  void clusterDefaultsAndTheThisHostOnlyWarning() throws Exception {
    ConfigHarness.Result r = ConfigHarness.load(vertx, dir, """
        gateway:
          providers: {echo: {}}
          cluster: {enabled: true}
        """, Map.of());
    assertTrue(r.valid());
    assertEquals(List.of("⚠ gateway.cluster.members: not set: this node only finds other nodes on this host "
        + "(127.0.0.1); list the other nodes' addresses"), r.warnings());
    ClusterSettings cluster = r.config().cluster();
    assertEquals(List.of(), cluster.members());
    assertEquals(5701, cluster.port());
    assertEquals("rivano-gateway", cluster.name());
    assertNull(cluster.bindInterface());
    assertEquals(0, cluster.busPort());
  }

  @Test
  void aClusterFileIsNotCheckedWhileClusteringIsOff() throws Exception {
    GatewayConfig c = valid("gateway:\n  providers: {echo: {}}\n  cluster: {enabled: false, configFile: /nope.xml}\n",
        Map.of());
    assertFalse(c.cluster().enabled());
  }

  @Test
  void apiKeyNotNeededForOllamaAndEcho() throws Exception {
    GatewayConfig c = valid("gateway:\n  providers:\n    ollama: {apiKey: \"${OLLAMA_KEY:-}\"}\n    echo: {}\n",
        Map.of());
    assertNull(c.providers().get("ollama").apiKey());
    assertFalse(c.providers().get("echo").hasApiKey());
  }

  @Test
  void variableExpansion() throws Exception {
    GatewayConfig c = valid("""
        gateway:
          port: ${PORT}
          host: "${HOST:-0.0.0.0}"
          maxBodyBytes: "${BODY}"
          providers:
            openai: {apiKey: "${OPENAI_API_KEY}", isPrimary: "${PRIMARY}", timeoutMs: "${T:-1234}"}
            ollama: {baseUrl: "http://${OLLAMA_HOST:-localhost}:11434"}
          middleware:
            rateLimit: ${RATE}
        """, Map.of("PORT", "9090", "BODY", "2048", "OPENAI_API_KEY", "sk-x", "PRIMARY", "true",
        "OLLAMA_HOST", "gpu-1", "RATE", "0", "HOST", ""));
    assertEquals(9090, c.port());
    assertEquals("0.0.0.0", c.host(), "${VAR:-default} uses the default when VAR is empty, like the shell");
    assertEquals(2048, c.maxBodyBytes());
    assertEquals("sk-x", c.providers().get("openai").apiKey());
    assertTrue(c.providers().get("openai").isPrimary());
    assertEquals(1234, c.providers().get("openai").timeoutMs());
    assertEquals("http://gpu-1:11434", c.providers().get("ollama").baseUrl());
    assertEquals(0, c.middleware().rateLimit());
  }

  @Test
  void thresholdIntegersAndPolicyDefaultsKept() throws Exception {
    GatewayConfig c = valid("""
        gateway:
          providers: {echo: {}}
        policies:
          - {name: a, phase: request, condition: {type: injection_score, threshold: 1}, action: warn, "on": agent-1}
          - {name: b, phase: request, condition: {type: pii_detected}, action: redact, redactionStrategy: tokenize,
             enabled: false}
        """, Map.of());
    assertEquals(1.0, c.policies().getJsonObject(0).getDouble("threshold", c.policies().getJsonObject(0)
        .getJsonObject("condition").getDouble("threshold")));
    assertEquals("agent-1", c.policies().getJsonObject(0).getString("on"));
    assertFalse(c.policies().getJsonObject(1).getBoolean("enabled"));
  }

  @Test
  void missingFileIsOneLine() {
    ConfigHarness.Result r = ConfigHarness.loadFile(vertx, dir.resolve("nope.yaml"), Map.of());
    assertEquals(List.of("✖ config file not found: " + dir.resolve("nope.yaml")), r.errors());
  }
}
