package ai.rivano.gateway.middleware.pii;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable, case-insensitive map from words to category bits that answers "which categories is
 * text[start, end) in" without allocating: the detector looks up every capitalised word of every request, so
 * no substring per lookup, and one lookup answers all the categories a recogniser asks about (given name,
 * surname, stop word, title …). Open addressing over lower-cased keys, load factor at most 0.5.
 */
final class WordTable {

  private final char[][] keys;
  private final int[] flags;
  private final int mask;
  private final int longest;

  private WordTable(Map<String, Integer> words) {
    int capacity = Integer.highestOneBit(Math.max(4, words.size() * 2 - 1)) << 1;
    keys = new char[capacity][];
    flags = new int[capacity];
    mask = capacity - 1;
    int max = 0;
    for (Map.Entry<String, Integer> e : words.entrySet()) {
      String w = e.getKey();
      char[] key = new char[w.length()];
      for (int i = 0; i < key.length; i++) {
        key[i] = Chars.toLower(w.charAt(i)); // the same folding as lookups, char by char
      }
      int slot = hash(key) & mask;
      while (keys[slot] != null && !Arrays.equals(keys[slot], key)) {
        slot = (slot + 1) & mask;
      }
      keys[slot] = key;
      flags[slot] |= e.getValue();
      max = Math.max(max, key.length);
    }
    longest = max;
  }

  /** A set: every word has flag 1. */
  static WordTable of(String... words) {
    Builder b = new Builder();
    for (String w : words) {
      b.add(w, 1);
    }
    return b.build();
  }

  /** Collects words with their category bits (a word listed under several categories gets all of them). */
  static final class Builder {
    private final Map<String, Integer> words = new LinkedHashMap<>();

    Builder add(String word, int flag) {
      words.merge(word.toLowerCase(java.util.Locale.ROOT), flag, (a, b) -> a | b);
      return this;
    }

    Builder addAll(int flag, String... list) {
      for (String w : list) {
        add(w, flag);
      }
      return this;
    }

    /** One word a line; blank lines and lines starting with {@code #} are skipped. Read once at class load. */
    Builder addResource(String name, int flag) {
      for (String w : lines(name)) {
        add(w, flag);
      }
      return this;
    }

    WordTable build() {
      return new WordTable(words);
    }
  }

  private static List<String> lines(String name) {
    List<String> words = new ArrayList<>();
    try (InputStream in = WordTable.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = reader.readLine()) != null; ) {
        String w = line.strip();
        if (!w.isEmpty() && !w.startsWith("#")) {
          words.add(w);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return words;
  }

  boolean contains(CharSequence text, int start, int end) {
    return flags(text, start, end) != 0;
  }

  /** The category bits of text[start, end), 0 when the word is not listed. */
  int flags(CharSequence text, int start, int end) {
    int length = end - start;
    if (length <= 0 || length > longest) {
      return 0;
    }
    int h = 0;
    for (int i = start; i < end; i++) {
      h = 31 * h + Chars.toLower(text.charAt(i));
    }
    for (int slot = mix(h) & mask; ; slot = (slot + 1) & mask) {
      char[] key = keys[slot];
      if (key == null) {
        return 0;
      }
      if (key.length == length && equalsIgnoreCase(key, text, start)) {
        return flags[slot];
      }
    }
  }

  private static boolean equalsIgnoreCase(char[] key, CharSequence text, int start) {
    for (int i = 0; i < key.length; i++) {
      if (key[i] != Chars.toLower(text.charAt(start + i))) {
        return false;
      }
    }
    return true;
  }

  private static int hash(char[] key) {
    int h = 0;
    for (char c : key) {
      h = 31 * h + c;
    }
    return mix(h);
  }

  private static int mix(int h) {
    return h ^ (h >>> 16);
  }
}
