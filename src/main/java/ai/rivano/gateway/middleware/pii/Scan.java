package ai.rivano.gateway.middleware.pii;

/**
 * One pass of the detector over one text: the cursor the recognisers read through, and the candidates they
 * report. Not thread-safe; one per {@code detect}/{@code holdFrom} call.
 *
 * <p>Streaming rests on one rule: recognisers read the text only through {@link #at}. Reading past the end
 * marks the candidate being evaluated as undecided (the next chunk could make it match, grow or fail), and
 * {@link #holdFrom} remembers the earliest such candidate start. So "what must be held back" is derived from
 * the very code that decides matches, and cannot drift from it.
 */
final class Scan {

  final ScanText text;
  final int length;

  private boolean touchedEnd;
  private int holdFrom;

  private int count;
  private int[] starts = new int[8];
  private int[] ends = new int[8];
  private PiiEntity[] entities = new PiiEntity[8];

  /** Scratch for recognisers that collect digits (phone, card): at most one evaluation uses it at a time. */
  final char[] digits = new char[24];
  /** Scratch for digit groups (phone): length, separator before, parenthesised. */
  final int[] groupLength = new int[8];
  final char[] groupSeparator = new char[8];
  final boolean[] groupParen = new boolean[8];

  Scan(CharSequence text) {
    this.text = new ScanText(text);
    this.length = text.length();
    this.holdFrom = length;
  }

  /** The character at {@code i}; {@link Chars#END} outside the text. Past the end it also marks "undecided". */
  char at(int i) {
    if (i >= length) {
      touchedEnd = true;
      return Chars.END;
    }
    return i < 0 ? Chars.END : text.charAt(i);
  }

  /** A recogniser's matcher: the end of a match of its entity starting at {@code start}, or -1. */
  @FunctionalInterface
  interface Matcher {
    int end(Scan s, int start);
  }

  /**
   * Evaluates one candidate starting at {@code start}: adds it when {@code matcher} matches, and holds the text
   * from {@code start} when the matcher read past the end (the next chunk could still decide it).
   */
  void evaluate(PiiEntity entity, int start, Matcher matcher) {
    begin();
    int end = matcher.end(this, start);
    if (end > 0) {
      add(entity, start, end);
    }
    end(start);
  }

  /** Starts evaluating one candidate. */
  void begin() {
    touchedEnd = false;
  }

  /** Ends evaluating a candidate that would start at {@code start}: if it read past the end, hold from there. */
  void end(int start) {
    if (touchedEnd && start < holdFrom) {
      holdFrom = start;
    }
    touchedEnd = false;
  }

  /** Holds from {@code start} whatever the last read was (a partial token at the end). */
  void hold(int start) {
    if (start < holdFrom) {
      holdFrom = start;
    }
  }

  int holdFrom() {
    return holdFrom;
  }

  void add(PiiEntity entity, int start, int end) {
    if (count == starts.length) {
      starts = java.util.Arrays.copyOf(starts, count * 2);
      ends = java.util.Arrays.copyOf(ends, count * 2);
      entities = java.util.Arrays.copyOf(entities, count * 2);
    }
    starts[count] = start;
    ends[count] = end;
    entities[count] = entity;
    count++;
  }

  int count() {
    return count;
  }

  int start(int k) {
    return starts[k];
  }

  int candidateEnd(int k) {
    return ends[k];
  }

  PiiEntity entity(int k) {
    return entities[k];
  }

  // ---- shared token helpers (all reads through at()) ----

  /** {@code i} starts a token: the previous character is not alphanumeric and does not glue one on. */
  boolean startsToken(int i) {
    char prev = at(i - 1);
    if (Chars.letterOrDigit(prev)) {
      return false;
    }
    return !(Chars.joiner(prev) && Chars.letterOrDigit(at(i - 2)));
  }

  /** A token ends before {@code e}: the next character is not alphanumeric and does not glue one on. */
  boolean endsToken(int e) {
    char next = at(e);
    if (Chars.letterOrDigit(next)) {
      return false;
    }
    return !(Chars.joiner(next) && Chars.letterOrDigit(at(e + 1)));
  }

  /** Number of consecutive ASCII digits from {@code i}, reading at most {@code max + 1} characters. */
  int digitRun(int i, int max) {
    int n = 0;
    while (n <= max && Chars.digit(at(i + n))) {
      n++;
    }
    return n;
  }

  /** Whether {@code text[i, i+n)} are all digits (reads stop at the first non-digit). */
  boolean digits(int i, int n) {
    for (int k = 0; k < n; k++) {
      if (!Chars.digit(at(i + k))) {
        return false;
      }
    }
    return true;
  }

  /** Case-insensitive: does {@code text} at {@code i} read {@code lowerWord}? */
  boolean regionIs(int i, String lowerWord) {
    for (int k = 0; k < lowerWord.length(); k++) {
      if (Chars.toLower(at(i + k)) != lowerWord.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether one of {@code lowerKeywords} occurs as a word start within {@code window} characters before
   * {@code i}, on the same line. Only looks backwards, so it never makes a candidate undecided.
   */
  boolean keywordBefore(int i, int window, String... lowerKeywords) {
    int from = Math.max(0, i - window);
    for (int p = i - 1; p >= from; p--) {
      char c = text.charAt(p);
      if (c == '\n') {
        return false;
      }
      if (Chars.letter(c) && !Chars.letter(p > 0 ? text.charAt(p - 1) : Chars.END)) {
        for (String k : lowerKeywords) {
          if (p + k.length() <= i && regionIs(p, k)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * Start of the previous word on the line, skipping blanks and the punctuation of labels ({@code Order No.:},
   * {@code #}), or -1 when there is none.
   */
  int previousWordStart(int i) {
    int p = i - 1;
    while (p >= 0 && (Chars.blank(text.charAt(p)) || ":#.,".indexOf(text.charAt(p)) >= 0)) {
      p--;
    }
    int end = p + 1;
    while (p >= 0 && Chars.letter(text.charAt(p))) {
      p--;
    }
    return p + 1 < end ? p + 1 : -1;
  }

  /** End of the word starting at {@code start} (letters only). */
  int wordEnd(int start) {
    int p = start;
    while (Chars.letter(at(p))) {
      p++;
    }
    return p;
  }
}
