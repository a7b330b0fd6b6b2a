package ai.rivano.gateway.middleware.injection;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * A phrase pattern over normalised tokens, compiled from a small language (no regular expressions, so no
 * catastrophic backtracking): elements separated by spaces, each
 * <ul>
 *   <li>{@code a|b|$MACRO} one token from the alternatives ({@code $MACRO} expands to a word list);</li>
 *   <li>a suffix {@code ?} (optional) or {@code *N} (zero to N such tokens);</li>
 *   <li>a suffix {@code :} (the token is followed by a colon: {@code instructions:}); {@code ,} (by a comma
 *       or colon: a vocative, {@code assistant,});</li>
 *   <li>a prefix {@code ^} (the token was written in capitals: {@code ^dan});</li>
 *   <li>{@code ~N}: zero to N tokens of anything.</li>
 * </ul>
 * The first element must be a plain word set: rules are indexed by it, so a text is matched in time linear in
 * its tokens (each start tries only the rules its word begins, each bounded by its element ranges).
 */
final class PhraseRule {

  final Family family;
  /** Weight when the text is the user's (and, halved, an earlier assistant turn or tool-call arguments). */
  final double userWeight;
  /** Weight when the text is a tool result or retrieved document. */
  final double toolWeight;
  /** Counts only when the text also names a destination (a URL or an email address). */
  final boolean needsDestination;
  final String source;
  private final Element[] elements;
  /**
   * For each element after the first that must match at least one token: the vocabulary ids it accepts. A text
   * lacking every word of one of them cannot match the rule, which {@link #possibleIn} tells without matching.
   */
  private final int[][] requiredWords;

  private record Element(BitSet words, boolean any, int min, int max, boolean colon, boolean comma,
      boolean capitals) {
    boolean accepts(NormalizedText t, int k) {
      if (any) {
        return true;
      }
      int id = t.ids[k];
      return id >= 0 && words.get(id) && (!colon || t.is(k, NormalizedText.COLON_AFTER))
          && (!comma || t.is(k, NormalizedText.COMMA_AFTER)) && (!capitals || t.is(k, NormalizedText.CAPITALS));
    }
  }

  PhraseRule(Family family, double userWeight, double toolWeight, boolean needsDestination, String pattern,
      Map<String, String[]> macros, Vocabulary vocabulary) {
    this.family = family;
    this.userWeight = userWeight;
    this.toolWeight = toolWeight;
    this.needsDestination = needsDestination;
    this.source = pattern;
    List<Element> parsed = new ArrayList<>();
    for (String part : pattern.trim().split(" +")) {
      parsed.add(parse(part, macros, vocabulary));
    }
    elements = parsed.toArray(Element[]::new);
    Element first = elements[0];
    if (first.any || first.min == 0) {
      throw new IllegalArgumentException("a rule must start with a required word: " + pattern);
    }
    List<int[]> required = new ArrayList<>();
    for (int e = 1; e < elements.length; e++) {
      if (!elements[e].any && elements[e].min > 0) {
        required.add(elements[e].words.stream().toArray());
      }
    }
    requiredWords = required.toArray(int[][]::new);
  }

  /**
   * False when the text cannot match: some required element has none of its words among the text's tokens
   * ({@code present[id]}). Ordinary prose starts many rules ("you", "all", "what") but rarely has their later
   * words, so this spares most matching.
   */
  boolean possibleIn(boolean[] present) {
    for (int[] words : requiredWords) {
      boolean found = false;
      for (int id : words) {
        if (present[id]) {
          found = true;
          break;
        }
      }
      if (!found) {
        return false;
      }
    }
    return true;
  }

  /** The vocabulary ids of the words this rule can start with. */
  BitSet firstWords() {
    return elements[0].words;
  }

  /** The end (exclusive token index) of a match starting at token {@code k}, or -1. */
  int matchAt(NormalizedText t, int k) {
    return match(t, 0, k);
  }

  private int match(NormalizedText t, int e, int pos) {
    if (e == elements.length) {
      return pos;
    }
    Element el = elements[e];
    int available = 0;
    while (available < el.max && pos + available < t.count && el.accepts(t, pos + available)) {
      available++;
    }
    for (int taken = available; taken >= el.min; taken--) {
      int end = match(t, e + 1, pos + taken);
      if (end >= 0) {
        return end;
      }
    }
    return -1;
  }

  private static Element parse(String part, Map<String, String[]> macros, Vocabulary vocabulary) {
    if (part.startsWith("~")) {
      return new Element(null, true, 0, Integer.parseInt(part.substring(1)), false, false, false);
    }
    int min = 1;
    int max = 1;
    String body = part;
    int star = body.indexOf('*');
    if (star >= 0) {
      min = 0;
      max = Integer.parseInt(body.substring(star + 1));
      body = body.substring(0, star);
    } else if (body.endsWith("?")) {
      min = 0;
      body = body.substring(0, body.length() - 1);
    }
    boolean colon = body.endsWith(":");
    boolean comma = body.endsWith(",");
    if (colon || comma) {
      body = body.substring(0, body.length() - 1); // applies to the element: "instructions|rules:"
    }
    boolean capitals = body.startsWith("^");
    if (capitals) {
      body = body.substring(1);
    }
    BitSet words = new BitSet();
    for (String alternative : body.split("\\|")) {
      String[] expanded = alternative.startsWith("$") ? macros.get(alternative.substring(1)) : new String[] {alternative};
      if (expanded == null) {
        throw new IllegalArgumentException("unknown macro " + alternative);
      }
      for (String w : expanded) {
        words.set(vocabulary.add(w));
      }
    }
    return new Element(words, false, min, max, colon, comma, capitals);
  }
}
