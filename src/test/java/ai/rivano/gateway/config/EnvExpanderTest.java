package ai.rivano.gateway.config;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EnvExpanderTest {

  private final EnvExpander env = new EnvExpander(Map.of("A", "alpha", "B", "beta", "EMPTY", "", "DOLLAR", "$1\\x"));
  private final List<ConfigProblem> problems = new ArrayList<>();

  private String expand(String value) {
    return env.expand(value, "gateway.key", problems);
  }

  private List<String> lines() {
    return problems.stream().map(ConfigProblem::toLine).toList();
  }

  @Test
  void plainTextUntouched() {
    assertEquals("hello $A {A} $ {} $(A)", expand("hello $A {A} $ {} $(A)"));
    assertEquals(List.of(), lines());
  }

  @Test
  void simpleAndEmbeddedReferences() {
    assertEquals("alpha", expand("${A}"));
    assertEquals("x-alpha-beta-y", expand("x-${A}-${B}-y"));
    assertEquals("alphaalpha", expand("${A}${A}"));
    assertEquals(List.of(), lines());
  }

  @Test
  void replacementIsLiteral() {
    assertEquals("$1\\x", expand("${DOLLAR}"), "$ and \\ in a value are not regex group references");
  }

  @Test
  void defaults() {
    assertEquals("fallback", expand("${UNSET:-fallback}"));
    assertEquals("alpha", expand("${A:-fallback}"));
    assertEquals("fallback", expand("${EMPTY:-fallback}"), "like the shell, :- also covers an empty variable");
    assertEquals("", expand("${UNSET:-}"));
    assertEquals("http://localhost:11434", expand("http://${UNSET:-localhost}:11434"));
    assertEquals("a:b-c", expand("${UNSET:-a:b-c}"));
    assertEquals(List.of(), lines());
  }

  @Test
  void emptyVariableWithoutDefaultIsEmpty() {
    assertEquals("", expand("${EMPTY}"));
    assertEquals(List.of(), lines());
  }

  @Test
  void undefinedVariablesAreNamedWithTheKeyPath() {
    assertEquals("-", expand("${X}-${Y}"));
    assertEquals(List.of("✖ gateway.key: environment variable ${X} is not set",
        "✖ gateway.key: environment variable ${Y} is not set"), lines());
  }

  @Test
  void malformedReferencesAreErrorsNotLiterals() {
    for (String bad : List.of("${A-B}", "${1A}", "${}", "${A", "x ${ A }")) {
      problems.clear();
      expand(bad);
      assertEquals(List.of("✖ gateway.key: malformed variable reference "
          + "(write ${NAME} or ${NAME:-default}; NAME is letters, digits and _)"), lines(), bad);
    }
  }
}
