package ai.rivano.gateway.middleware.pii;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Accuracy of the PII detector on the labelled corpus: per entity type, recall on the positives, precision
 * over everything detected, and the false-positive rate on the hard negatives (the share of negative lines in
 * which that type is reported). Prints the tables (copied into docs/guardrails.md) and fails under the bars.
 * The held-out file is also reported alone: it was written after the detector, so it is the fairer estimate.
 */
class PiiAccuracyTest {

  /** Structured types (issue 7): recall ≥ 0.95 and ≤ 2 % of hard negatives flagged. */
  private static final double STRUCTURED_RECALL = 0.95;
  private static final double STRUCTURED_FP_RATE = 0.02;
  /**
   * Names and addresses have no checksum or fixed format: a gazetteer-and-context detector misses names it has
   * never seen unless a cue introduces them, and addresses outside the number-street-suffix layout. The bars are
   * what this method holds on this corpus with margin (docs/guardrails.md says what they mean and do not mean).
   */
  private static final double NAME_RECALL = 0.85;
  private static final double NAME_FP_RATE = 0.03;
  private static final double ADDRESS_RECALL = 0.85;
  private static final double ADDRESS_FP_RATE = 0.02;

  private static final Set<PiiEntity> STRUCTURED = Set.of(PiiEntity.SSN, PiiEntity.EMAIL, PiiEntity.PHONE,
      PiiEntity.CREDIT_CARD, PiiEntity.IP_ADDRESS, PiiEntity.PASSPORT);

  private static Measurement all;

  static final class Stats {
    int positives;
    int found;
    int exact;
    int falsePositives;
    int negativeLinesFlagged;
  }

  static final class Measurement {
    final Map<PiiEntity, Stats> stats = new EnumMap<>(PiiEntity.class);
    final List<String> errors = new ArrayList<>();
    int negativeLines;

    Measurement() {
      for (PiiEntity e : PiiEntity.values()) {
        stats.put(e, new Stats());
      }
    }

    double recall(PiiEntity e) {
      Stats s = stats.get(e);
      return s.positives == 0 ? 1 : (double) s.found / s.positives;
    }

    double fpRate(PiiEntity e) {
      return negativeLines == 0 ? 0 : (double) stats.get(e).negativeLinesFlagged / negativeLines;
    }

    String table(String title) {
      StringBuilder t = new StringBuilder(title).append(String.format(" (hard-negative lines: %d)%n", negativeLines));
      t.append("| entity | positives | recall | exact span | precision | FP on hard negatives |\n");
      t.append("|---|---:|---:|---:|---:|---:|\n");
      for (PiiEntity e : PiiEntity.values()) {
        Stats s = stats.get(e);
        double precision = s.found + s.falsePositives == 0 ? 1 : (double) s.found / (s.found + s.falsePositives);
        t.append(String.format("| %s | %d | %.3f | %.3f | %.3f | %.2f %% (%d) |%n", e.configName(), s.positives,
            recall(e), s.positives == 0 ? 1.0 : (double) s.exact / s.positives, precision, 100 * fpRate(e),
            s.negativeLinesFlagged));
      }
      return t.toString();
    }
  }

  static Measurement measure(List<PiiCorpus.Example> examples) {
    PiiDetector detector = PiiDetector.create();
    Measurement r = new Measurement();
    for (PiiCorpus.Example ex : examples) {
      List<PiiMatch> found = detector.detect(ex.text());
      if (ex.negative()) {
        r.negativeLines++;
        found.stream().map(PiiMatch::entity).distinct().forEach(e -> r.stats.get(e).negativeLinesFlagged++);
      }
      for (PiiCorpus.Label label : ex.labels()) {
        Stats st = r.stats.get(label.entity());
        st.positives++;
        boolean hit = false;
        for (PiiMatch m : found) {
          if (m.entity() == label.entity() && m.start() < label.end() && m.end() > label.start()) {
            hit = true;
            if (m.start() == label.start() && m.end() == label.end()) {
              st.exact++;
            }
          }
        }
        if (hit) {
          st.found++;
        } else {
          r.errors.add("MISS " + label.entity().configName() + " [" + ex.text().substring(label.start(), label.end())
              + "] in: " + ex.text().replace("\n", "\\n"));
        }
      }
      for (PiiMatch m : found) {
        boolean labelled = ex.labels().stream().anyMatch(l -> l.entity() == m.entity() && m.start() < l.end()
            && m.end() > l.start());
        if (!labelled) {
          r.stats.get(m.entity()).falsePositives++;
          r.errors.add("FP   " + m.entity().configName() + " [" + ex.text().substring(m.start(), m.end()) + "] in ("
              + ex.category() + "): " + ex.text().replace("\n", "\\n"));
        }
      }
    }
    return r;
  }

  @BeforeAll
  static void measureCorpus() {
    List<PiiCorpus.Example> examples = PiiCorpus.load();
    all = measure(examples);
    Measurement heldOut = measure(examples.stream().filter(e -> e.file().equals("pii-heldout.tsv")).toList());
    System.out.println(all.table("Whole corpus"));
    System.out.println(heldOut.table("Held-out file only"));
    all.errors.forEach(System.out::println);
  }

  @Test
  void corpusIsLargeEnough() {
    assertTrue(all.negativeLines >= 400, "hard negatives: " + all.negativeLines);
    for (PiiEntity e : PiiEntity.values()) {
      assertTrue(all.stats.get(e).positives >= 100, e + " positives: " + all.stats.get(e).positives);
    }
  }

  @Test
  void structuredTypesMeetTheBars() {
    for (PiiEntity e : STRUCTURED) {
      assertTrue(all.recall(e) >= STRUCTURED_RECALL, e + " recall\n" + all.table("Whole corpus"));
      assertTrue(all.fpRate(e) <= STRUCTURED_FP_RATE, e + " FP rate\n" + all.table("Whole corpus"));
    }
  }

  @Test
  void namesAndAddressesMeetTheirStatedBars() {
    assertTrue(all.recall(PiiEntity.NAME) >= NAME_RECALL, "name recall\n" + all.table("Whole corpus"));
    assertTrue(all.fpRate(PiiEntity.NAME) <= NAME_FP_RATE, "name FP rate\n" + all.table("Whole corpus"));
    assertTrue(all.recall(PiiEntity.ADDRESS) >= ADDRESS_RECALL, "address recall\n" + all.table("Whole corpus"));
    assertTrue(all.fpRate(PiiEntity.ADDRESS) <= ADDRESS_FP_RATE, "address FP rate\n" + all.table("Whole corpus"));
  }

  @Test
  void checkedInGeneratedCorpusIsWhatTheGeneratorProduces() {
    assertEquals(PiiCorpusGenerator.generate(), PiiCorpus.read("/guardrails/pii-generated.tsv"),
        "regenerate with PiiCorpusGenerator and commit the result");
  }
}
