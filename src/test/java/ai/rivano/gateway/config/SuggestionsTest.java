package ai.rivano.gateway.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SuggestionsTest {

  static final List<String> GATEWAY_KEYS = List.of("port", "host", "shutdownTimeoutMs", "maxBodyBytes",
      "trustedProxies", "providers", "middleware", "cloud", "cluster");

  @ParameterizedTest
  @CsvSource({
      "prots, port",                 // swap + extra letter
      "prot, port",                  // swap only
      "hots, host",
      "provider, providers",
      "Providers, providers",        // case-insensitive
      "middlewares, middleware",
      "trustedProxy, trustedProxies",
      "maxBodySize, ''",             // too far from maxBodyBytes
      "clud, cloud",
      "xyz, ''",
      "telemetry, ''"})
  void gatewayKeys(String word, String expected) {
    String hint = Suggestions.didYouMean(word, GATEWAY_KEYS);
    assertEquals(expected.isEmpty() ? "" : " (did you mean \"" + expected + "\"?)", hint, word);
  }

  @Test
  void camelCaseAndProviders() {
    assertEquals(" (did you mean \"rateLimit\"?)", Suggestions.didYouMean("ratelimit", Set.of("rateLimit", "pii")));
    assertEquals(" (did you mean \"openai\"?)", Suggestions.didYouMean("openia", Set.of("openai", "ollama", "echo")));
    assertEquals(" (did you mean \"anthropic\"?)", Suggestions.didYouMean("antropic", Set.of("openai", "anthropic")));
  }

  @Test
  void shortWordsNeedACloseMatch() {
    assertEquals("", Suggestions.didYouMean("ab", Set.of("on")));
    assertEquals(" (did you mean \"on\"?)", Suggestions.didYouMean("no", Set.of("on")));
    assertEquals("", Suggestions.didYouMean("", Set.of("on")));
    assertEquals("", Suggestions.didYouMean("anything", Set.of()));
  }

  @Test
  void tiesResolveTheSameWayEveryTime() {
    // "cat" is one edit from both; the alphabetically first wins regardless of the set's iteration order
    for (int i = 0; i < 20; i++) {
      assertEquals(" (did you mean \"bat\"?)", Suggestions.didYouMean("cat", Set.of("hat", "bat")));
    }
  }

  @ParameterizedTest
  @CsvSource({"'', '', 0", "a, '', 1", "abc, abc, 0", "abc, acb, 1", "prots, port, 2", "kitten, sitting, 3",
      "ca, abc, 3"})
  void distance(String a, String b, int expected) {
    assertEquals(expected, Suggestions.distance(a, b));
  }
}
