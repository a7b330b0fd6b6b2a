package ai.rivano.gateway.middleware.pii;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * An immutable, case-insensitive set of words that answers "is text[start, end) one of them" without
 * allocating: the detector looks up every capitalised word of every request, so no substring per lookup.
 * Open addressing over lower-cased keys; a load factor of at most 0.5 keeps probes short.
 */
final class WordTable {

  private final char[][] keys;
  private final int mask;
  private final int size;

  private WordTable(Collection<String> words) {
    int capacity = Integer.highestOneBit(Math.max(4, words.size() * 2 - 1)) << 1;
    keys = new char[capacity][];
    mask = capacity - 1;
    int n = 0;
    for (String w : words) {
      char[] key = new char[w.length()];
      for (int i = 0; i < key.length; i++) {
        key[i] = Chars.toLower(w.charAt(i)); // the same folding as lookups, char by char
      }
      int slot = hash(key) & mask;
      while (keys[slot] != null && !java.util.Arrays.equals(keys[slot], key)) {
        slot = (slot + 1) & mask;
      }
      if (keys[slot] == null) {
        keys[slot] = key;
        n++;
      }
    }
    size = n;
  }

  static WordTable of(String... words) {
    return new WordTable(List.of(words));
  }

  /** One word a line; blank lines and lines starting with {@code #} are skipped. Read once at class load. */
  static WordTable fromResource(String name) {
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
    return new WordTable(words);
  }

  int size() {
    return size;
  }

  boolean contains(CharSequence word) {
    return contains(word, 0, word.length());
  }

  boolean contains(CharSequence text, int start, int end) {
    int h = 0;
    for (int i = start; i < end; i++) {
      h = 31 * h + Chars.toLower(text.charAt(i));
    }
    int length = end - start;
    for (int slot = mix(h) & mask; ; slot = (slot + 1) & mask) {
      char[] key = keys[slot];
      if (key == null) {
        return false;
      }
      if (key.length == length && equalsIgnoreCase(key, text, start)) {
        return true;
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
