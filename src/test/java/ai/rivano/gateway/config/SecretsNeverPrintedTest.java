package ai.rivano.gateway.config;

import ai.rivano.gateway.routing.providers.ProviderKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** No message, warning or toString ever contains an API key, valid or not. */
class SecretsNeverPrintedTest extends ConfigTestSupport {

  static final String SECRET = "SECRET123xyz";

  @ParameterizedTest
  @ValueSource(strings = {
      // invalid key values, literal and from the environment
      "gateway:\n  providers:\n    openai: {apiKey: \"sk SECRET123xyz\"}\n",
      "gateway:\n  providers:\n    openai: {apiKey: \" sk-SECRET123xyz\"}\n",
      "gateway:\n  providers:\n    openai: {apiKey: \"${WITH_NEWLINE}\"}\n",
      "gateway:\n  providers:\n    openai: {apiKey: \"${WITH_TAB}\"}\n",
      "gateway:\n  providers:\n    openai: {apiKey: \"sk-SECRET123xyz${UNDEFINED}\"}\n",
      "gateway:\n  providers:\n    openai: {apiKey: \"${OPENAI-SECRET123xyz}\"}\n",
      "gateway:\n  providers:\n    openai: {apiKey: \"${BAD-NAME:-SECRET123xyz}\"}\n",
      "gateway:\n  providers:\n    openai: {apiKey: {value: SECRET123xyz}}\n",
      "gateway:\n  providers:\n    openai: {apiKey: [SECRET123xyz]}\n",
      "gateway:\n  providers: {echo: {}}\n  cloud: {apiKey: \"${WITH_NEWLINE}\"}\n",
      "gateway:\n  providers: {echo: {}}\n  cloud: {apiKey: \"rk SECRET123xyz\", baseUrl: nope}\n",
      // valid key, other problems nearby
      "gateway:\n  providers:\n    openai: {apiKey: \"${GOOD}\", baseUrl: \"ftp://x\", prots: 1}\n",
      "gateway:\n  providers:\n    openai: {apiKey: sk-SECRET123xyz, apiKey: sk-SECRET123xyz}\n",
      // YAML syntax errors on the line holding the key
      "gateway:\n  providers:\n    openai: {apiKey: \"sk-SECRET123xyz}\n",
      "gateway:\n  providers:\n    openai:\n      apiKey: sk-SECRET123xyz: extra\n",
      "gateway:\n  providers:\n    openai: {apiKey: sk-SECRET123xyz\n",
      // credentials inside a base URL
      "gateway:\n  providers:\n    ollama: {baseUrl: \"ftp://user:SECRET123xyz@host/\"}\n",
  })
  void noLineContainsTheSecret(String yaml) throws Exception {
    ConfigHarness.Result r = ConfigHarness.load(vertx, dir, yaml, Map.of(
        "WITH_NEWLINE", "sk-" + SECRET + "\n", "WITH_TAB", "sk-\t" + SECRET, "GOOD", "sk-" + SECRET));
    assertFalse(r.valid(), "each case has at least one problem");
    for (String line : r.allLines()) {
      assertFalse(line.contains(SECRET), "secret printed: " + line);
    }
  }

  @Test
  void providerConfigToStringHidesTheKey() {
    ProviderConfig p = new ProviderConfig("openai", ProviderKind.OPENAI, "sk-" + SECRET, null, true, false,
        30_000, 10_000, 30_000, 1, false, Map.of(), ai.rivano.gateway.config.FailoverSettings.defaults());
    assertFalse(p.toString().contains(SECRET), p.toString());
    assertTrue(p.toString().contains("apiKey=<set>"), p.toString());
    ProviderConfig none = new ProviderConfig("ollama", ProviderKind.OLLAMA, null, null, false, false,
        30_000, 10_000, 30_000, 1, false, Map.of(), ai.rivano.gateway.config.FailoverSettings.defaults());
    assertTrue(none.toString().contains("apiKey=<none>"), none.toString());
  }

  @Test
  void cloudConfigToStringHidesTheKey() {
    CloudConfig c = new CloudConfig("rk-" + SECRET, "https://api.rivano.ai", 30);
    assertFalse(c.toString().contains(SECRET), c.toString());
  }

  @Test
  void gatewayConfigToStringHidesTheKeys() throws Exception {
    ConfigHarness.Result r = ConfigHarness.load(vertx, dir,
        "gateway:\n  providers:\n    openai: {apiKey: \"${K}\"}\n  cloud: {apiKey: \"${K}\"}\n", Map.of("K", SECRET));
    assertTrue(r.valid());
    assertFalse(r.config().toString().contains(SECRET), r.config().toString());
  }
}
