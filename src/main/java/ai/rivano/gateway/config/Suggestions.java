package ai.rivano.gateway.config;

import java.util.Collection;

/** "did you mean" hints for misspelt keys and values, by edit distance. */
final class Suggestions {

  private Suggestions() {
  }

  /**
   * Returns {@code " (did you mean \"x\"?)"} for the closest candidate (case-insensitive) within a small distance
   * (1 for words of up to 3 letters, else max(2, length / 3)), else "".
   */
  static String didYouMean(String word, Collection<String> candidates) {
    if (word == null || word.isEmpty()) {
      return "";
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates.stream().sorted().toList()) { // sorted: ties resolve the same way every run
      int d = distance(word.toLowerCase(), candidate.toLowerCase());
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    int allowed = word.length() <= 3 ? 1 : Math.max(2, word.length() / 3);
    return best != null && bestDistance <= allowed ? " (did you mean \"" + best + "\"?)" : "";
  }

  /**
   * Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of two adjacent letters
   * each cost 1, so the common typo {@code prots} is two edits from {@code port}, not three.
   */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
