package ai.rivano.gateway.middleware.pii;

/**
 * Email addresses (ASCII).
 *
 * <p>Matches {@code local@domain}: a local part of 1-64 characters from {@code A-Z a-z 0-9 . _ % + -}, not
 * ending with a dot and without {@code ..}, not glued to a letter before it; a domain of two or more labels
 * (letters, digits, inner hyphens; at most 120 characters) whose last label is a top-level domain of 2-24
 * letters (or {@code xn--} punycode). Rejected: {@code @handles}, {@code user@localhost}, {@code pkg@1.2.3},
 * retina image names {@code icon@2x.png} (image-file extensions are not TLDs), a second {@code @} right after.
 * Quoted local parts and internationalised addresses are not matched.
 */
final class EmailRecognizer {

  static final int MAX_LOCAL = 64;
  private static final int MAX_DOMAIN = 120;

  private static final WordTable FILE_EXTENSIONS = WordTable.of("png", "jpg", "jpeg", "gif", "svg", "webp",
      "bmp", "ico", "tif", "tiff", "heic", "avif");

  private EmailRecognizer() {
  }

  static boolean localChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || Chars.digit(c) || c == '.' || c == '_'
        || c == '%' || c == '+' || c == '-';
  }

  /** {@code at} holds '@'. */
  static void tryAt(Scan s, int at) {
    int start = localStart(s, at);
    if (start < 0) {
      return;
    }
    s.begin();
    int end = domainEnd(s, at);
    if (end > 0) {
      s.add(PiiEntity.EMAIL, start, end);
    }
    s.end(start);
  }

  /** Start of the local part ending before {@code at}, or -1 if there is no acceptable one. */
  private static int localStart(Scan s, int at) {
    int l = at;
    while (l > at - MAX_LOCAL - 1 && localChar(s.at(l - 1))) {
      l--;
    }
    if (at - l > MAX_LOCAL || Chars.letterOrDigit(s.at(l - 1))) {
      return -1; // too long, or glued to a non-ASCII letter ("müller@…" is not "ller@…")
    }
    while (l < at && s.at(l) == '.') {
      l++;
    }
    if (l == at || s.at(at - 1) == '.') {
      return -1;
    }
    for (int k = l + 1; k < at; k++) {
      if (s.text.charAt(k) == '.' && s.text.charAt(k - 1) == '.') {
        return -1;
      }
    }
    return l;
  }

  private static int domainEnd(Scan s, int at) {
    int p = at + 1;
    int labels = 0;
    int labelStart = p;
    boolean labelAlpha = true;
    int lastLabelStart = -1;
    int lastLabelEnd = -1;
    boolean lastAlpha = false;
    while (true) {
      char c = s.at(p);
      if (Chars.asciiLetter(c) || Chars.digit(c) || c == '-') {
        labelAlpha &= Chars.asciiLetter(c);
        p++;
        if (p - at > MAX_DOMAIN + 1) {
          return -1;
        }
        continue;
      }
      int labelLength = p - labelStart;
      boolean labelOk = labelLength >= 1 && labelLength <= 63 && s.text.charAt(labelStart) != '-'
          && s.text.charAt(p - 1) != '-';
      if (!labelOk) {
        break;
      }
      labels++;
      lastLabelStart = labelStart;
      lastLabelEnd = p;
      lastAlpha = labelAlpha;
      if (c == '.' && (Chars.asciiLetter(s.at(p + 1)) || Chars.digit(s.at(p + 1)))) {
        p++;
        labelStart = p;
        labelAlpha = true;
        continue;
      }
      break;
    }
    if (labels < 2) {
      return -1;
    }
    int tldLength = lastLabelEnd - lastLabelStart;
    boolean tld = (lastAlpha && tldLength >= 2 && tldLength <= 24
        && !FILE_EXTENSIONS.contains(s.text, lastLabelStart, lastLabelEnd))
        || (tldLength > 4 && s.regionIs(lastLabelStart, "xn--"));
    if (!tld) {
      return -1;
    }
    char next = s.at(lastLabelEnd);
    if (next == '@' || Chars.letterOrDigit(next) || next == '-' || next == '_') {
      return -1;
    }
    return lastLabelEnd;
  }

  /**
   * For streams: a trailing run of local-part characters could become an address when '@' arrives, so it is
   * held (only if it could still be a local part: at most 64 characters, not glued to a letter).
   */
  static void holdTail(Scan s) {
    int len = s.length;
    int l = len;
    while (l > len - MAX_LOCAL - 1 && l > 0 && localChar(s.text.charAt(l - 1))) {
      l--;
    }
    if (l < len && len - l <= MAX_LOCAL && !Chars.letterOrDigit(l > 0 ? s.text.charAt(l - 1) : Chars.END)) {
      s.hold(l);
    }
  }
}
