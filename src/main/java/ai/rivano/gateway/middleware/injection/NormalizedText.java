package ai.rivano.gateway.middleware.injection;

import java.text.Normalizer;

/**
 * A text folded so that trivial obfuscation does not change what the rules see:
 * <ul>
 *   <li>{@link #flat}: zero-width, bidi-control and soft-hyphen characters removed; compatibility forms folded
 *       (fullwidth {@code ｉｇｎｏｒｅ}, mathematical bold, ligatures: NFKD) and diacritics dropped, only when the
 *       text has non-ASCII characters; Cyrillic/Greek look-alikes mapped to Latin; lower case; every blank a
 *       plain space (runs kept: a double space is how "i g n o r e  a l l" separates words; newlines kept: fake
 *       turns are recognised at line starts). Tokens never depend on how many blanks separate them.
 *   <li>tokens: the words of {@code flat}; inside a word that has letters, leetspeak digits and symbols are read
 *       as letters ({@code 1gn0r3} → {@code ignore}, {@code $y$tem} → {@code system}), and in a text written in
 *       leetspeak short numbers are words too ({@code 41} → {@code ai}); apostrophes are dropped
 *       ({@code don't} → {@code dont}); in spaced-out text (a run of four or more single letters one separator
 *       apart) letter runs are joined ({@code i g n o r e}, {@code i.g.n.o.r.e}), and a joined run that reads as
 *       several known words is split into them ({@code ignoreallprevious} → {@code ignore all previous}).
 * </ul>
 * One pass folds the text and notes what the scorer asks later (a question mark, a URL or email address);
 * one pass cuts tokens and marks their context (quoted, in markdown code, followed by ':' or ','). Linear in the
 * text; one instance per text, not shared.
 */
final class NormalizedText {

  final String flat;
  /** The characters of {@link #flat} (the array may be longer). */
  private final char[] flatChars;
  /**
   * {@link #flat} with the letter separator of spaced-out text removed ("<|i.m_s.t.a.r.t|>" → "<|im_start|>"),
   * or {@code flat} itself: what the delimiter scanner reads.
   */
  final String compact;
  /** Token {@code k} has vocabulary id {@code ids[k]} ({@link Vocabulary#UNKNOWN} when no rule uses it) and
   * sits at {@code flat[tokenStart[k], tokenEnd[k])}. */
  final int[] ids;
  private final char[] wordBuffer;
  private final int[] wordStart;
  private final int[] wordEnd;
  final int[] tokenStart;
  final int[] tokenEnd;
  /** Per token, bits below: what surrounds it and how it was written. */
  private final int[] flags;

  /** Written in capitals (DAN, STAN): some names of jailbreak personas only count then. */
  static final int CAPITALS = 1;
  /** A ':' follows ("new instructions:"). */
  static final int COLON_AFTER = 1 << 1;
  /** A ',' or ':' follows: a vocative ("Assistant, …", "AI: …"). */
  static final int COMMA_AFTER = 1 << 2;
  /** Inside double quotes: quoted, not said. */
  static final int QUOTED = 1 << 3;
  /** Inside markdown code (a fence or backticks). */
  static final int IN_CODE = 1 << 4;
  /** Letters and digits mixed (leetspeak) / digits only: for decoding numbers in leetspeak text. */
  private static final int LEET = 1 << 5;
  private static final int NUMERIC = 1 << 6;
  final int count;
  /** The text has a question mark. */
  final boolean question;
  /** The text names somewhere to send data: a URL ({@code ://}, {@code www.}) or an email address. */
  final boolean destination;

  private NormalizedText(Folded f, Tokens t) {
    this.flat = f.flat;
    this.flatChars = f.chars;
    this.compact = t.spacedBy == 0 ? f.flat : compact(f.flat, t.spacedBy);
    this.ids = t.ids;
    this.wordBuffer = t.buffer;
    this.wordStart = t.wordStart;
    this.wordEnd = t.wordEnd;
    this.tokenStart = t.start;
    this.tokenEnd = t.end;
    this.flags = t.flags;
    this.count = t.count;
    this.question = f.question;
    this.destination = f.destination;
  }

