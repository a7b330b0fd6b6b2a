package ai.rivano.gateway.middleware.injection;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Accuracy of the injection scorer on the labelled corpus: the share of attacks reaching the block band
 * (≥ 0.7) per family and the share of benign prompts in each band per category. Prints the tables (copied
 * into docs/guardrails.md) and fails under the bars: ≥ 90 % of attacks at ≥ 0.7, ≤ 2 % of benign
 * prompts at ≥ 0.7; and, stricter than the issue, ≥ 90 % of benign prompts below the warning band.
 */
class InjectionAccuracyTest {

  private static final double ATTACKS_BLOCKED = 0.90;
  private static final double BENIGN_BLOCKED = 0.02;
  private static final double BENIGN_PASSED = 0.90;

  private static final List<Scored> SCORED = new ArrayList<>();

  record Scored(InjectionCorpus.Example example, InjectionScore score) {
  }

  @BeforeAll
  static void scoreCorpus() {
    InjectionScorer scorer = InjectionScorer.create();
    for (InjectionCorpus.Example ex : InjectionCorpus.load()) {
      SCORED.add(new Scored(ex, scorer.score(List.of(new ScoredText(ex.role(), ex.text())))));
    }
    System.out.println(table("Whole corpus", s -> true));
    System.out.println(table("Held-out file only", s -> s.example().file().equals("injection-heldout.tsv")));
    for (Scored s : SCORED) {
      boolean wrong = s.example().attack() ? s.score().score() < 0.7 : s.score().score() >= 0.3;
      if (wrong) {
        System.out.printf("%s %.3f %s [%s] %s%n", s.example().attack() ? "MISSED " : "FLAGGED", s.score().score(),
            s.score().families(), s.example().kind(), s.example().text().replace("\n", "\\n"));
      }
    }
  }

  static String table(String title, Predicate<Scored> which) {
    Map<String, int[]> rows = new TreeMap<>();
    for (Scored s : SCORED) {
      if (!which.test(s)) {
        continue;
      }
      String key = (s.example().attack() ? "attack: " : "benign: ") + s.example().kind();
      int[] counts = rows.computeIfAbsent(key, k -> new int[4]);
      int band = s.score().band().ordinal(); // PASS, WARN, BLOCK
      counts[band]++;
      counts[3]++;
      int[] total = rows.computeIfAbsent(s.example().attack() ? "attack: ALL" : "benign: ALL", k -> new int[4]);
      total[band]++;
      total[3]++;
    }
    StringBuilder t = new StringBuilder(title).append('\n');
    t.append("| set | n | ≥ 0.7 (block) | 0.3–0.7 (warn) | < 0.3 (pass) |\n|---|---:|---:|---:|---:|\n");
    rows.forEach((key, c) -> t.append(String.format("| %s | %d | %.1f %% | %.1f %% | %.1f %% |%n", key, c[3],
        100.0 * c[2] / c[3], 100.0 * c[1] / c[3], 100.0 * c[0] / c[3])));
    return t.toString();
  }

  private static double share(boolean attack, Predicate<InjectionScore> p) {
    long n = SCORED.stream().filter(s -> s.example().attack() == attack).count();
    long hit = SCORED.stream().filter(s -> s.example().attack() == attack && p.test(s.score())).count();
    return (double) hit / n;
  }

  @Test
  void corpusIsLargeEnough() {
    assertTrue(SCORED.stream().filter(s -> s.example().attack()).count() >= 200);
    assertTrue(SCORED.stream().filter(s -> !s.example().attack()).count() >= 300);
    for (String family : List.of("role_override", "delimiter", "exfiltration", "tool_instructions", "jailbreak")) {
      assertTrue(SCORED.stream().filter(s -> s.example().attack() && s.example().kind().equals(family)).count() >= 30,
          family);
    }
  }

  @Test
  void attacksReachTheBlockBand() {
    double blocked = share(true, s -> s.score() >= 0.7);
    assertTrue(blocked >= ATTACKS_BLOCKED, "attacks at ≥ 0.7: " + blocked + "\n" + table("Whole corpus", s -> true));
  }

  @Test
  void benignPromptsStayOutOfTheBlockBandAndMostlyPass() {
    double blocked = share(false, s -> s.score() >= 0.7);
    double passed = share(false, s -> s.score() < 0.3);
    assertTrue(blocked <= BENIGN_BLOCKED, "benign at ≥ 0.7: " + blocked + "\n" + table("Whole corpus", s -> true));
    assertTrue(passed >= BENIGN_PASSED, "benign below 0.3: " + passed + "\n" + table("Whole corpus", s -> true));
  }

  @Test
  void checkedInObfuscatedCorpusIsWhatTheGeneratorProduces() {
    assertEquals(InjectionCorpusGenerator.generate(), InjectionCorpus.read("/guardrails/injection-obfuscated.tsv"),
        "regenerate with InjectionCorpusGenerator and commit the result");
  }
}
