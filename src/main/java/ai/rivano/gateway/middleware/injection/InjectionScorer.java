package ai.rivano.gateway.middleware.injection;

import ai.rivano.gateway.middleware.content.TextRole;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Scores prompt-injection risk of a request in [0, 1] from weighted pattern families: role override,
 * delimiter injection, exfiltration, instructions hidden in tool results or retrieved text, known jailbreak
 * templates (docs/guardrails.md "Injection scoring").
 *
 * <p>Each text is normalised first ({@link NormalizedText}: case, look-alike letters, fullwidth forms,
 * zero-width characters, leetspeak, spaced-out letters). Evidence combines as {@code 1 − Π(1 − wᵢ)} over the
 * three strongest distinct rule hits of the request (each rule counts once, with its strongest weight): one
 * strong rule reaches the block band, weak cues alone stay below the warning band, and a long benign document
 * cannot pile up many weak cues into a block.
 *
 * <p>Roles: user text counts fully; a tool result or retrieved document uses the rules' tool weights (an
 * instruction addressed to the assistant inside tool output weighs far more than the same words from the
 * user); earlier assistant turns and tool-call arguments count half; the system prompt is the operator's own
 * text and is not scored (it routinely says "never reveal your instructions").
 *
 * <p>Context lowers a match: a negation right before it ("must not share passwords"), a match entirely inside
 * double quotes in a question ("why are phrases like \"ignore previous instructions\" dangerous?"), a text that
 * discusses prompt injection
 * as a topic, and delimiter rules inside markdown code. Each lowers, never erases: a quoted attack still warns.
 *
 * <p>Thread-safe and immutable; linear in the text (no regular expressions).
 */
public final class InjectionScorer {

  private static final int STRONGEST = 3;
  private static final Family[] FAMILIES = Family.values();
  static final double QUOTED = 0.6;
  static final double DISCUSSED = 0.7;
  private static final String[] NEGATIONS = {"not", "never", "dont", "cannot", "cant", "shouldnt", "mustnt",
      "wont", "doesnt", "didnt", "nor"};
  private static final InjectionScorer INSTANCE = new InjectionScorer();

  private final Rules rules = new Rules();
  private final PhraseRule[] phrases;
  /** Rules indexed by the vocabulary id of their first word. */
  private final int[][] byFirstWord;
  /** By vocabulary id: the word negates what follows ("not", "never", …). */
  private final boolean[] negation;
  private final int prompt;
  private final int injection;
  private final int injections;
  private final int adversarial;
  private final int adversaries;
  private final int owasp;
  private final int red;
  private final int team;

  private InjectionScorer() {
    for (String w : NEGATIONS) {
      rules.vocabulary.add(w);
    }
    prompt = rules.vocabulary.add("prompt");
    injection = rules.vocabulary.add("injection");
    injections = rules.vocabulary.add("injections");
    adversarial = rules.vocabulary.add("adversarial");
    adversaries = rules.vocabulary.add("adversaries");
    owasp = rules.vocabulary.add("owasp");
    red = rules.vocabulary.add("red");
    team = rules.vocabulary.add("team");
    negation = new boolean[rules.vocabulary.size()];
    for (String w : NEGATIONS) {
      negation[rules.vocabulary.id(w)] = true;
    }
    phrases = rules.phrases.toArray(PhraseRule[]::new);
    List<List<Integer>> index = new ArrayList<>();
    for (int i = 0; i < rules.vocabulary.size(); i++) {
      index.add(new ArrayList<>());
    }
    for (int r = 0; r < phrases.length; r++) {
      BitSet first = phrases[r].firstWords();
      for (int id = first.nextSetBit(0); id >= 0; id = first.nextSetBit(id + 1)) {
        index.get(id).add(r);
      }
    }
    byFirstWord = new int[index.size()][];
    for (int id = 0; id < index.size(); id++) {
      byFirstWord[id] = index.get(id).stream().mapToInt(Integer::intValue).toArray();
    }
  }

  public static InjectionScorer create() {
    return INSTANCE;
  }

  public InjectionScore score(List<ScoredText> texts) {
    double[] ruleWeight = new double[phrases.length];
    double[] delimiterWeight = new double[DelimiterScanner.WEIGHTS.length];
    boolean any = false;
    for (ScoredText st : texts) {
      double factor = roleFactor(st.role());
      if (factor == 0 || st.text() == null || st.text().isEmpty()) {
        continue;
      }
      any = true;
      boolean tool = st.role() == TextRole.TOOL_RESULT;
      NormalizedText t = NormalizedText.of(st.text(), rules.vocabulary);
      boolean discussed = discussesInjection(t);
      // quotes mark a mention only in a question or a discussion; JSON and "translate this: \"…\"" quote attacks
      boolean mentions = discussed || t.question;
      matchPhrases(t, tool, factor * (discussed ? DISCUSSED : 1), mentions, ruleWeight);
      DelimiterScanner.scan(t, (id, w) -> delimiterWeight[id] = Math.max(delimiterWeight[id], w * factor));
    }
    if (!any) {
      return InjectionScore.NONE;
    }
    return combine(ruleWeight, delimiterWeight);
  }

  /** Convenience for one user text. */
  public InjectionScore score(String userText) {
    return score(List.of(new ScoredText(TextRole.USER, userText)));
  }

