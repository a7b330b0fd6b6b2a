package ai.rivano.gateway.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * No line {@code validate} prints contains the value of an environment variable, whichever key the reference sits
 * in and whatever the value is (a key in a number field, a URL with a query, a number out of range). Every key of
 * the schema that takes a scalar is tried with every kind of wrong value.
 */
class ExpandedValuesNeverPrintedTest extends ConfigTestSupport {

  /** Values that are wrong for some key each; every one is distinctive enough to be found in a line. */
  static final List<String> VALUES = List.of(
      "sk-SECRETvalue1", "987654321987654321987", "98765432", "-98765432", "0.987654", "98765.4321",
      "ftp://u:SECRET2@h/?SECRET3", "http://h/?key=SECRET4", "https://h/#SECRET5", "10.9.8.7/99", "SECRET6 with spaces",
      "stdoutSECRET7");

  /** Each scalar key of the schema, as a YAML line with {@code $REF} where the value goes. */
  static final List<String> KEYS = List.of(
      "gateway:\n  port: $REF\n  providers: {echo: {}}\n",
      "gateway:\n  host: $REF\n  providers: {echo: {}}\n",
      "gateway:\n  shutdownTimeoutMs: $REF\n  providers: {echo: {}}\n",
      "gateway:\n  maxBodyBytes: $REF\n  providers: {echo: {}}\n",
      "gateway:\n  bufferBudgetBytes: $REF\n  providers: {echo: {}}\n",
      "gateway:\n  maxBodyBytes: $REF\n  bufferBudgetBytes: 1048576\n  providers: {echo: {}}\n",
      "gateway:\n  maxBodyBytes: 2147483648\n  bufferBudgetBytes: $REF\n  providers: {echo: {}}\n",
      "gateway:\n  headerTimeoutMs: $REF\n  providers: {echo: {}}\n",
      "gateway:\n  keepAliveTimeoutMs: $REF\n  providers: {echo: {}}\n",
      "gateway:\n  bodyIdleTimeoutMs: $REF\n  providers: {echo: {}}\n",
      "gateway:\n  bodyTimeoutMs: $REF\n  providers: {echo: {}}\n",
      "gateway:\n  maxConnections: $REF\n  providers: {echo: {}}\n",
      "gateway:\n  trustedProxies: [$REF]\n  providers: {echo: {}}\n",
      "gateway:\n  providers:\n    openai: {apiKey: $REF}\n",
      "gateway:\n  providers:\n    ollama: {baseUrl: $REF}\n",
      "gateway:\n  providers:\n    echo: {isPrimary: $REF}\n",
      "gateway:\n  providers:\n    echo: {isFallback: $REF}\n",
      "gateway:\n  providers:\n    echo: {timeoutMs: $REF}\n",
      "gateway:\n  providers:\n    echo: {firstTokenTimeoutMs: $REF}\n",
      "gateway:\n  providers:\n    echo: {idleTimeoutMs: $REF}\n",
      "gateway:\n  providers:\n    echo: {maxRetries: $REF}\n",
      "gateway:\n  providers:\n    echo: {supportsPrefill: $REF}\n",
      "gateway:\n  providers:\n    echo: {models: {\"*\": $REF}}\n",
      "gateway:\n  providers: {echo: {}}\n  middleware: {pii: $REF}\n",
      "gateway:\n  providers: {echo: {}}\n  middleware: {injection: $REF}\n",
      "gateway:\n  providers: {echo: {}}\n  middleware: {audit: $REF}\n",
      "gateway:\n  providers: {echo: {}}\n  middleware: {auditFile: $REF}\n",
      "gateway:\n  providers: {echo: {}}\n  middleware: {cache: $REF}\n",
      "gateway:\n  providers: {echo: {}}\n  middleware: {cacheTtlSeconds: $REF}\n",
      "gateway:\n  providers: {echo: {}}\n  middleware: {cacheMaxEntries: $REF}\n",
      "gateway:\n  providers: {echo: {}}\n  middleware: {rateLimit: $REF}\n",
      "gateway:\n  providers: {echo: {}}\n  cloud: {apiKey: $REF}\n",
      "gateway:\n  providers: {echo: {}}\n  cloud: {apiKey: k, baseUrl: $REF}\n",
      "gateway:\n  providers: {echo: {}}\n  cloud: {apiKey: k, syncInterval: $REF}\n",
      "gateway:\n  providers: {echo: {}}\n  cluster: {enabled: $REF}\n",
      "gateway:\n  providers: {echo: {}}\n  cluster: {configFile: $REF}\n",
      "gateway:\n  providers: {echo: {}}\npolicyPacks: [$REF]\n",
      "gateway:\n  providers: {echo: {}}\npolicies:\n  - {name: $REF, phase: request, action: block, "
          + "condition: {type: injection_score, threshold: 0.5}}\n  - {name: $REF, phase: request, action: block, "
          + "condition: {type: injection_score, threshold: 0.5}}\n",
      "gateway:\n  providers: {echo: {}}\npolicies:\n  - {name: a, phase: $REF, action: block, "
          + "condition: {type: injection_score, threshold: 0.5}}\n",
      "gateway:\n  providers: {echo: {}}\npolicies:\n  - {name: a, phase: request, action: $REF, "
          + "condition: {type: injection_score, threshold: 0.5}}\n",
      "gateway:\n  providers: {echo: {}}\npolicies:\n  - {name: a, phase: request, action: redact, "
          + "redactionStrategy: $REF, condition: {type: pii_detected}}\n",
      "gateway:\n  providers: {echo: {}}\npolicies:\n  - {name: a, phase: request, action: block, on: $REF, "
          + "enabled: $REF, condition: {type: injection_score, threshold: 0.5}}\n",
      "gateway:\n  providers: {echo: {}}\npolicies:\n  - {name: a, phase: request, action: block, "
          + "condition: {type: $REF, threshold: 0.5}}\n",
      "gateway:\n  providers: {echo: {}}\npolicies:\n  - {name: a, phase: request, action: block, "
          + "condition: {type: injection_score, threshold: $REF}}\n",
      "gateway:\n  providers: {echo: {}}\npolicies:\n  - {name: a, phase: request, action: block, "
          + "condition: {type: pii_detected, entities: [$REF]}}\n",
      "gateway:\n  providers: {echo: {}}\npolicies:\n  - {name: a, phase: request, action: block, "
          + "condition: {type: token_count, threshold: 1, count_type: $REF}}\n",
      "gateway:\n  providers: {echo: {}}\npolicies:\n  - {name: a, phase: request, action: block, "
          + "condition: {type: model_name, models: [$REF]}}\n",
      "gateway:\n  providers: {echo: {}}\npolicies:\n  - {name: a, phase: request, action: block, "
          + "condition: {type: content_pattern, pattern: $REF, field: $REF}}\n");

  static Stream<String> keys() {
    return KEYS.stream();
  }

  @ParameterizedTest
  @MethodSource("keys")
  void noLineContainsTheValueOfAVariable(String template) throws Exception {
    for (String reference : List.of("\"${V}\"", "\"x${V}\"", "\"${UNSET:-}${V}\"")) {
      for (String value : VALUES) {
        ConfigHarness.Result result = ConfigHarness.load(vertx, dir, template.replace("$REF", reference),
            Map.of("V", value));
        List<String> lines = new ArrayList<>(result.allLines());
        for (String line : lines) {
          assertFalse(line.contains(value) || line.contains("SECRET"),
              "the value of ${V} (" + value + ") printed for " + template.replace("$REF", reference) + ": " + line);
        }
      }
    }
  }
}
