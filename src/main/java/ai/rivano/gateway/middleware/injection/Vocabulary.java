package ai.rivano.gateway.middleware.injection;

/**
 * The words the rules mention, each with a small integer id. Tokens are looked up by character range, without
 * building a String per token (the scorer reads every token of every request). Filled while the rules are
 * built, read-only afterwards (published through the scorer's final fields).
 */
final class Vocabulary {

  /** Not a rule word. */
  static final int UNKNOWN = -1;

  private char[][] keys = new char[4096][];
  /** The mixed hash of each slot's key: compared before the key is touched (an unknown token rarely is). */
  private int[] hashes = new int[4096];
  private int longest;
  private int[] ids = new int[4096];
  private int size;

  /** The id of {@code word}, adding it if new. */
  int add(String word) {
    char[] w = word.toCharArray();
    int found = id(w, 0, w.length);
    if (found != UNKNOWN) {
      return found;
    }
    if ((size + 1) * 4 > keys.length) {
      grow();
    }
    insert(w, size);
    longest = Math.max(longest, w.length);
    return size++;
  }

  int size() {
    return size;
  }

  int id(String word) {
    return id(word.toCharArray(), 0, word.length());
  }

  /** The id of {@code chars[from, to)}, or {@link #UNKNOWN}. */
  int id(char[] chars, int from, int to) {
    return id(chars, from, to, rawHash(chars, from, to));
  }

  /** As {@link #id(char[], int, int)}, with {@code rawHash} computed by the caller while reading the token. */
  int id(char[] chars, int from, int to, int rawHash) {
    int length = to - from;
    if (length > longest) {
      return UNKNOWN;
    }
    int mask = keys.length - 1;
    int h = mix(rawHash);
    for (int slot = h & mask; ; slot = (slot + 1) & mask) {
      char[] key = keys[slot];
      if (key == null) {
        return UNKNOWN;
      }
      if (hashes[slot] == h && key.length == length && same(key, chars, from)) {
        return ids[slot];
      }
    }
  }

  private static boolean same(char[] key, char[] chars, int from) {
    for (int i = 0; i < key.length; i++) {
      if (key[i] != chars[from + i]) {
        return false;
      }
    }
    return true;
  }

  private void insert(char[] w, int id) {
    int mask = keys.length - 1;
    int h = mix(rawHash(w, 0, w.length));
    int slot = h & mask;
    while (keys[slot] != null) {
      slot = (slot + 1) & mask;
    }
    keys[slot] = w;
    hashes[slot] = h;
    ids[slot] = id;
  }

  private void grow() {
    char[][] oldKeys = keys;
    int[] oldIds = ids;
    keys = new char[oldKeys.length * 2][];
    hashes = new int[oldKeys.length * 2];
    ids = new int[oldKeys.length * 2];
    for (int k = 0; k < oldKeys.length; k++) {
      if (oldKeys[k] != null) {
        insert(oldKeys[k], oldIds[k]);
      }
    }
  }

  /** The polynomial hash {@code h = 31 h + c} over the characters; callers may compute it incrementally. */
  static int rawHash(char[] chars, int from, int to) {
    int h = 0;
    for (int i = from; i < to; i++) {
      h = 31 * h + chars[i];
    }
    return h;
  }

  private static int mix(int h) {
    return h ^ (h >>> 16);
  }
}