  /** Whether token {@code k} has all the given bits ({@link #CAPITALS}, {@link #QUOTED} …). */
  boolean is(int k, int bits) {
    return (flags[k] & bits) == bits;
  }

  /** {@link #compact} as characters (the folded array itself when nothing was compacted). */
  char[] compactChars() {
    return compact == flat ? flatChars : compact.toCharArray();
  }

  /** Token {@code k} as normalised (for tests and diagnostics; the scorer reads {@link #ids}). */
  String word(int k) {
    return new String(wordBuffer, wordStart[k], wordEnd[k] - wordStart[k]);
  }

  static NormalizedText of(String text, Vocabulary vocabulary) {
    Folded f = Folded.of(text, false);
    if (f == null) {
      f = Folded.of(stripMarks(Normalizer.normalize(text, Normalizer.Form.NFKD)), true);
    }
    Tokens t = Tokens.cut(f, vocabulary);
    t.markCapitals(f.upper);
    t.decodeLeetNumbers();
    t.spacedBy = t.spacedSeparator();
    if (t.spacedBy != 0) {
      t.joinSpacedLetters();
    }
    t.splitRunTogetherWords();
    return new NormalizedText(f, t);
  }

  /** The folded characters and what one pass over them noticed. */
  private static final class Folded {
    String flat;
    char[] chars;
    boolean[] upper;
    boolean question;
    boolean destination;

