package ai.rivano.gateway.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code gateway.tracing}: what binds, what {@code validate} refuses (with key paths), and that header values stay secret. */
class TracingConfigTest extends ConfigTestSupport {

  private static final String ECHO = "gateway:\n  providers:\n    echo: {}\n";
  static final String SECRET = "SECRET123xyz";
  private static final Map<String, String> ENV = Map.of("OTLP_TOKEN", "Bearer " + SECRET, "EMPTY", "",
      "NEWLINE", "Bearer " + SECRET + "\nX-Injected: 1", "TRAILING", "Bearer " + SECRET + " ");

  private static GatewayConfig valid(String yaml) throws Exception {
    ConfigHarness.Result r = ConfigHarness.load(vertx, dir, yaml, ENV);
    assertEquals(List.of(), r.allLines());
    return r.config();
  }

  @Test
  void offByDefault() throws Exception {
    TracingConfig t = valid(ECHO).tracing();
    assertFalse(t.enabled());
    assertEquals(TracingConfig.disabled(), t);
  }

  @Test
  void everyKeyBinds() throws Exception {
    TracingConfig t = valid(ECHO + """
          tracing:
            serviceName: gateway-eu
            otlp:
              endpoint: https://otel.example.com:4318/v1/traces
              headers: { Authorization: "${OTLP_TOKEN}", X-Scope-OrgID: 42 }
              timeoutMs: 2500
              sampleRatio: 0.25
              maxQueueSize: 100
        """).tracing();
    assertEquals(new TracingConfig(true, "https://otel.example.com:4318/v1/traces",
        Map.of("Authorization", "Bearer " + SECRET, "X-Scope-OrgID", "42"), 2500, 0.25, 100, "gateway-eu"), t);
  }

  @Test
  void defaultsAndTheTracesPathAddedToABareCollectorUrl() throws Exception {
    TracingConfig t = valid(ECHO + "  tracing: { otlp: { endpoint: \"http://127.0.0.1:4318\" } }\n").tracing();
    assertEquals(new TracingConfig(true, "http://127.0.0.1:4318/v1/traces", Map.of(), 10_000, 1.0, 2048,
        "rivano-gateway"), t);
    assertEquals("http://c:4318/v1/traces",
        valid(ECHO + "  tracing: { otlp: { endpoint: \"http://c:4318/\" } }\n").tracing().endpoint());
    assertEquals("http://c/otlp/v1/traces",
        valid(ECHO + "  tracing: { otlp: { endpoint: \"http://c/otlp/v1/traces\" } }\n").tracing().endpoint(),
        "a URL with a path is used as written");
  }

