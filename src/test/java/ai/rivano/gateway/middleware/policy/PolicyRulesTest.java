package ai.rivano.gateway.middleware.policy;

import ai.rivano.gateway.config.ConfigProblem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * content_pattern regexes: RE2 accepts what runs in linear time (including the classic ReDoS shapes, which RE2 runs
 * without backtracking) and refuses, with the reason, what needs backtracking.
 */
class PolicyRulesTest {

  private static List<String> problems(String regex) {
    List<ConfigProblem> problems = new ArrayList<>();
    PolicyRules.compileRegex(regex, "p", problems);
    return problems.stream().map(ConfigProblem::message).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"(a+)+$", "(a|aa)+$", "(x+x+)+y", "(.*a){12}", "AKIA[0-9A-Z]{16}", "(?i)ignore (all )?previous",
      "\\bssn\\b", "(?s)begin.*end", "(?P<key>sk-[a-z0-9]+)", "[\\p{L}]+", "(?m)^#{3}"})
  void linearPatternsCompile(String regex) {
    assertEquals(List.of(), problems(regex));
    assertNotNull(PolicyRules.compileRegex(regex, "p", new ArrayList<>()));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "(?=x)y        | lookahead and lookbehind",
      "y(?!x)        | lookahead and lookbehind",
      "(?<=x)y       | lookahead and lookbehind",
      "(?<!x)y       | lookahead and lookbehind",
      "(a)\\1        | backreferences",
      "(?<n>a)\\k<n> | backreferences",
      "a*+           | possessive quantifiers and atomic groups",
      "(?>ab)c       | possessive quantifiers and atomic groups",
      "a{1001}       | invalid regular expression: invalid repeat count in \"{1001}\"",
      "[z-a]         | invalid regular expression: invalid character class range in \"z-a\"",
      "*a            | invalid regular expression: missing argument to repetition operator in \"*\""})
  void backtrackingAndBrokenPatternsAreRefusedWithTheReason(String regex, String start) {
    List<String> problems = problems(regex.strip());
    assertEquals(1, problems.size(), problems.toString());
    assertEquals(start, problems.get(0).substring(0, Math.min(start.length(), problems.get(0).length())));
  }
}
