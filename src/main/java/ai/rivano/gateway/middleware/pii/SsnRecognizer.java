package ai.rivano.gateway.middleware.pii;

/**
 * US Social Security numbers.
 *
 * <p>Matches {@code AAA-GG-SSSS} or {@code AAA GG SSSS} (one separator kind), or nine bare digits only when
 * "ssn" / "social security" / "ss#" appears within 40 characters before on the same line (bare nine-digit
 * numbers are mostly other ids). Rejects what the SSA never issues: area 000, 666 or 900-999, group 00,
 * serial 0000, all nine digits equal, and the numbers known from advertising and documentation
 * (078-05-1120, 219-09-9999, 123-45-6789): a redactor gains nothing by masking a sample number.
 */
final class SsnRecognizer {

  private static final String[] KEYWORDS = {"ssn", "social security", "soc sec", "ss#", "ss #", "ss no"};
  private static final char[][] KNOWN_INVALID = {
      "078051120".toCharArray(), "219099999".toCharArray(), "123456789".toCharArray()};

  private SsnRecognizer() {
  }

  /** {@code i} is a digit that starts a token. */
  static void tryAt(Scan s, int i) {
    s.evaluate(PiiEntity.SSN, i, SsnRecognizer::match);
  }

  private static int match(Scan s, int i) {
    if (!s.digits(i, 3)) {
      return -1;
    }
    char sep = s.at(i + 3);
    if (sep == '-' || sep == ' ') {
      if (s.digits(i + 4, 2) && s.at(i + 6) == sep && s.digits(i + 7, 4) && s.endsToken(i + 11)
          && valid(s, i, i + 4, i + 7)) {
        return i + 11;
      }
      return -1;
    }
    if (s.digitRun(i, 9) == 9 && s.endsToken(i + 9) && s.keywordBefore(i, 40, KEYWORDS)
        && valid(s, i, i + 3, i + 5)) {
      return i + 9;
    }
    return -1;
  }

  private static boolean valid(Scan s, int area, int group, int serial) {
    CharSequence t = s.text;
    int a = number(t, area, 3);
    if (a == 0 || a == 666 || a >= 900 || number(t, group, 2) == 0 || number(t, serial, 4) == 0) {
      return false;
    }
    char[] d = s.digits;
    int n = 0;
    for (int k = 0; k < 3; k++) {
      d[n++] = t.charAt(area + k);
    }
    for (int k = 0; k < 2; k++) {
      d[n++] = t.charAt(group + k);
    }
    for (int k = 0; k < 4; k++) {
      d[n++] = t.charAt(serial + k);
    }
    boolean allSame = true;
    for (int k = 1; k < 9; k++) {
      allSame &= d[k] == d[0];
    }
    if (allSame) {
      return false;
    }
    for (char[] invalid : KNOWN_INVALID) {
      if (java.util.Arrays.equals(d, 0, 9, invalid, 0, 9)) {
        return false;
      }
    }
    return true;
  }

  static int number(CharSequence t, int from, int n) {
    int v = 0;
    for (int k = 0; k < n; k++) {
      v = v * 10 + (t.charAt(from + k) - '0');
    }
    return v;
  }
}
