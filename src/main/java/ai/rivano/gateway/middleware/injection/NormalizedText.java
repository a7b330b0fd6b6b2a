package ai.rivano.gateway.middleware.injection;

import java.text.Normalizer;

/**
 * A text folded so that trivial obfuscation does not change what the rules see:
 * <ul>
 *   <li>{@link #flat}: zero-width and soft-hyphen characters removed; compatibility forms folded (fullwidth
 *       {@code ｉｇｎｏｒｅ}, mathematical bold, ligatures: NFKD) and diacritics dropped, only when the text has
 *       non-ASCII characters; Cyrillic/Greek look-alikes mapped to Latin; lower case; every blank a plain space
 *       (runs kept: a double space is how "i g n o r e  a l l" separates words; newlines kept: fake turns are
 *       recognised at line starts). Tokens never depend on how many blanks separate them.
 *   <li>tokens: the words of {@code flat}; inside a word that has letters, leetspeak digits and symbols are read
 *       as letters ({@code 1gn0r3} → {@code ignore}, {@code $y$tem} → {@code system}); apostrophes are dropped
 *       ({@code don't} → {@code dont}); four or more single letters spaced by one blank, dot, dash or underscore
 *       are joined ({@code i g n o r e}, {@code i.g.n.o.r.e}), and a joined run that reads as several known
 *       words is split into them ({@code ignoreallprevious} → {@code ignore all previous}).
 * </ul>
 * Linear in the text; one instance per text, not shared.
 */
final class NormalizedText {

  final String flat;
  /**
   * {@link #flat} with the letter separator of spaced-out text removed ("<|i.m_s.t.a.r.t|>" →
   * "<|im_start|>"), or {@code flat} itself: what the delimiter scanner reads.
   */
  final String compact;
  /** Token {@code k} is {@code words[k]}, at {@code flat[tokenStart[k], tokenEnd[k])}. */
  final String[] words;
  final int[] tokenStart;
  final int[] tokenEnd;
  /** The token was written in capitals (DAN, STAN): some names of jailbreak personas only count then. */
  final boolean[] capitals;
  /** A ':' follows the token ("new instructions:"). */
  final boolean[] colonAfter;
  /** A ',' or ':' follows the token: a vocative ("Assistant, …", "AI: …"). */
  final boolean[] commaAfter;
  /** The token is inside double quotes: quoted, not said. */
  final boolean[] quoted;
  /** The token is inside markdown code (a fence or backticks). */
  final boolean[] inCode;
  final int count;
  /** The separator of spaced-out letters ('.', ' ', '-', '_'), or 0 for ordinary text. */
  private final char spacedBy;

  private NormalizedText(String flat, String[] words, int[] start, int[] end, boolean[] capitals,
      boolean[] colonAfter, int count, char spacedBy) {
    this.flat = flat;
    this.compact = spacedBy == 0 ? flat : compact(flat, spacedBy);
    this.spacedBy = spacedBy;
    this.words = words;
    this.tokenStart = start;
    this.tokenEnd = end;
    this.capitals = capitals;
    this.colonAfter = colonAfter;
    this.count = count;
    this.commaAfter = new boolean[count];
    this.quoted = new boolean[count];
    this.inCode = new boolean[count];
    markContext();
  }

  /** One pass over {@link #flat} for what surrounds each token: punctuation after, quotes, code. */
  private void markContext() {
    int k = 0;
    boolean quote = false;
    boolean fence = false;
    boolean inline = false;
    for (int i = 0; i <= flat.length() && k < count; i++) {
      while (k < count && tokenStart[k] == i) {
        quoted[k] = quote;
        inCode[k] = fence || inline;
        int e = tokenEnd[k];
        commaAfter[k] = e < flat.length() && (flat.charAt(e) == ',' || flat.charAt(e) == ':');
        k++;
      }
      if (i == flat.length()) {
        break;
      }
      char c = flat.charAt(i);
      if (c == '"' || c == '\u201C' || c == '\u201D') {
        quote = c == '\u201C' || (c == '"' && !quote);
        if (c == '\u201D') {
          quote = false;
        }
      } else if (c == '\n') {
        inline = false;
        quote = false;
      } else if (c == '`') {
        if (flat.startsWith("```", i)) {
          fence = !fence;
          i += 2;
        } else {
          inline = !inline;
        }
      }
    }
  }

  static NormalizedText of(String text, java.util.function.Predicate<String> knownWord) {
    String source = text;
    if (!ascii(text)) {
      source = stripMarks(Normalizer.normalize(text, Normalizer.Form.NFKD));
    }
    int n = source.length();
    char[] flat = new char[n];
    boolean[] upper = new boolean[n];
    int len = 0;
    for (int i = 0; i < n; i++) {
      char c = source.charAt(i);
      if (invisible(c)) {
        continue;
      }
      if (c >= 128) {
        c = Confusables.fold(c);
      }
      if (c == '\n' || c == '\r') {
        flat[len++] = '\n';
        continue;
      }
      if (c == ' ' || c == '\t' || c == '\u00A0' || (c >= 128 && Character.isWhitespace(c))) {
        flat[len++] = ' ';
        continue;
      }
      boolean isUpper = c >= 'A' && c <= 'Z' || (c >= 128 && Character.isUpperCase(c));
      upper[len] = isUpper;
      flat[len++] = isUpper ? Character.toLowerCase(c) : c;
    }
    return tokenize(new String(flat, 0, len), upper, knownWord);
  }