  @Test
  void switchedOffWithEnabledFalseNeedsNoEndpoint() throws Exception {
    assertFalse(valid(ECHO + "  tracing: { otlp: { enabled: false } }\n").tracing().enabled());
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(ECHO + "  tracing: { otlp: {} }\n", List.of("✖ gateway.tracing.otlp.endpoint: is required "
            + "(the collector's OTLP/HTTP URL, e.g. http://127.0.0.1:4318/v1/traces)")),
        Arguments.of(ECHO + "  tracing: { otlp: { endpoint: \"grpc://c:4317\" } }\n",
            List.of("✖ gateway.tracing.otlp.endpoint: must be an http:// or https:// URL, got \"grpc://c:4317\"")),
        Arguments.of(ECHO + "  tracing: { otlp: { endpoint: \"http://user:" + SECRET + "@c:4318\" } }\n",
            List.of("✖ gateway.tracing.otlp.endpoint: must not carry credentials (user:password@); send them in "
                + "gateway.tracing.otlp.headers, got \"http://***@c:4318\"")),
        Arguments.of(ECHO + "  tracing: { otlp: { endpoint: \"http://c:4318/v1/traces?token=" + SECRET + "\" } }\n",
            List.of("✖ gateway.tracing.otlp.endpoint: must not have a ?query or #fragment, got "
                + "\"http://c:4318/v1/traces?***\"")),
        Arguments.of(ECHO + "  tracing: { otlp: { endpoint: \"http://c\", sampleRatio: 1.5 } }\n",
            List.of("✖ gateway.tracing.otlp.sampleRatio: must be between 0 and 1, got 1.5")),
        Arguments.of(ECHO + "  tracing: { otlp: { endpoint: \"http://c\", timeoutMs: 5 } }\n",
            List.of("✖ gateway.tracing.otlp.timeoutMs: must be between 100 and 600000, got 5")),
        Arguments.of(ECHO + "  tracing: { otlp: { endpoint: \"http://c\", maxQueueSize: 0 } }\n",
            List.of("✖ gateway.tracing.otlp.maxQueueSize: must be between 1 and 1000000, got 0")),
        Arguments.of(ECHO + "  tracing: { otlp: { endpoint: \"http://c\", enabled: sometimes } }\n",
            List.of("✖ gateway.tracing.otlp.enabled: must be true or false, got \"sometimes\"")),
        Arguments.of(ECHO + "  tracing: { otlp: { endpiont: \"http://c\" } }\n",
            List.of("✖ gateway.tracing.otlp.endpiont: unknown key (did you mean \"endpoint\"?)",
                "✖ gateway.tracing.otlp.endpoint: is required "
                    + "(the collector's OTLP/HTTP URL, e.g. http://127.0.0.1:4318/v1/traces)")),
        Arguments.of(ECHO + "  tracing: { jaeger: {} }\n", List.of("✖ gateway.tracing.jaeger: unknown key")),
        Arguments.of(ECHO + "  tracing: { otlp: { endpoint: \"http://c\", headers: [a] } }\n",
            List.of("✖ gateway.tracing.otlp.headers: must be a map of keys, got a list")),
        Arguments.of(ECHO + "  tracing: { otlp: { endpoint: \"http://c\", headers: { \"Bad Name\": x } } }\n",
            List.of("✖ gateway.tracing.otlp.headers.Bad Name: is not a valid HTTP header name")),
        Arguments.of(ECHO + "  tracing: { otlp: { endpoint: \"http://c\", headers: { Content-Type: x } } }\n",
            List.of("✖ gateway.tracing.otlp.headers.Content-Type: is set by the exporter itself and cannot be configured")),
        Arguments.of(ECHO + "  tracing: { otlp: { endpoint: \"http://c\", headers: { Authorization: \"${EMPTY}\" } } }\n",
            List.of("✖ gateway.tracing.otlp.headers.Authorization: is empty (a header needs a value)")),
        Arguments.of(ECHO + "  tracing: { otlp: { endpoint: \"http://c\", headers: { Authorization: \"${NEWLINE}\" } } }\n",
            List.of("✖ gateway.tracing.otlp.headers.Authorization: contains a line break or control character, "
                + "which cannot be sent in an HTTP header; value not shown")),
        Arguments.of(ECHO + "  tracing: { otlp: { endpoint: \"http://c\", headers: { Authorization: \"${TRAILING}\" } } }\n",
            List.of("✖ gateway.tracing.otlp.headers.Authorization: has leading or trailing whitespace "
                + "(a stray space or newline in the variable?); value not shown")),
        Arguments.of(ECHO + "  tracing: { otlp: { endpoint: \"http://c\", headers: { Authorization: [\"" + SECRET
                + "\"] } } }\n",
            List.of("✖ gateway.tracing.otlp.headers.Authorization: must be a string, got a list")),
        Arguments.of(ECHO + "  tracing: { otlp: { endpoint: \"http://c\", timeoutMs: \"${OTLP_TOKEN}\" } }\n",
            List.of("✖ gateway.tracing.otlp.timeoutMs: must be an integer, got ${OTLP_TOKEN} (value not shown)")));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void validateNamesTheKeyAndNeverTheSecret(String yaml, List<String> expected) throws Exception {
    ConfigHarness.Result r = ConfigHarness.load(vertx, dir, yaml, ENV);
    assertFalse(r.valid());
    assertEquals(expected, r.errors());
    r.allLines().forEach(line -> assertFalse(line.contains(SECRET), "secret printed: " + line));
  }

  @Test
  void toStringNamesTheHeadersButNeverTheirValues() throws Exception {
    GatewayConfig c = valid(ECHO + "  tracing: { otlp: { endpoint: \"http://c:4318\", "
        + "headers: { Authorization: \"${OTLP_TOKEN}\" } } }\n");
    assertTrue(c.tracing().toString().contains("Authorization"), c.tracing().toString());
    assertFalse(c.toString().contains(SECRET), c.toString());
  }
}
