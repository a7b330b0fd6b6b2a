package ai.rivano.gateway.middleware.pii;

/**
 * Passport numbers, only where the text says so.
 *
 * <p>A passport number has no checksum and looks like any other id, so a token is matched only when the word
 * "passport" starts within 40 characters before it on the same line ("passport number", "Passport No.:",
 * "my passport is …"). The token: 6-9 characters of digits and upper-case letters, at least 5 digits, at most
 * 3 letters, which covers the common national formats (US {@code 123456789} / {@code A12345678}, UK 9 digits,
 * DE {@code C01X00T47}, FR {@code 09AA12345}, IN {@code J8369854}, CA {@code AB123456}). A number that only
 * follows the word later ("A1234567 is my passport") is not matched: that would hold every id-like token of
 * a stream back in case the keyword comes after it.
 */
final class PassportRecognizer {

  private static final String[] KEYWORDS = {"passport"};

  private PassportRecognizer() {
  }

  /** {@code i} is a digit or an upper-case ASCII letter that starts a token. */
  static void tryAt(Scan s, int i) {
    s.evaluate(PiiEntity.PASSPORT, i, PassportRecognizer::match);
  }

  private static int match(Scan s, int i) {
    int p = i;
    int digits = 0;
    int letters = 0;
    while (p - i < 10) {
      char c = s.at(p);
      if (Chars.digit(c)) {
        digits++;
      } else if (Chars.asciiUpper(c)) {
        letters++;
      } else {
        break;
      }
      p++;
    }
    int length = p - i;
    boolean shape = length >= 6 && length <= 9 && digits >= 5 && letters <= 3 && s.endsToken(p);
    return shape && s.keywordBefore(i, 40, KEYWORDS) ? p : -1;
  }
}