  private static NormalizedText tokenize(String flat, boolean[] upper, java.util.function.Predicate<String> known) {
    int n = flat.length();
    int capacity = n / 3 + 4;
    String[] words = new String[capacity];
    int[] start = new int[capacity];
    int[] end = new int[capacity];
    boolean[] caps = new boolean[capacity];
    boolean[] colon = new boolean[capacity];
    int count = 0;
    StringBuilder word = new StringBuilder(24);
    int i = 0;
    while (i < n) {
      char c = flat.charAt(i);
      if (!tokenChar(c)) {
        i++;
        continue;
      }
      int s = i;
      boolean letters = false;
      boolean allUpper = true;
      while (i < n && tokenChar(flat.charAt(i))) {
        char d = flat.charAt(i);
        if (Character.isLetter(d)) {
          letters = true;
          allUpper &= upper[i];
        }
        i++;
      }
      word.setLength(0);
      for (int k = s; k < i; k++) {
        char d = flat.charAt(k);
        if (d == '\'' || d == '\u2019' || ((d == '@' || d == '$') && (k == s || k == i - 1))) {
          continue; // apostrophes; '@'/'$' only count as letters inside a word ("@assistant" is a mention)
        }
        word.append(letters ? leet(d) : d);
      }
      if (word.length() == 0 || (!letters && !Character.isDigit(word.charAt(0)))) {
        continue;
      }
      if (count == capacity) {
        capacity *= 2;
        words = java.util.Arrays.copyOf(words, capacity);
        start = java.util.Arrays.copyOf(start, capacity);
        end = java.util.Arrays.copyOf(end, capacity);
        caps = java.util.Arrays.copyOf(caps, capacity);
        colon = java.util.Arrays.copyOf(colon, capacity);
      }
      words[count] = word.toString();
      start[count] = s;
      end[count] = i;
      caps[count] = letters && allUpper && i - s > 1;
      colon[count] = i < n && flat.charAt(i) == ':';
      count++;
    }
    decodeLeetNumbers(flat, words, start, end, count);
    char spacedBy = spacedSeparator(flat, words, start, end, count);
    if (spacedBy != 0) {
      count = joinSpacedLetters(flat, words, start, end, caps, colon, count);
    }
    NormalizedText t = new NormalizedText(flat, words, start, end, caps, colon, count, spacedBy);
    return t.splitRunTogetherWords(known);
  }

  /**
   * In a text written in leetspeak (two or more words mixing letters and digits), short all-digit tokens are
   * words too ("41" → "ai", "57473" → "state"); in ordinary text they stay numbers.
   */
  private static void decodeLeetNumbers(String flat, String[] words, int[] start, int[] end, int count) {
    int mixed = 0;
    for (int k = 0; k < count && mixed < 2; k++) {
      String w = words[k];
      if (end[k] - start[k] == w.length() && hasDigitSource(flat, start[k], end[k])
          && !w.chars().allMatch(Character::isDigit)) {
        mixed++;
      }
    }
    if (mixed < 2) {
      return;
    }
    for (int k = 0; k < count; k++) {
      String w = words[k];
      if (w.length() >= 2 && w.length() <= 8 && w.chars().allMatch(Character::isDigit)) {
        StringBuilder b = new StringBuilder(w.length());
        for (int i = 0; i < w.length(); i++) {
          b.append(leet(w.charAt(i)));
        }
        words[k] = b.toString();
      }
    }
  }

