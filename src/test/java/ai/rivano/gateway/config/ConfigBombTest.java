package ai.rivano.gateway.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Billion laughs": a few hundred bytes of YAML whose aliases expand to millions of values. SnakeYAML's own alias
 * limit (50 per file) still lets ten levels of five aliases through (5^10 ≈ 10 million values); the loader must
 * answer such a file quickly with a clear line, never walk or copy the expansion.
 */
class ConfigBombTest extends ConfigTestSupport {

  static final String EXPANDS = "✖ the file expands to more than 100000 values through YAML aliases (*name); "
      + "a gateway config has a few hundred, so this file is refused";

  /** Ten levels, each a collection of five references to the level below: under 700 bytes. */
  static String bomb(boolean maps) {
    StringBuilder yaml = new StringBuilder("gateway:\n  providers: {echo: {}}\n");
    yaml.append(maps ? "l0: &l0 {a: x, b: x}\n" : "l0: &l0 [x, x]\n");
    for (int level = 1; level <= 10; level++) {
      String ref = "*l" + (level - 1);
      yaml.append("l").append(level).append(": &l").append(level).append(maps
          ? " {a: " + ref + ", b: " + ref + ", c: " + ref + ", d: " + ref + ", e: " + ref + "}\n"
          : " [" + ref + ", " + ref + ", " + ref + ", " + ref + ", " + ref + "]\n");
    }
    return yaml.toString();
  }

  @ParameterizedTest(name = "maps: {0}")
  @ValueSource(booleans = {false, true})
  void aFileWhoseAliasesExpandToMillionsOfValuesIsRejectedFast(boolean maps) {
    String yaml = bomb(maps);
    assertTrue(yaml.length() < 800, "a small file: " + yaml.length() + " bytes");
    ConfigHarness.Result result = assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> ConfigHarness.load(vertx, dir, yaml, Map.of()));
    assertEquals(List.of(EXPANDS), result.errors());
  }

  @Test
  void aCollectionThatContainsItselfIsAClearError() throws Exception {
    ConfigHarness.Result result = assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> ConfigHarness.load(vertx, dir, "gateway:\n  providers: {echo: {}}\nloop: &loop [x, *loop]\n", Map.of()));
    assertEquals(List.of(EXPANDS), result.errors(), "it would expand forever");
  }

  @Test
  void aliasesThatExpandModeratelyStillWork() throws Exception {
    String yaml = """
        models: &models { "gpt-4o": "gpt-4o-2024-08-06", "*": "gpt-4o-mini" }
        gateway:
          providers:
            openai: { apiKey: k, models: *models, isPrimary: true }
            azure: { apiKey: k, baseUrl: "https://x.openai.azure.com", models: *models }
        """;
    ConfigHarness.Result result = ConfigHarness.load(vertx, dir, yaml, Map.of());
    assertEquals(List.of("✖ models: unknown key"), result.errors(), "only the anchor holder is unknown");
  }

  @Test
  void aDuplicateKeyInsideAnAliasedMapIsReportedOnce() throws Exception {
    String yaml = """
        gateway:
          providers:
            echo: &p { isPrimary: true, isPrimary: false }
            ollama: *p
        """;
    ConfigHarness.Result result = ConfigHarness.load(vertx, dir, yaml, Map.of());
    assertEquals(List.of("✖ gateway.providers.echo.isPrimary: duplicate key on line 3 (first on line 3); "
        + "YAML would silently keep only the last one"), result.errors());
  }
}