  private void matchPhrases(NormalizedText t, boolean tool, double factor, boolean mentions, double[] ruleWeight) {
    int[] ids = t.ids;
    boolean destination = t.destination;
    boolean[] present = new boolean[rules.vocabulary.size()]; // by vocabulary id: the text has this word
    for (int k = 0; k < t.count; k++) {
      if (ids[k] >= 0) {
        present[ids[k]] = true;
      }
    }
    byte[] possible = new byte[phrases.length]; // per rule: 0 not asked yet, 1 possible, 2 impossible in this text
    for (int k = 0; k < t.count; k++) {
      if (ids[k] < 0) {
        continue;
      }
      boolean negated = k > 0 && ids[k - 1] >= 0 && negation[ids[k - 1]];
      for (int r : byFirstWord[ids[k]]) {
        PhraseRule rule = phrases[r];
        if (rule.needsDestination && !destination || negated && !negation[ids[k]]) {
          continue;
        }
        double w = (tool ? rule.toolWeight : rule.userWeight) * factor;
        if (w <= ruleWeight[r]) {
          continue;
        }
        if (possible[r] == 0) {
          possible[r] = rule.possibleIn(present) ? (byte) 1 : (byte) 2;
        }
        if (possible[r] == 2) {
          continue;
        }
        int end = rule.matchAt(t, k);
        if (end < 0) {
          continue;
        }
        if (mentions && allQuoted(t, k, end)) {
          w *= QUOTED;
        }
        if (rule.family == Family.DELIMITER && t.is(k, NormalizedText.IN_CODE)) {
          w *= DelimiterScanner.IN_CODE;
        }
        ruleWeight[r] = Math.max(ruleWeight[r], w);
      }
    }
  }

  private InjectionScore combine(double[] ruleWeight, double[] delimiterWeight) {
    double[] top = new double[STRONGEST];
    double[] byFamily = new double[FAMILIES.length];
    boolean any = false;
    for (int r = 0; r < ruleWeight.length; r++) {
      if (ruleWeight[r] > 0) {
        any = true;
        keepStrongest(top, ruleWeight[r]);
        int f = phrases[r].family.ordinal();
        byFamily[f] = Math.max(byFamily[f], ruleWeight[r]);
      }
    }
    for (double w : delimiterWeight) {
      if (w > 0) {
        any = true;
        keepStrongest(top, w);
        byFamily[Family.DELIMITER.ordinal()] = Math.max(byFamily[Family.DELIMITER.ordinal()], w);
      }
    }
    if (!any) {
      return InjectionScore.NONE;
    }
    double pass = 1;
    for (double w : top) {
      pass *= 1 - w;
    }
    double score = Math.round((1 - pass) * 1000) / 1000.0;
    List<String> names = new ArrayList<>(FAMILIES.length);
    while (true) { // strongest first; a family under 0.1 is noise, not worth naming
      int best = -1;
      for (int f = 0; f < byFamily.length; f++) {
        if (byFamily[f] >= 0.1 && (best < 0 || byFamily[f] > byFamily[best])) {
          best = f;
        }
      }
      if (best < 0) {
        break;
      }
      names.add(FAMILIES[best].configName);
      byFamily[best] = 0;
    }
    return new InjectionScore(Math.min(1, score), names);
  }

  private static void keepStrongest(double[] top, double w) {
    int weakest = 0;
    for (int k = 1; k < top.length; k++) {
      if (top[k] < top[weakest]) {
        weakest = k;
      }
    }
    if (w > top[weakest]) {
      top[weakest] = w;
    }
  }

  private static double roleFactor(TextRole role) {
    return switch (role) {
      case USER, TOOL_RESULT -> 1.0;
      case ASSISTANT, TOOL_CALL_ARGUMENTS -> 0.5;
      case SYSTEM -> 0.0;
    };
  }

  private static boolean allQuoted(NormalizedText t, int from, int to) {
    for (int k = from; k < to; k++) {
      if (!t.is(k, NormalizedText.QUOTED)) {
        return false;
      }
    }
    return to > from;
  }

  /** The text is about prompt injection (a paper, a blog post, a question about defences), not one. */
  private boolean discussesInjection(NormalizedText t) {
    int[] ids = t.ids;
    for (int k = 0; k < t.count; k++) {
      int w = ids[k];
      if ((w == injection || w == injections) && k > 0 && ids[k - 1] == prompt
          || w == adversarial || w == adversaries || w == owasp || w == team && k > 0 && ids[k - 1] == red) {
        return true;
      }
    }
    return false;
  }

  /** For tests and docs: every rule with its family and weights. */
  List<String> describeRules() {
    List<String> out = new ArrayList<>();
    for (PhraseRule r : phrases) {
      out.add(String.format("%s\t%.2f\t%.2f\t%s%s", r.family.configName, r.userWeight, r.toolWeight, r.source,
          r.needsDestination ? "  (with a URL or email address)" : ""));
    }
    for (int k = 0; k < DelimiterScanner.WEIGHTS.length; k++) {
      out.add(String.format("delimiter\t%.2f\t%.2f\t%s", DelimiterScanner.WEIGHTS[k], DelimiterScanner.WEIGHTS[k],
          DelimiterScanner.NAMES[k]));
    }
    return out;
  }
}