  private static boolean hasDigitSource(String flat, int from, int to) {
    for (int i = from; i < to; i++) {
      if (Character.isDigit(flat.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** Splits a long unknown token into known words when it reads as nothing else ("ignoreallprevious"). */
  private NormalizedText splitRunTogetherWords(java.util.function.Predicate<String> known) {
    java.util.List<Integer> splitAt = null;
    for (int k = 0; k < count; k++) {
      if (words[k].length() >= 8 && tokenEnd[k] - tokenStart[k] > words[k].length() && !known.test(words[k])) {
        (splitAt == null ? splitAt = new java.util.ArrayList<>() : splitAt).add(k);
      }
    }
    if (splitAt == null) {
      return this;
    }
    java.util.List<String> w = new java.util.ArrayList<>();
    java.util.List<int[]> spans = new java.util.ArrayList<>();
    java.util.List<boolean[]> flags = new java.util.ArrayList<>();
    for (int k = 0; k < count; k++) {
      java.util.List<String> parts = splitAt.contains(k) ? segment(words[k], known) : null;
      for (String part : parts == null ? java.util.List.of(words[k]) : parts) {
        w.add(part);
        spans.add(new int[] {tokenStart[k], tokenEnd[k]});
        flags.add(new boolean[] {capitals[k], colonAfter[k]});
      }
    }
    int m = w.size();
    int[] s = new int[m];
    int[] e = new int[m];
    boolean[] caps = new boolean[m];
    boolean[] colon = new boolean[m];
    for (int k = 0; k < m; k++) {
      s[k] = spans.get(k)[0];
      e[k] = spans.get(k)[1];
      caps[k] = flags.get(k)[0];
      colon[k] = flags.get(k)[1];
    }
    return new NormalizedText(flat, w.toArray(String[]::new), s, e, caps, colon, m, spacedBy);
  }

  /** Greedy longest-known-prefix segmentation, or null when some part is unknown. */
  private static java.util.List<String> segment(String word, java.util.function.Predicate<String> known) {
    java.util.List<String> parts = new java.util.ArrayList<>();
    int p = 0;
    while (p < word.length()) {
      int found = -1;
      for (int l = Math.min(word.length() - p, 20); l >= 2; l--) {
        if (known.test(word.substring(p, p + l))) {
          found = l;
          break;
        }
      }
      if (found < 0) {
        return null;
      }
      parts.add(word.substring(p, p + found));
      p += found;
    }
    return parts;
  }

  /**
   * "i g n o r e" → "ignore": runs of one-letter tokens, each one separator apart. A run of four or more marks
   * the text as spaced out; then shorter runs ("a n y", "y o u") are joined too.
   */
  private static int joinSpacedLetters(String flat, String[] words, int[] start, int[] end, boolean[] caps,
      boolean[] colon, int count) {
    int out = 0;
    int k = 0;
    while (k < count) {
      int run = spacedRunEnd(flat, words, start, end, count, k);
      if (run > k) {
        StringBuilder joined = new StringBuilder(run - k + 1);
        for (int j = k; j <= run; j++) {
          joined.append(words[j]);
        }
        words[out] = joined.toString();
        start[out] = start[k];
        end[out] = end[run];
        caps[out] = caps[k];
        colon[out] = colon[run];
        k = run + 1;
      } else {
        words[out] = words[k];
        start[out] = start[k];
        end[out] = end[k];
        caps[out] = caps[k];
        colon[out] = colon[k];
        k++;
      }
      out++;
    }
    return out;
  }

  /** The separator of the longest run of one-letter tokens when it has four or more, else 0. */
  private static char spacedSeparator(String flat, String[] words, int[] start, int[] end, int count) {
    int longest = 0;
    char separator = 0;
    for (int k = 0; k < count; k = Math.max(k + 1, spacedRunEnd(flat, words, start, end, count, k))) {
      int run = spacedRunEnd(flat, words, start, end, count, k);
      if (run - k + 1 > longest) {
        longest = run - k + 1;
        separator = run > k ? flat.charAt(end[k]) : 0;
      }
    }
    return longest >= 4 ? separator : 0;
  }

  /** Removes {@code separator} where it sits between two letters or digits. */
  private static String compact(String flat, char separator) {
    StringBuilder b = new StringBuilder(flat.length());
    for (int i = 0; i < flat.length(); i++) {
      char c = flat.charAt(i);
      boolean inner = c == separator && i > 0 && i + 1 < flat.length()
          && Character.isLetterOrDigit(flat.charAt(i - 1)) && Character.isLetterOrDigit(flat.charAt(i + 1));
      if (!inner) {
        b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * Last token of the run of one-letter tokens starting at {@code k}, each one separator apart, the same
   * separator throughout ("i.g.n.o.r.e a.l.l": the dots join letters, the space separates words).
   */
  private static int spacedRunEnd(String flat, String[] words, int[] start, int[] end, int count, int k) {
    int run = k;
    char separator = 0;
    while (run + 1 < count && words[run].length() == 1 && words[run + 1].length() == 1
        && Character.isLetterOrDigit(words[run].charAt(0)) && start[run + 1] - end[run] == 1
        && " .-_".indexOf(flat.charAt(end[run])) >= 0
        && (separator == 0 || flat.charAt(end[run]) == separator)) {
      separator = flat.charAt(end[run]);
      run++;
    }
    return run;
  }

  private static boolean tokenChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '@' || c == '$' || c == '\''
        || c == '\u2019' || (c >= 128 && Character.isLetterOrDigit(c));
  }

  private static char leet(char c) {
    return switch (c) {
      case '0' -> 'o';
      case '1' -> 'i';
      case '3' -> 'e';
      case '4', '@' -> 'a';
      case '5', '$' -> 's';
      case '7' -> 't';
      default -> c;
    };
  }

  private static boolean invisible(char c) {
    return (c >= '\u200B' && c <= '\u200F') || (c >= '\u2060' && c <= '\u2064') || c == '\uFEFF'
        || c == '\u00AD' || c == '\u034F' || c == '\u180E' || (c >= '\u202A' && c <= '\u202E');
  }

  private static boolean ascii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 128) {
        return false;
      }
    }
    return true;
  }

  /** Drops combining marks left by NFKD (ï → i). */
  private static String stripMarks(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.getType(c) != Character.NON_SPACING_MARK) {
        b.append(c);
      }
    }
    return b.toString();
  }
}
