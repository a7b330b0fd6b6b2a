package ai.rivano.gateway.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The table of bad configurations: YAML text → exactly the lines {@code validate} prints. Every case goes through
 * {@link ConfigLoader} (the Vert.x Config YAML store) with an injected environment.
 */
class InvalidConfigTableTest extends ConfigTestSupport {

  /** The environment every case sees unless it brings its own. */
  static final Map<String, String> ENV = Map.of(
      "OPENAI_API_KEY", "sk-test-openai",
      "ANTHROPIC_API_KEY", "sk-ant-test",
      "PORT", "9090",
      "EMPTY", "");

  /** A minimal valid gateway section to which a case adds one mistake. */
  private static final String ECHO = "gateway:\n  providers:\n    echo: {}\n";

  private static Arguments bad(String name, String yaml, String... lines) {
    return Arguments.of(name, yaml, ENV, List.of(lines));
  }

  private static Arguments badWith(String name, Map<String, String> env, String yaml, String... lines) {
    return Arguments.of(name, yaml, env, List.of(lines));
  }

  private static String policy(String body) {
    return ECHO + "policies:\n  - " + body + "\n";
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        // ---- the file as a whole --------------------------------------------------------------------------
        bad("YAML syntax: bad indentation", "gateway:\n  port: 1\n providers: x\n",
            "✖ YAML syntax error at line 3, column 2: expected <block end>, but found '<block mapping start>'"),
        bad("YAML syntax: unclosed flow list", "gateway: [1\n",
            "✖ YAML syntax error at line 2, column 1: expected ',' or ']', but got <stream end>"),
        bad("YAML syntax: tab indentation", "gateway:\n\tport: 1\n",
            "✖ YAML syntax error at line 2, column 1: found character '\\t(TAB)' that cannot start any token. "
                + "(Do not use \\t(TAB) for indentation)"),
        bad("empty file", "",
            "✖ the file is empty; it needs a top-level \"gateway:\" map with at least one provider"),
        bad("only comments", "# nothing yet\n---\n",
            "✖ the file is empty; it needs a top-level \"gateway:\" map with at least one provider"),
        bad("top level is a list", "- gateway\n- providers\n",
            "✖ the file must be a YAML map with a top-level \"gateway:\" key, got a list"),
        bad("top level is a scalar", "gateway\n",
            "✖ the file must be a YAML map with a top-level \"gateway:\" key, got a single value"),
        bad("duplicate YAML key", "gateway:\n  port: 8080\n  providers:\n    echo: {}\n  port: 9090\n",
            "✖ gateway.port: duplicate key on line 5 (first on line 2); YAML would silently keep only the last one"),

        // ---- required structure -----------------------------------------------------------------------------
        bad("missing gateway", "policies: []\n", "✖ gateway: is required"),
        bad("gateway has no value", "gateway:\n", "✖ gateway: has no value (expected a map)"),
        bad("gateway is a list", "gateway: [a]\n", "✖ gateway: must be a map of keys, got a list"),
        bad("missing providers", "gateway:\n  port: 8080\n", "✖ gateway.providers: is required"),
        bad("providers has no value", "gateway:\n  providers:\n",
            "✖ gateway.providers: has no value (expected a map)"),
        bad("empty providers", "gateway:\n  providers: {}\n",
            "✖ gateway.providers: at least one provider is required "
                + "(one of openai, anthropic, google, azure, bedrock, mistral, cohere, ollama, echo)"),

        // ---- unknown keys -----------------------------------------------------------------------------------
        bad("misspelt top-level gateway", "gatway:\n  providers: {echo: {}}\n",
            "✖ gatway: unknown key (did you mean \"gateway\"?)"),
        bad("unknown top-level key", ECHO + "polices: []\n",
            "✖ polices: unknown key (did you mean \"policies\"?)"),
        bad("unknown top-level key, no suggestion", ECHO + "telemetry: true\n", "✖ telemetry: unknown key"),
        bad("nested: prots", ECHO + "  prots: 8080\n", "✖ gateway.prots: unknown key (did you mean \"port\"?)"),
        bad("nested: ratelimit", ECHO + "  middleware:\n    ratelimit: 10\n",
            "✖ gateway.middleware.ratelimit: unknown key (did you mean \"rateLimit\"?)"),
        bad("provider key: apikey", "gateway:\n  providers:\n    openai: {apikey: x, apiKey: y}\n",
            "✖ gateway.providers.openai.apikey: unknown key (did you mean \"apiKey\"?)"),
        bad("provider key: primary", ECHO.replace("{}", "{primary: true}"),
            "✖ gateway.providers.echo.primary: unknown key (did you mean \"isPrimary\"?)"),
        bad("unknown provider openia", "gateway:\n  providers:\n    openia: {apiKey: x}\n",
            "✖ gateway.providers.openia: unknown key (did you mean \"openai\"?)"),
        bad("unknown provider among good ones", ECHO + "    antropic: {apiKey: x}\n",
            "✖ gateway.providers.antropic: unknown key (did you mean \"anthropic\"?)"),
        bad("unquoted boolean key", policy(
                "{name: a, phase: request, condition: {type: injection_score, threshold: 0.5}, action: block, off: 1}"),
            "✖ policies[0].false: unknown key (an unquoted yes/no/on/off/true/false key reads as a boolean in YAML; "
                + "quote it)"),

        // ---- wrong types and ranges -------------------------------------------------------------------------
        bad("port not a number", ECHO + "  port: abc\n", "✖ gateway.port: must be an integer, got \"abc\""),
        bad("port too large", ECHO + "  port: 70000\n", "✖ gateway.port: must be between 1 and 65535, got 70000"),
        bad("port zero", ECHO + "  port: 0\n", "✖ gateway.port: must be between 1 and 65535, got 0"),
        bad("port fractional", ECHO + "  port: 80.5\n", "✖ gateway.port: must be an integer, got 80.5"),
        bad("port huge", ECHO + "  port: 123456789012345678901234\n",
            "✖ gateway.port: must be between 1 and 65535, got 123456789012345678901234"),
        bad("port has no value", ECHO + "  port:\n", "✖ gateway.port: has no value (expected an integer)"),
        bad("isPrimary \"yes\"", ECHO.replace("{}", "{isPrimary: \"yes\"}"),
            "✖ gateway.providers.echo.isPrimary: must be true or false, got \"yes\""),
        bad("isFallback a number", ECHO.replace("{}", "{isFallback: 1}"),
            "✖ gateway.providers.echo.isFallback: must be true or false, got 1"),
        bad("rateLimit -1", ECHO + "  middleware:\n    rateLimit: -1\n",
            "✖ gateway.middleware.rateLimit: must be between 0 and 1000000000, got -1"),
        bad("audit unknown sink", ECHO + "  middleware:\n    audit: stdot\n",
            "✖ gateway.middleware.audit: must be one of stdout | file | off, got \"stdot\" (did you mean \"stdout\"?)"),
        bad("pii not a boolean", ECHO + "  middleware:\n    pii: [ssn]\n",
            "✖ gateway.middleware.pii: must be true or false, got a list"),
        bad("timeoutMs negative", ECHO.replace("{}", "{timeoutMs: -5}"),
            "✖ gateway.providers.echo.timeoutMs: must be between 1 and 3600000, got -5"),
        bad("maxRetries too many", ECHO.replace("{}", "{maxRetries: 11}"),
            "✖ gateway.providers.echo.maxRetries: must be between 0 and 10, got 11"),
        bad("provider not a map", "gateway:\n  providers:\n    echo: true\n",
            "✖ gateway.providers.echo: must be a map of keys, got a boolean (true)"),
        bad("models not a map", ECHO.replace("{}", "{models: [gpt-4o]}"),
            "✖ gateway.providers.echo.models: must be a map of keys, got a list"),
        bad("trustedProxies not a list", ECHO + "  trustedProxies: 10.0.0.0/8\n",
            "✖ gateway.trustedProxies: must be a list, got \"10.0.0.0/8\""),
        bad("maxBodyBytes zero", ECHO + "  maxBodyBytes: 0\n",
            "✖ gateway.maxBodyBytes: must be between 1 and 2147483648, got 0"),
        bad("bufferBudgetBytes below maxBodyBytes", ECHO + "  maxBodyBytes: 2048\n  bufferBudgetBytes: 1024\n",
            "✖ gateway.bufferBudgetBytes: must be at least maxBodyBytes (2048), or a body of the allowed size could "
                + "never be accepted, got 1024"),
        bad("bufferBudgetBytes below the default maxBodyBytes", ECHO + "  bufferBudgetBytes: 1048576\n",
            "✖ gateway.bufferBudgetBytes: must be at least maxBodyBytes (10485760), or a body of the allowed size "
                + "could never be accepted, got 1048576"),
        bad("maxConnections zero", ECHO + "  maxConnections: 0\n",
            "✖ gateway.maxConnections: must be between 1 and 1000000, got 0"),
        bad("sendTimeoutMs negative", ECHO + "  sendTimeoutMs: -5\n",
            "✖ gateway.sendTimeoutMs: must be between 1 and 3600000, got -5"),
        bad("headerTimeoutMs not a number", ECHO + "  headerTimeoutMs: soon\n",
            "✖ gateway.headerTimeoutMs: must be an integer, got \"soon\""),
        bad("keepAliveTimeoutMs zero", ECHO + "  keepAliveTimeoutMs: 0\n",
            "✖ gateway.keepAliveTimeoutMs: must be between 1 and 3600000, got 0"),
        bad("bodyTimeoutMs too large", ECHO + "  bodyTimeoutMs: 3600001\n",
            "✖ gateway.bodyTimeoutMs: must be between 1 and 3600000, got 3600001"),
        bad("bodyIdleTimeoutMs negative", ECHO + "  bodyIdleTimeoutMs: -1\n",
            "✖ gateway.bodyIdleTimeoutMs: must be between 1 and 3600000, got -1"),
        bad("syncInterval zero", ECHO + "  cloud: {apiKey: k, syncInterval: 0}\n",
            "✖ gateway.cloud.syncInterval: must be between 1 and 86400, got 0"),

        // ---- provider rules -----------------------------------------------------------------------------------
        bad("openai without apiKey", "gateway:\n  providers:\n    openai: {}\n",
            "✖ gateway.providers.openai.apiKey: required for provider openai"),
        bad("anthropic without apiKey", "gateway:\n  providers:\n    anthropic: {isPrimary: true}\n",
            "✖ gateway.providers.anthropic.apiKey: required for provider anthropic"),
        bad("azure without baseUrl", "gateway:\n  providers:\n    azure: {apiKey: k}\n",
            "✖ gateway.providers.azure.baseUrl: required for provider azure"),
        bad("bedrock without baseUrl", "gateway:\n  providers:\n    bedrock: {apiKey: k}\n",
            "✖ gateway.providers.bedrock.baseUrl: required for provider bedrock"),
        bad("azure without anything", "gateway:\n  providers:\n    azure: {}\n",
            "✖ gateway.providers.azure.apiKey: required for provider azure",
            "✖ gateway.providers.azure.baseUrl: required for provider azure"),
        bad("baseUrl ftp", "gateway:\n  providers:\n    ollama: {baseUrl: \"ftp://x\"}\n",
            "✖ gateway.providers.ollama.baseUrl: must be an http:// or https:// URL, got \"ftp://x\""),
        bad("baseUrl not a url", "gateway:\n  providers:\n    ollama: {baseUrl: not a url}\n",
            "✖ gateway.providers.ollama.baseUrl: must be an http:// or https:// URL, got \"not a url\""),
        bad("baseUrl without host", "gateway:\n  providers:\n    ollama: {baseUrl: \"http://\"}\n",
            "✖ gateway.providers.ollama.baseUrl: must be an http:// or https:// URL, got \"http://\""),
        bad("baseUrl with query (masked: it may hold a key)",
            "gateway:\n  providers:\n    ollama: {baseUrl: \"http://h:11434/?x=1\"}\n",
            "✖ gateway.providers.ollama.baseUrl: must not have a ?query or #fragment, got \"http://h:11434/?***\""),
        bad("baseUrl with a key in the query and a fragment",
            "gateway:\n  providers:\n    google: {apiKey: k, baseUrl: \"https://g.example/v1beta?key=AIza123#frag\"}\n",
            "✖ gateway.providers.google.baseUrl: must not have a ?query or #fragment, got \"https://g.example/v1beta?***#***\""),
        bad("baseUrl with credentials and a query", "gateway:\n  cloud: {apiKey: k, baseUrl: \"ftp://u:pw@h/?t=1\"}\n"
                + "  providers:\n    echo: {}\n",
            "✖ gateway.cloud.baseUrl: must be an http:// or https:// URL, got \"ftp://***@h/?***\""),
        bad("baseUrl credentials are masked", "gateway:\n  providers:\n    ollama: {baseUrl: \"ftp://bob:hunter2@h/\"}\n",
            "✖ gateway.providers.ollama.baseUrl: must be an http:// or https:// URL, got \"ftp://***@h/\""),
        bad("echo with a baseUrl", ECHO.replace("{}", "{baseUrl: \"http://localhost:1\"}"),
            "✖ gateway.providers.echo.baseUrl: echo is built in and takes no baseUrl"),
        bad("cloud without apiKey", ECHO + "  cloud:\n    baseUrl: https://api.rivano.ai\n",
            "✖ gateway.cloud.apiKey: required when gateway.cloud is present "
                + "(remove the cloud section to run fully offline)"),
        bad("cloud bad baseUrl", ECHO + "  cloud: {apiKey: k, baseUrl: \"api.rivano.ai\"}\n",
            "✖ gateway.cloud.baseUrl: must be an http:// or https:// URL, got \"api.rivano.ai\""),
        bad("cloud unknown key", ECHO + "  cloud: {apiKey: k, syncIntervalSeconds: 5}\n",
            "✖ gateway.cloud.syncIntervalSeconds: unknown key"),
        bad("cloud paths", ECHO + "  cloud: {apiKey: k, policiesPath: api/policies, ingestPath: \"/ingest?x=1\"}\n",
            "✖ gateway.cloud.policiesPath: must be a path starting with / (no ?query, #fragment or spaces), got \"api/policies\"",
            "✖ gateway.cloud.ingestPath: must be a path starting with / (no ?query, #fragment or spaces), got \"/ingest?x=1\""),
        bad("cloud timeout and cache file", ECHO + "  cloud: {apiKey: k, timeoutMs: 50, cacheFile: \" \"}\n",
            "✖ gateway.cloud.timeoutMs: must be between 100 and 600000, got 50",
            "✖ gateway.cloud.cacheFile: must name a file (default ./.rivano-policies.json)"),
        // ---- cluster --------------------------------------------------------------------------------------------
        bad("cluster members not host or host:port", ECHO + "  cluster:\n    enabled: true\n    members: [10.0.0.1, "
                + "\"10.0.0.2:5702\", \"10.0.0.3:99999\", \"gw 4\", 10.0.0.300, \"127.0.0.1:5701-5703\", \"[::1]:5701\"]\n",
            "✖ gateway.cluster.members[2]: \"10.0.0.3:99999\" has a port outside 1-65535",
            "✖ gateway.cluster.members[3]: \"gw 4\" is not a host or host:port (e.g. 10.0.0.2 or 10.0.0.2:5702)",
            "✖ gateway.cluster.members[4]: \"10.0.0.300\" is not a host or host:port (e.g. 10.0.0.2 or 10.0.0.2:5702)",
            "✖ gateway.cluster.members[5]: \"127.0.0.1:5701-5703\" is a port range; list the host once (nodes on one "
                + "host are found on the base port and the two above it) or list each host:port"),
        bad("cluster members not a list", ECHO + "  cluster: {enabled: true, members: 10.0.0.1}\n",
            "✖ gateway.cluster.members: must be a list, got \"10.0.0.1\""),
        bad("cluster port out of range", ECHO + "  cluster: {enabled: true, members: [gw-1], port: 65530}\n",
            "✖ gateway.cluster.port: must be between 1 and 65515, got 65530"),
        bad("cluster interface not an address", ECHO + "  cluster: {enabled: true, members: [gw-1], interface: eth0}\n",
            "✖ gateway.cluster.interface: \"eth0\" is not an IPv4 address of this host (wildcards like 10.0.0.* are allowed)"),
        bad("cluster configFile missing", ECHO + "  cluster: {enabled: true, configFile: /nonexistent/hazelcast.xml}\n",
            "✖ gateway.cluster.configFile: file not found: /nonexistent/hazelcast.xml"),
        bad("cluster configFile not Hazelcast XML", ECHO
                + "  cluster: {enabled: true, configFile: src/test/resources/cluster/not-hazelcast.xml}\n",
            "✖ gateway.cluster.configFile: not a valid Hazelcast XML configuration "
                + "(src/test/resources/cluster/not-hazelcast.xml): Invalid content was found starting with "
                + "element 'prot'."),
        bad("cluster configFile with members", ECHO + "  cluster:\n    enabled: true\n"
                + "    configFile: cluster-config/hazelcast-tcp.xml\n    members: [10.0.0.1]\n    port: 5801\n",
            "✖ gateway.cluster.members: cannot be combined with configFile (the Hazelcast file describes the whole "
                + "membership; use one form or the other)",
            "✖ gateway.cluster.port: cannot be combined with configFile (the Hazelcast file describes the whole "
                + "membership; use one form or the other)"),
        bad("cluster unknown key", ECHO + "  cluster: {enabled: true, member: [10.0.0.1]}\n",
            "✖ gateway.cluster.member: unknown key (did you mean \"members\"?)"),
        bad("trustedProxies entries", ECHO + "  trustedProxies: [10.0.0.0/8, 10.0.0.0/33, proxy.local, \"::1/129\"]\n",
            "✖ gateway.trustedProxies[1]: \"10.0.0.0/33\" is not an IP address or CIDR range (e.g. 10.0.0.0/8)",
            "✖ gateway.trustedProxies[2]: \"proxy.local\" is not an IP address or CIDR range (e.g. 10.0.0.0/8)",
            "✖ gateway.trustedProxies[3]: \"::1/129\" is not an IP address or CIDR range (e.g. 10.0.0.0/8)"),
        bad("trustedProxies empty entry keeps indices", ECHO + "  trustedProxies: [~, 300.1.1.1]\n",
            "✖ gateway.trustedProxies[0]: has no value (expected a string)",
            "✖ gateway.trustedProxies[1]: \"300.1.1.1\" is not an IP address or CIDR range (e.g. 10.0.0.0/8)"),

        // ---- logging, metrics, failover settings, model entries (issue 8) ----------------------------------------
        bad("log format unknown", ECHO + "  logging: { format: xml }\n",
            "✖ gateway.logging.format: must be one of text | json, got \"xml\""),
        bad("log level unknown", ECHO + "  logging: { level: verbose }\n",
            "✖ gateway.logging.level: must be one of trace | debug | info | warn | error, got \"verbose\""),
        bad("logging unknown key", ECHO + "  logging: { fromat: json }\n",
            "✖ gateway.logging.fromat: unknown key (did you mean \"format\"?)"),
        bad("metrics.enabled not a boolean", ECHO + "  metrics: { enabled: \"on\" }\n",
            "✖ gateway.metrics.enabled: must be true or false, got \"on\""),
        bad("metrics.vertxHttp not a boolean", ECHO + "  metrics: { vertxHttp: 1 }\n",
            "✖ gateway.metrics.vertxHttp: must be true or false, got 1"),
        bad("metrics.allow not a CIDR", ECHO + "  metrics: { allow: [10.0.0.0/8, prometheus.local] }\n",
            "✖ gateway.metrics.allow[1]: \"prometheus.local\" is not an IP address or CIDR range (e.g. 10.0.0.0/8)"),
        bad("breaker failures 0", ECHO + "  failover: { circuitBreaker: { failures: 0 } }\n",
            "✖ gateway.failover.circuitBreaker.failures: must be between 1 and 1000, got 0"),
        bad("breaker window too short", ECHO + "  failover: { circuitBreaker: { windowMs: 10 } }\n",
            "✖ gateway.failover.circuitBreaker.windowMs: must be between 1000 and 86400000, got 10"),
        bad("half-open delay too short", ECHO + "  failover: { circuitBreaker: { halfOpenAfterMs: 50 } }\n",
            "✖ gateway.failover.circuitBreaker.halfOpenAfterMs: must be between 100 and 3600000, got 50"),
        bad("breaker key misspelt", ECHO + "  failover: { circuitBreaker: { failure: 3 } }\n",
            "✖ gateway.failover.circuitBreaker.failure: unknown key (did you mean \"failures\"?)"),
        bad("backoff cap below base", ECHO + "  failover: { backoff: { baseMs: 100, capMs: 50 } }\n",
            "✖ gateway.failover.backoff.capMs: capMs (50) must be at least baseMs (100)"),
        bad("provider backoff cap below the gateway-wide base",
            "gateway:\n  failover: { backoff: { baseMs: 500 } }\n  providers:\n"
                + "    echo: { failover: { backoff: { capMs: 200 } } }\n",
            "✖ gateway.providers.echo.failover.backoff.capMs: capMs (200) must be at least baseMs (500)"),
        bad("provider breaker failures not a number", "gateway:\n  providers:\n"
                + "    echo: { failover: { circuitBreaker: { failures: many } } }\n",
            "✖ gateway.providers.echo.failover.circuitBreaker.failures: must be an integer, got \"many\""),
        bad("model entry: supportsPrefill not a boolean", "gateway:\n  providers:\n"
                + "    echo: { models: { \"gpt-4o\": { model: m, supportsPrefill: maybe } } }\n",
            "✖ gateway.providers.echo.models.gpt-4o.supportsPrefill: must be true or false, got \"maybe\""),
        bad("model entry: unknown key", "gateway:\n  providers:\n"
                + "    echo: { models: { \"gpt-4o\": { model: m, prefill: true } } }\n",
            "✖ gateway.providers.echo.models.gpt-4o.prefill: unknown key"),
        bad("model entry: a list", "gateway:\n  providers:\n    echo: { models: { \"gpt-4o\": [a, b] } }\n",
            "✖ gateway.providers.echo.models.gpt-4o: must be a string or a map, got a list"),
        bad("model entry: empty map", "gateway:\n  providers:\n    echo: { models: { \"gpt-4o\": {} } }\n",
            "✖ gateway.providers.echo.models.gpt-4o: an empty entry does nothing; give model, supportsPrefill or both"),

        // ---- environment variables ---------------------------------------------------------------------------
        badWith("undefined variable", Map.of(), "gateway:\n  providers:\n    openai: {apiKey: \"${OPENAI_API_KEY}\"}\n",
            "✖ gateway.providers.openai.apiKey: environment variable ${OPENAI_API_KEY} is not set"),
        badWith("undefined variable in a port", Map.of(), ECHO + "  port: ${PORT}\n",
            "✖ gateway.port: environment variable ${PORT} is not set"),
        badWith("undefined variable in a baseUrl", Map.of(),
            "gateway:\n  providers:\n    ollama: {baseUrl: \"http://${OLLAMA_HOST}:11434\"}\n",
            "✖ gateway.providers.ollama.baseUrl: environment variable ${OLLAMA_HOST} is not set"),
        badWith("two undefined variables in one value", Map.of(), ECHO + "  host: \"${A}.${B}\"\n",
            "✖ gateway.host: environment variable ${A} is not set",
            "✖ gateway.host: environment variable ${B} is not set"),
        // ---- a variable's value is never printed: it may be a secret in the wrong key -------------------------
        badWith("variable expands to a non-number", Map.of("PORT", "eighty"), ECHO + "  port: ${PORT}\n",
            "✖ gateway.port: must be an integer, got ${PORT} (value not shown)"),
        bad("a key in an integer field", ECHO + "  middleware:\n    rateLimit: ${OPENAI_API_KEY}\n",
            "✖ gateway.middleware.rateLimit: must be an integer, got ${OPENAI_API_KEY} (value not shown)"),
        badWith("a variable out of range", Map.of("PORT", "70000"), ECHO + "  port: ${PORT}\n",
            "✖ gateway.port: must be between 1 and 65535, got ${PORT} (value not shown)"),
        badWith("a variable inside a longer value", Map.of("PORT", "9090"), ECHO + "  port: \"9${PORT}\"\n",
            "✖ gateway.port: must be between 1 and 65535, got \"9${PORT}\" (value not shown)"),
        bad("a key in a boolean field", "gateway:\n  providers:\n    echo: {isPrimary: \"${OPENAI_API_KEY}\"}\n",
            "✖ gateway.providers.echo.isPrimary: must be true or false, got ${OPENAI_API_KEY} (value not shown)"),
        bad("a key in an enum field", ECHO + "  middleware:\n    audit: \"${ANTHROPIC_API_KEY}\"\n",
            "✖ gateway.middleware.audit: must be one of stdout | file | off, got ${ANTHROPIC_API_KEY} (value not shown)"),
        bad("a key in a number field", ECHO + "policies:\n  - {name: a, phase: request, action: block, "
                + "condition: {type: injection_score, threshold: \"${OPENAI_API_KEY}\"}}\n",
            "✖ policies[0].condition.threshold: must be a number, got ${OPENAI_API_KEY} (value not shown)"),
        bad("a key in trustedProxies", ECHO + "  trustedProxies: [\"${OPENAI_API_KEY}\"]\n",
            "✖ gateway.trustedProxies[0]: ${OPENAI_API_KEY} (value not shown) is not an IP address or CIDR range "
                + "(e.g. 10.0.0.0/8)"),
        badWith("a variable baseUrl with a query", Map.of("URL", "http://h/?key=s3cret"),
            "gateway:\n  providers:\n    ollama: {baseUrl: \"${URL}\"}\n",
            "✖ gateway.providers.ollama.baseUrl: must not have a ?query or #fragment, got ${URL} (value not shown)"),
        badWith("a variable policy name", Map.of("N", "dup"), ECHO + "policies:\n"
                + "  - {name: dup, phase: request, action: block, condition: {type: injection_score, threshold: 1}}\n"
                + "  - {name: \"${N}\", phase: request, action: block, condition: {type: injection_score, threshold: 1}}\n",
            "✖ policies[1].name: duplicate policy name ${N} (value not shown)"),
        bad("empty apiKey from ${X:-}", "gateway:\n  providers:\n    openai: {apiKey: \"${UNSET_KEY:-}\"}\n",
            "✖ gateway.providers.openai.apiKey: is empty (${UNSET_KEY} expanded to nothing)"),
        bad("empty apiKey from an empty variable", "gateway:\n  providers:\n    openai: {apiKey: \"${EMPTY}\"}\n",
            "✖ gateway.providers.openai.apiKey: is empty (${EMPTY} expanded to nothing)"),
        bad("empty apiKey literal", "gateway:\n  providers:\n    openai: {apiKey: \"\"}\n",
            "✖ gateway.providers.openai.apiKey: is empty"),
        bad("empty cloud apiKey", ECHO + "  cloud: {apiKey: \"${RIVANO_API_KEY:-}\"}\n",
            "✖ gateway.cloud.apiKey: is empty (${RIVANO_API_KEY} expanded to nothing)"),
        bad("malformed reference", "gateway:\n  providers:\n    openai: {apiKey: \"${OPENAI-KEY}\"}\n",
            "✖ gateway.providers.openai.apiKey: malformed variable reference "
                + "(write ${NAME} or ${NAME:-default}; NAME is letters, digits and _)"),
        bad("unclosed reference", ECHO + "  host: \"${HOST\"\n",
            "✖ gateway.host: malformed variable reference (write ${NAME} or ${NAME:-default}; NAME is letters, digits and _)"),
        badWith("apiKey with a trailing newline", Map.of("K", "sk-abc\n"),
            "gateway:\n  providers:\n    openai: {apiKey: \"${K}\"}\n",
            "✖ gateway.providers.openai.apiKey: has leading or trailing whitespace "
                + "(a stray space or newline in the variable?); value not shown"),
        bad("apiKey with an inner space", "gateway:\n  providers:\n    openai: {apiKey: \"sk abc\"}\n",
            "✖ gateway.providers.openai.apiKey: contains spaces or control characters, which cannot be sent in an "
                + "HTTP header; value not shown"),
        bad("apiKey not a string", "gateway:\n  providers:\n    openai: {apiKey: [a, b]}\n",
            "✖ gateway.providers.openai.apiKey: must be a string, got a list"),

        // ---- policies -----------------------------------------------------------------------------------------
        bad("policies not a list", ECHO + "policies: {name: a}\n", "✖ policies: must be a list, got a map"),
        bad("policy not a map keeps indices", policy("just-a-name\n  - {name: b, phase: request, action: warn}"),
            "✖ policies[0]: must be a map of keys, got \"just-a-name\"",
            "✖ policies[1].condition: is required"),
        bad("policy missing everything", policy("{enabled: true}"),
            "✖ policies[0].name: is required",
            "✖ policies[0].phase: is required",
            "✖ policies[0].condition: is required",
            "✖ policies[0].action: is required"),
        bad("policy missing name", policy("{phase: request, condition: {type: injection_score, threshold: 0.7}, action: block}"),
            "✖ policies[0].name: is required"),
        bad("policy bad phase", policy("{name: a, phase: requests, condition: {type: injection_score, threshold: 0.7}, action: block}"),
            "✖ policies[0].phase: must be one of request | response, got \"requests\" (did you mean \"request\"?)"),
        bad("policy bad action", policy("{name: a, phase: request, condition: {type: injection_score, threshold: 0.7}, action: deny}"),
            "✖ policies[0].action: must be one of block | redact | warn, got \"deny\""),
        bad("unknown condition type", policy("{name: a, phase: request, condition: {type: pii_detect}, action: block}"),
            "✖ policies[0].condition.type: must be one of content_pattern | injection_score | model_name | "
                + "pii_detected | token_count, got \"pii_detect\" (did you mean \"pii_detected\"?)"),
        bad("condition without type", policy("{name: a, phase: request, condition: {threshold: 0.5}, action: block}"),
            "✖ policies[0].condition.type: is required"),
        bad("unknown PII entity", policy("{name: a, phase: request, condition: {type: pii_detected, entities: [ssn, emial]}, action: block}"),
            "✖ policies[0].condition.entities[1]: must be one of address | credit_card | email | ip_address | name | "
                + "passport | phone | ssn, got \"emial\" (did you mean \"email\"?)"),
        bad("invalid regex", policy("{name: a, phase: request, condition: {type: content_pattern, pattern: \"([a-z\"}, action: block}"),
            "✖ policies[0].condition.pattern: invalid regular expression: missing closing ] in \"[a-z\""),
        bad("content_pattern without pattern", policy("{name: a, phase: request, condition: {type: content_pattern}, action: warn}"),
            "✖ policies[0].condition.pattern: required for content_pattern"),
        bad("content_pattern on response in request phase",
            policy("{name: a, phase: request, condition: {type: content_pattern, pattern: x, field: response}, action: warn}"),
            "✖ policies[0].condition.field: response cannot be matched in the request phase"),
        bad("redact without redactionStrategy", policy("{name: a, phase: response, condition: {type: pii_detected}, action: redact}"),
            "✖ policies[0].redactionStrategy: required when action is redact (mask | partial | tokenize | drop)"),
        bad("bad redactionStrategy", policy("{name: a, phase: response, condition: {type: pii_detected}, action: redact, redactionStrategy: hash}"),
            "✖ policies[0].redactionStrategy: must be one of mask | partial | tokenize | drop, got \"hash\" (did you mean \"mask\"?)"),
        bad("redact on model_name", policy("{name: a, phase: request, condition: {type: model_name, pattern: \"gpt-*\"}, action: redact}"),
            "✖ policies[0].action: redact cannot apply to a model_name condition (nothing to redact); use block or warn"),
        bad("model_name without pattern or models", policy("{name: a, phase: request, condition: {type: model_name}, action: block}"),
            "✖ policies[0].condition: model_name needs pattern (glob) or models (list)"),
        bad("injection_score threshold > 1", policy("{name: a, phase: request, condition: {type: injection_score, threshold: 1.5}, action: block}"),
            "✖ policies[0].condition.threshold: must be between 0 and 1 for injection_score, got 1.5"),
        bad("injection_score threshold negative", policy("{name: a, phase: request, condition: {type: injection_score, threshold: -0.1}, action: block}"),
            "✖ policies[0].condition.threshold: must be at least 0, got -0.1"),
        bad("injection_score threshold missing", policy("{name: a, phase: request, condition: {type: injection_score}, action: block}"),
            "✖ policies[0].condition.threshold: required for injection_score"),
        bad("token_count threshold missing", policy("{name: a, phase: request, condition: {type: token_count}, action: warn}"),
            "✖ policies[0].condition.threshold: required for token_count"),
        bad("token_count output in request phase",
            policy("{name: a, phase: request, condition: {type: token_count, threshold: 10, count_type: output}, action: warn}"),
            "✖ policies[0].condition.count_type: output tokens are not known in the request phase "
                + "(use input or total, or phase: response)"),
        bad("condition key of another type", policy("{name: a, phase: request, condition: {type: token_count, threshold: 10, entities: [ssn]}, action: warn}"),
            "✖ policies[0].condition.entities: does not apply to a token_count condition (it reads count_type, threshold)"),
        bad("threshold not a number", policy("{name: a, phase: request, condition: {type: token_count, threshold: lots}, action: warn}"),
            "✖ policies[0].condition.threshold: must be a number, got \"lots\""),
        bad("duplicate policy names", ECHO + "policies:\n"
                + "  - {name: a, phase: request, condition: {type: injection_score, threshold: 0.7}, action: block}\n"
                + "  - {name: a, phase: request, condition: {type: pii_detected}, action: warn}\n",
            "✖ policies[1].name: duplicate policy name \"a\""),
        bad("unknown policy key", policy("{name: a, phase: request, condition: {type: pii_detected}, action: warn, enable: false}"),
            "✖ policies[0].enable: unknown key (did you mean \"enabled\"?)"),
        bad("unknown policyPacks entry", ECHO + "policyPacks: [foundation]\n",
            "✖ policyPacks[0]: must be one of foundational, got \"foundation\" (did you mean \"foundational\"?)"),
        bad("policyPacks not a list", ECHO + "policyPacks: foundational\n",
            "✖ policyPacks: must be a list, got \"foundational\""),

        // ---- policies that cannot work (PolicyRules; docs/guardrails.md "What validate rejects") -------------
        bad("regex with lookahead", policy("{name: a, phase: request, condition: {type: content_pattern, pattern: '(?=secret)x'}, action: block}"),
            "✖ policies[0].condition.pattern: lookahead and lookbehind ((?=, (?!, (?<=, (?<!) are not supported: "
                + "content_pattern regexes run on RE2, which guarantees linear-time matching and has no lookaround"),
        bad("regex with lookbehind", policy("{name: a, phase: request, condition: {type: content_pattern, pattern: '(?<!a)b'}, action: block}"),
            "✖ policies[0].condition.pattern: lookahead and lookbehind ((?=, (?!, (?<=, (?<!) are not supported: "
                + "content_pattern regexes run on RE2, which guarantees linear-time matching and has no lookaround"),
        bad("regex with backreference", policy("{name: a, phase: request, condition: {type: content_pattern, pattern: '(a)\\1'}, action: block}"),
            "✖ policies[0].condition.pattern: backreferences (\\1, \\k<name>) are not supported: "
                + "content_pattern regexes run on RE2, which guarantees linear-time matching and has no backreferences"),
        bad("regex with possessive quantifier", policy("{name: a, phase: request, condition: {type: content_pattern, pattern: 'a++b'}, action: block}"),
            "✖ policies[0].condition.pattern: possessive quantifiers and atomic groups are not supported "
                + "(and not needed: RE2 never backtracks)"),
        bad("regex too complex", policy("{name: a, phase: request, condition: {type: content_pattern, pattern: '(a{100}){100}'}, action: block}"),
            "✖ policies[0].condition.pattern: regular expression is too complex: it compiles to 10202 RE2 instructions, "
                + "the limit is 5000 (every character of every message costs up to one step per instruction)"),
        bad("regex empty", policy("{name: a, phase: request, condition: {type: content_pattern, pattern: ''}, action: block}"),
            "✖ policies[0].condition.pattern: must not be empty (it would match every text)"),
        bad("redact on injection_score", policy("{name: a, phase: request, condition: {type: injection_score, threshold: 0.5}, action: redact, redactionStrategy: mask}"),
            "✖ policies[0].action: redact cannot apply to an injection_score condition (a score of the whole request "
                + "points at no text to redact); use block or warn"),
        bad("redact on token_count", policy("{name: a, phase: request, condition: {type: token_count, threshold: 9}, action: redact, redactionStrategy: drop}"),
            "✖ policies[0].action: redact cannot apply to a token_count condition (a token count points at no text to redact); "
                + "use block or warn"),
        bad("tokenize in the response phase", policy("{name: a, phase: response, condition: {type: pii_detected}, action: redact, redactionStrategy: tokenize}"),
            "✖ policies[0].redactionStrategy: tokenize cannot apply in the response phase: tokens are put back only into "
                + "the response, so the client would get tokens nothing restores; use mask or partial"),
        bad("drop in the response phase", policy("{name: a, phase: response, condition: {type: pii_detected}, action: redact, redactionStrategy: drop}"),
            "✖ policies[0].redactionStrategy: drop removes a message from the request; in the response phase use mask "
                + "or partial, or action: block"),
        bad("redactionStrategy without redact", policy("{name: a, phase: request, condition: {type: pii_detected}, action: block, redactionStrategy: mask}"),
            "✖ policies[0].redactionStrategy: only applies when action is redact (this policy's action is block)"),
        bad("injection_score in the response phase", policy("{name: a, phase: response, condition: {type: injection_score, threshold: 0.5}, action: warn}"),
            "✖ policies[0].condition.type: injection_score is measured on the request; use phase: request"),
        bad("system field in the response phase", policy("{name: a, phase: response, condition: {type: content_pattern, pattern: x, field: system}, action: warn}"),
            "✖ policies[0].condition.field: system cannot be matched in the response phase, which reads the answer "
                + "(use response, or leave field out)"),
        bad("model_name with pattern and models", policy("{name: a, phase: request, condition: {type: model_name, pattern: 'gpt-*', models: [o1]}, action: block}"),
            "✖ policies[0].condition: model_name takes pattern or models, not both"),
        bad("model_name with no models", policy("{name: a, phase: request, condition: {type: model_name, models: []}, action: block}"),
            "✖ policies[0].condition.models: is empty; list at least one model name or glob"),
        bad("pii_detected with no entities", policy("{name: a, phase: request, condition: {type: pii_detected, entities: []}, action: block}"),
            "✖ policies[0].condition.entities: is empty; list the entities, or leave entities out to match any entity"),
        bad("empty policy name", policy("{name: '', phase: request, condition: {type: pii_detected}, action: block}"),
            "✖ policies[0].name: must not be empty"),
        bad("empty on", policy("{name: a, phase: request, condition: {type: pii_detected}, action: block, \"on\": ' '}"),
            "✖ policies[0].on: must not be empty (leave it out, or write \"*\", for every agent)"),

        // ---- several problems at once: every one reported, one line each, in file order -----------------------
        badWith("several problems", Map.of(), """
            gateway:
              prots: 8080
              host: 0.0.0.0
              providers:
                openia: {apiKey: x}
                azure: {apiKey: "${AZURE_KEY}"}
                echo: {isPrimary: "yes"}
              middleware:
                ratelimit: 5
                audit: none
              trustedProxies: [10.0.0.0/40]
            policies:
              - {name: p, phase: request, condition: {type: content_pattern, pattern: "a(b"}, action: redact}
              - {name: p, phase: response, condition: {type: pii_detected, entities: [ssn, dna]}, action: block}
            policyPacks: [foundational, extra]
            """,
            "✖ gateway.prots: unknown key (did you mean \"port\"?)",
            "✖ gateway.providers.openia: unknown key (did you mean \"openai\"?)",
            "✖ gateway.providers.azure.apiKey: environment variable ${AZURE_KEY} is not set",
            "✖ gateway.providers.echo.isPrimary: must be true or false, got \"yes\"",
            "✖ gateway.middleware.ratelimit: unknown key (did you mean \"rateLimit\"?)",
            "✖ gateway.middleware.audit: must be one of stdout | file | off, got \"none\"",
            "✖ policies[1].condition.entities[1]: must be one of address | credit_card | email | ip_address | name | "
                + "passport | phone | ssn, got \"dna\"",
            "✖ policyPacks[1]: must be one of foundational, got \"extra\"",
            "✖ gateway.providers.azure.baseUrl: required for provider azure",
            "✖ gateway.trustedProxies[0]: \"10.0.0.0/40\" is not an IP address or CIDR range (e.g. 10.0.0.0/8)",
            "✖ policies[0].redactionStrategy: required when action is redact (mask | partial | tokenize | drop)",
            "✖ policies[0].condition.pattern: invalid regular expression: missing closing ) in \"a(b\"",
            "✖ policies[1].name: duplicate policy name \"p\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsExactlyTheseLines(String name, String yaml, Map<String, String> env, List<String> expected)
      throws Exception {
    ConfigHarness.Result result = ConfigHarness.load(vertx, dir, yaml, env);
    assertEquals(expected, result.errors(), name);
    assertNull(result.config(), "an invalid file must not produce a config");
  }

  /**
   * The same table through the real {@code validate} command (picocli, as {@code rivano-gateway validate --file}
   * runs it, in process): the same lines on stderr, nothing on stdout, exit code 1.
   */
  @ParameterizedTest(name = "validate: {0}")
  @MethodSource("cases")
  void theValidateCommandPrintsTheSameLinesAndExits1(String name, String yaml, Map<String, String> env,
                                                      List<String> expected) throws Exception {
    Path file = java.nio.file.Files.createTempFile(dir, "cli-", ".yaml");
    java.nio.file.Files.writeString(file, yaml);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream realOut = System.out;
    java.io.PrintStream realErr = System.err;
    int exit;
    try {
      System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
      System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
      exit = new picocli.CommandLine(new ai.rivano.gateway.cli.RivanoGateway(env))
          .execute("validate", "--file", file.toString());
    } finally {
      System.setOut(realOut);
      System.setErr(realErr);
    }
    List<String> printed = err.toString(java.nio.charset.StandardCharsets.UTF_8).lines()
        .filter(line -> line.startsWith("✖")).toList();
    assertEquals(1, exit, name);
    assertEquals(expected, printed, name);
    assertEquals("", out.toString(java.nio.charset.StandardCharsets.UTF_8), "nothing on stdout for an invalid file");
  }
}