    /**
     * Folds {@code source}; null when it has non-ASCII characters other than look-alikes, blanks and invisible
     * ones and was not yet NFKD-normalised (the caller normalises and folds again).
     */
    static Folded of(String source, boolean normalized) {
      int n = source.length();
      char[] out = new char[n];
      boolean[] upper = new boolean[n];
      boolean question = false;
      boolean destination = false;
      boolean at = false; // an '@' after a letter or digit: a '.' later makes it an email address
      int len = 0;
      for (int i = 0; i < n; i++) {
        char c = source.charAt(i);
        if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
          out[len++] = c; // the common case first
          continue;
        }
        if (c >= 128) {
          if (invisible(c)) {
            continue;
          }
          char folded = Confusables.fold(c);
          if (folded == c && !normalized && !Character.isWhitespace(c)) {
            return null;
          }
          c = folded;
        }
        switch (c) {
          case '\n', '\r' -> out[len++] = '\n';
          case ' ', '\t', '\u00A0' -> out[len++] = ' ';
          case '?' -> {
            question = true;
            out[len++] = c;
          }
          case '@' -> {
            at |= len > 0 && Character.isLetterOrDigit(out[len - 1]);
            out[len++] = c;
          }
          case '.' -> {
            destination |= at || len >= 3 && out[len - 1] == 'w' && out[len - 2] == 'w' && out[len - 3] == 'w';
            out[len++] = c;
          }
          case '/' -> {
            destination |= len >= 2 && out[len - 1] == '/' && out[len - 2] == ':';
            out[len++] = c;
          }
          default -> {
            if (c >= 128 && Character.isWhitespace(c)) {
              out[len++] = ' ';
            } else {
              boolean isUpper = c >= 'A' && c <= 'Z' || (c >= 128 && Character.isUpperCase(c));
              upper[len] = isUpper;
              out[len++] = isUpper ? Character.toLowerCase(c) : c;
            }
          }
        }
      }
      Folded f = new Folded();
      f.chars = out;
      f.flat = new String(out, 0, len);
      f.upper = upper;
      f.question = question;
      f.destination = destination;
      return f;
    }
  }

  /** The token arrays, cut and then rewritten in place; token text lives in one buffer, never a String. */
  private static final class Tokens {
    final Vocabulary vocabulary;
    char[] chars;
    /**
     * Normalised token characters: token {@code k} is {@code buffer[wordStart[k], wordEnd[k])}. The buffer starts
     * as the folded text itself, where plain tokens are read in place; rewritten tokens are appended after it (never
     * written over it: the folded text is read again for capitals, spaced letters and delimiters).
     */
    char[] buffer;
    /** The end of what the buffer holds (rewritten tokens are appended here). */
    int used;
    int[] wordStart;
    int[] wordEnd;
    int[] ids;
    int[] start;
    int[] end;
    int[] flags;
    int count;
    char spacedBy;

    Tokens(Vocabulary vocabulary) {
      this.vocabulary = vocabulary;
    }

    static Tokens cut(Folded f, Vocabulary vocabulary) {
      char[] chars = f.chars;
      int n = f.flat.length();
      Tokens t = new Tokens(vocabulary);
      t.chars = chars;
      // A plain token (the common case) is read where it sits in the folded text; a rewritten one is appended.
      t.buffer = chars;
      t.used = n;
      t.allocate(n / 5 + 8);
      boolean quote = false;
      boolean fence = false;
      boolean inline = false;
      int i = 0;
      while (i < n) {
        char c = chars[i];
        if (!tokenChar(c)) {
          switch (c) {
            case '"', '\u201C' -> quote = c == '\u201C' || !quote;
            case '\u201D' -> quote = false;
            case '\n' -> {
              inline = false;
              quote = false;
            }
            case '`' -> {
              if (i + 2 < n && chars[i + 1] == '`' && chars[i + 2] == '`') {
                fence = !fence;
                i += 2;
              } else {
                inline = !inline;
              }
            }
            default -> {
            }
          }
          i++;
          continue;
        }
        int s = i;
        boolean letters = false;
        boolean digits = false;
        boolean other = false;
        int hash = 0; // Vocabulary.rawHash of the token, if it needs no rewriting
        while (i < n) {
          char d = chars[i];
          if (d >= 'a' && d <= 'z') {
            letters = true;
          } else if (d >= '0' && d <= '9') {
            digits = true;
          } else if (d >= 128 && Character.isLetter(d)) {
            letters = true;
            other = true;
          } else if (tokenChar(d)) {
            other = true;
          } else {
            break;
          }
          hash = 31 * hash + d;
          i++;
        }
        int ws = s;
        int we = i;
        if (other || letters && digits) { // rewritten: apostrophes dropped, leetspeak read as letters
          t.ensureBuffer(i - s);
          char[] buffer = t.buffer;
          ws = t.used;
          we = ws;
          for (int k = s; k < i; k++) {
            char d = chars[k];
            if (d == '\'' || d == '\u2019' || (d == '@' && k == s) || ((d == '@' || d == '$') && k == i - 1)) {
              continue; // apostrophes; a leading '@' is a mention ("@assistant"), a trailing '@'/'$' no letter
            }
            buffer[we++] = letters ? leet(d) : d;
          }
          if (we == ws || (!letters && !Character.isDigit(buffer[ws]))) {
            continue;
          }
          t.used = we;
          hash = Vocabulary.rawHash(buffer, ws, we);
        }
        char after = i < n ? chars[i] : ' ';
        int bits = (letters && digits ? LEET : 0) | (!letters && !other ? NUMERIC : 0)
            | (after == ':' ? COLON_AFTER | COMMA_AFTER : after == ',' ? COMMA_AFTER : 0)
            | (quote ? QUOTED : 0) | (fence || inline ? IN_CODE : 0);
        t.add(ws, we, hash, s, i, bits);
      }
      return t;
    }

    void allocate(int capacity) {
      wordStart = new int[capacity];
      wordEnd = new int[capacity];
      ids = new int[capacity];
      start = new int[capacity];
      end = new int[capacity];
      flags = new int[capacity];
    }

    void add(int ws, int we, int hash, int s, int e, int bits) {
      if (count == ids.length) {
        int capacity = count * 2;
        wordStart = java.util.Arrays.copyOf(wordStart, capacity);
        wordEnd = java.util.Arrays.copyOf(wordEnd, capacity);
        ids = java.util.Arrays.copyOf(ids, capacity);
        start = java.util.Arrays.copyOf(start, capacity);
        end = java.util.Arrays.copyOf(end, capacity);
        flags = java.util.Arrays.copyOf(flags, capacity);
      }
      wordStart[count] = ws;
      wordEnd[count] = we;
      ids[count] = vocabulary.id(buffer, ws, we, hash);
      start[count] = s;
      end[count] = e;
      flags[count] = bits;
      count++;
    }

    int length(int k) {
      return wordEnd[k] - wordStart[k];
    }

    char first(int k) {
      return buffer[wordStart[k]];
    }


    /** Tokens of two or more letters all written in capitals (read from the fold's case marks). */
    void markCapitals(boolean[] upper) {
      for (int k = 0; k < count; k++) {
        int first = start[k];
        while (first < end[k] && !(chars[first] >= 'a' && chars[first] <= 'z' || chars[first] >= 128)) {
          first++; // "5YS7EM": the first letter decides most tokens
        }
        if (end[k] - start[k] < 2 || first == end[k] || !upper[first]) {
          continue;
        }
        boolean all = true;
        for (int i = start[k]; i < end[k] && all; i++) {
          char c = chars[i];
          all = !(c >= 'a' && c <= 'z' || c >= 128 && Character.isLetter(c)) || upper[i];
        }
        flags[k] |= all ? CAPITALS : 0;
      }
    }

    /** Moves token {@code from} to slot {@code to} (compaction in place). */
    private void move(int from, int to) {
      wordStart[to] = wordStart[from];
      wordEnd[to] = wordEnd[from];
      ids[to] = ids[from];
      start[to] = start[from];
      end[to] = end[from];
      flags[to] = flags[from];
    }

    /**
     * In a text written in leetspeak (two or more words mixing letters and digits), short all-digit tokens are
     * words too ("41" → "ai", "57473" → "state"); in ordinary text they stay numbers.
     */
    void decodeLeetNumbers() {
      int mixed = 0;
      for (int k = 0; k < count && mixed < 2; k++) {
        if ((flags[k] & LEET) != 0) {
          mixed++;
        }
      }
      if (mixed < 2) {
        return;
      }
      for (int k = 0; k < count; k++) {
        if (length(k) >= 2 && length(k) <= 8 && (flags[k] & NUMERIC) != 0) {
          ensureBuffer(length(k));
          int ws = used;
          for (int i = wordStart[k]; i < wordEnd[k]; i++) {
            buffer[used++] = leet(buffer[i]);
          }
          wordStart[k] = ws;
          wordEnd[k] = used;
          ids[k] = vocabulary.id(buffer, ws, used);
        }
      }
    }

    /** The separator of the longest run of one-letter tokens when it has four or more, else 0. */
    char spacedSeparator() {
      int longest = 0;
      char separator = 0;
      int k = 0;
      while (k < count) {
        int run = spacedRunEnd(k);
        if (run - k + 1 > longest) {
          longest = run - k + 1;
          separator = run > k ? chars[end[k]] : 0;
        }
        k = run + 1;
      }
      return longest >= 4 ? separator : 0;
    }

    /**
     * Last token of the run of one-letter tokens starting at {@code k}, each one separator apart, the same
     * separator throughout ("i.g.n.o.r.e a.l.l": the dots join letters, the space separates words).
     */
    private int spacedRunEnd(int k) {
      int run = k;
      char separator = 0;
      while (run + 1 < count && length(run) == 1 && length(run + 1) == 1 && letterOrDigit(first(run))
          && start[run + 1] - end[run] == 1 && " .-_".indexOf(chars[end[run]]) >= 0
          && (separator == 0 || chars[end[run]] == separator)) {
        separator = chars[end[run]];
        run++;
      }
      return run;
    }

    /** "i g n o r e" → "ignore": joins runs of one-letter tokens (the text is spaced out). */
    void joinSpacedLetters() {
      int out = 0;
      int k = 0;
      while (k < count) {
        int run = spacedRunEnd(k); // reads slots ≥ k only: compaction writes slots ≤ k
        if (run > k) {
          int ws = used;
          ensureBuffer(run - k + 1);
          boolean letters = false;
          for (int j = k; j <= run; j++) {
            letters |= Character.isLetter(first(j));
          }
          for (int j = k; j <= run; j++) {
            buffer[used++] = letters ? leet(first(j)) : first(j); // "1.n.s.t.r.u.c.t" → "instruct"
          }
          move(k, out);
          wordStart[out] = ws;
          wordEnd[out] = used;
          ids[out] = vocabulary.id(buffer, ws, used);
          end[out] = end[run];
          int punctuation = COLON_AFTER | COMMA_AFTER;
          flags[out] = flags[out] & ~punctuation | flags[run] & punctuation; // what follows the last letter
          k = run + 1;
        } else {
          move(k, out);
          k++;
        }
        out++;
      }
      count = out;
    }

    private void ensureBuffer(int more) {
      if (used + more > buffer.length) {
        buffer = java.util.Arrays.copyOf(buffer, Math.max(buffer.length * 2, used + more));
      }
    }

    /**
     * Splits a run-together token into known words when it reads as nothing else ("ignoreallprevious"): joined
     * spaced-out letters of 8+ characters, or any unknown token of 16+ (rarely an ordinary word).
     */
    void splitRunTogetherWords() {
      boolean any = false;
      for (int k = 0; k < count && !any; k++) {
        any = runTogether(k);
      }
      if (!any) {
        return;
      }
      Tokens old = copy();
      count = 0;
      for (int k = 0; k < old.count; k++) {
        int[] cuts = old.runTogether(k) ? segment(old.wordStart[k], old.wordEnd[k]) : null;
        if (cuts == null) {
          add(old.wordStart[k], old.wordEnd[k], old.start[k], old.end[k], old.flags[k]);
          continue;
        }
        for (int c = 0; c + 1 < cuts.length && cuts[c + 1] > 0; c++) {
          add(cuts[c], cuts[c + 1], old.start[k], old.end[k], old.flags[k]);
        }
      }
    }

    private boolean runTogether(int k) {
      int length = length(k);
      return ids[k] == Vocabulary.UNKNOWN && (length >= 16 || length >= 8 && end[k] - start[k] > length);
    }

    /** Adds a token whose vocabulary id is looked up again (a part of a split word). */
    private void add(int ws, int we, int s, int e, int bits) {
      add(ws, we, Vocabulary.rawHash(buffer, ws, we), s, e, bits);
    }

    private Tokens copy() {
      Tokens c = new Tokens(vocabulary);
      c.buffer = buffer;
      c.wordStart = wordStart.clone();
      c.wordEnd = wordEnd.clone();
      c.ids = ids.clone();
      c.start = start.clone();
      c.end = end.clone();
      c.flags = flags.clone();
      c.count = count;
      return c;
    }

    /**
     * Greedy longest-known-prefix segmentation of {@code buffer[from, to)}: the cut points (from, …, to; unused
     * slots 0), or null when some part is not a known word.
     */
    private int[] segment(int from, int to) {
      int[] cuts = new int[(to - from) / 2 + 2];
      int n = 0;
      cuts[n++] = from;
      int p = from;
      while (p < to) {
        int found = -1;
        for (int l = Math.min(to - p, 20); l >= 2; l--) {
          if (vocabulary.id(buffer, p, p + l) != Vocabulary.UNKNOWN) {
            found = l;
            break;
          }
        }
        if (found < 0) {
          return null;
        }
        p += found;
        cuts[n++] = p;
      }
      return cuts;
    }
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

  private static boolean letterOrDigit(char c) {
    return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 128 && Character.isLetterOrDigit(c);
  }

  private static boolean invisible(char c) {
    return (c >= '\u200B' && c <= '\u200F') || (c >= '\u2060' && c <= '\u2064') || c == '\uFEFF'
        || c == '\u00AD' || c == '\u034F' || c == '\u180E' || (c >= '\u202A' && c <= '\u202E');
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
