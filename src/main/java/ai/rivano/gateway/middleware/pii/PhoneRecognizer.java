package ai.rivano.gateway.middleware.pii;

/**
 * Telephone numbers.
 *
 * <p>Matches, with groups separated by space, dash, dot or slash:
 * <ul>
 *   <li>International: {@code +} (or {@code 00}) and a valid ITU country code, 8-15 digits in all, any grouping
 *       ({@code +44 20 7946 0958}, {@code +49 30 12345678}, {@code +33 1 23 45 67 89}, {@code +91 98765 43210},
 *       {@code +14155552671}); an optional trunk {@code (0)} ({@code +44 (0)20 …}) is allowed. {@code +1}
 *       numbers must be valid NANP numbers.
 *   <li>US/Canada (NANP) without a country code: {@code (415) 555-2671}, {@code 415-555-2671},
 *       {@code 415.555.2671}, {@code 415 555 2671}, optionally led by {@code 1-} / {@code 1 }; area code and
 *       exchange must start with 2-9.
 *   <li>National numbers with a trunk 0 (UK, DE, NL, IT, …): 10-12 digits in 2-3 groups, the first of 3-5
 *       digits ({@code 020 7946 0958}, {@code 07700 900123}, {@code 030 12345678}, {@code 0151/23456789});
 *       French style five pairs ({@code 01 23 45 67 89}, {@code 06.12.34.56.78}).
 *   <li>Unbroken 10-digit NANP or 11-digit trunk-0 numbers only when a phone word ("phone", "call", "tel",
 *       "mobile", "cell", "fax", "sms", "whatsapp", …) appears within 30 characters before.
 * </ul>
 * Rejected: anything else (dates, ranges, IPs, versions), numbers right after {@code #} or after a word such
 * as "order", "invoice", "ticket", "tracking", "account", "ref", "case", "serial", "sku", "id" (ids written in
 * phone shape), and national formats of other countries without {@code +} (e.g. Indian {@code 98765 43210}).
 */
final class PhoneRecognizer {

  private static final String[] PHONE_WORDS = {"phone", "tel", "call", "mobile", "cell", "fax", "sms",
      "text me", "whatsapp", "reach me", "ring me", "dial", "landline", "contact number", "number is"};

  /** Words that, right before a number, say it is an identifier, not a phone number. */
  private static final WordTable ID_WORDS = WordTable.of("order", "orders", "invoice", "ticket", "tracking",
      "account", "acct", "ref", "reference", "case", "serial", "sku", "id", "isbn", "part", "model",
      "transaction", "confirmation", "booking", "po", "batch", "lot", "item", "claim", "policy", "patent",
      "routing", "iban", "build", "version", "page", "pages", "room", "flight");
  private static final WordTable NUMBER_WORDS = WordTable.of("no", "nr", "num", "number", "numbers", "code");

  /** ITU country codes of two digits; the remaining first-two-digit zones below carry three-digit codes. */
  private static final boolean[] TWO_DIGIT_CODE = new boolean[100];
  private static final boolean[] THREE_DIGIT_ZONE = new boolean[100];

  static {
    for (int c : new int[] {20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53,
        54, 55, 56, 57, 58, 60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98}) {
      TWO_DIGIT_CODE[c] = true;
    }
    for (int z : new int[] {21, 22, 23, 24, 25, 26, 29, 35, 37, 38, 42, 50, 59, 67, 68, 69, 85, 87, 88, 96, 97,
        99}) {
      THREE_DIGIT_ZONE[z] = true;
    }
  }

  private PhoneRecognizer() {
  }

  /** {@code i} holds '+', '(' or a digit starting a token (not right after '+' or '('). */
  static void tryAt(Scan s, int i) {
    s.evaluate(PiiEntity.PHONE, i, PhoneRecognizer::match);
  }

  private static int match(Scan s, int i) {
    boolean plus = s.at(i) == '+';
    int p = plus ? i + 1 : i;
    if (plus && !Chars.digit(s.at(p))) {
      return -1;
    }
    char[] d = s.digits;
    int[] len = s.groupLength;
    char[] sepOf = s.groupSeparator;
    boolean[] paren = s.groupParen;
    int total = 0;
    int n = 0;
    int end = -1;
    char sep = 0;
    while (n < len.length) {
      int q = p;
      boolean inParen = s.at(q) == '(';
      if (inParen) {
        q++;
      }
      int run = s.digitRun(q, 15 - total);
      if (run == 0) {
        break;
      }
      if (total + run > 15) {
        return -1;
      }
      for (int k = 0; k < run; k++) {
        d[total + k] = s.text.charAt(q + k);
      }
      q += run;
      if (inParen) {
        if (s.at(q) != ')') {
          return -1;
        }
        q++;
      }
      len[n] = run;
      sepOf[n] = sep;
      paren[n] = inParen;
      n++;
      total += run;
      end = q;
      p = q;
      char c = s.at(p);
      if ((c == ' ' || c == '-' || c == '.' || c == '/') && (Chars.digit(s.at(p + 1)) || s.at(p + 1) == '(')) {
        sep = c;
        p++;
        continue;
      }
      if (inParen && Chars.digit(c)) {
        sep = 0;
        continue;
      }
      break;
    }
    if (n == 0 || n == len.length || !s.endsToken(end)) {
      return -1;
    }
    if (plus) {
      return international(s, 0, total, n) ? end : -1;
    }
    if (continuesDigitGroups(s, i)) {
      return -1; // "DE89 3704 0044 0532 …": the tail of a longer grouped number (IBAN, tracking id)
    }
    if (d[0] == '0' && d[1] == '0' && len[0] >= 2 && n >= 2) {
      return international(s, 2, total, n) ? end : -1;
    }
    if (identifierContext(s, i)) {
      return -1;
    }
    return national(s, i, total, n) ? end : -1;
  }

  /** Digits from {@code from} are country code + national number; a "(0)" trunk group is not counted. */
  private static boolean international(Scan s, int from, int total, int n) {
    char[] d = s.digits;
    int digits = total - from;
    if (n >= 2 && s.groupParen[1] && s.groupLength[1] == 1 && d[s.groupLength[0]] == '0') {
      // +44 (0)20 …: drop the trunk zero so the checks below see +44 20 …
      System.arraycopy(d, s.groupLength[0] + 1, d, s.groupLength[0], total - s.groupLength[0] - 1);
      digits--;
    }
    if (digits < 8 || digits > 15) {
      return false;
    }
    int c1 = d[from] - '0';
    if (c1 == 1) {
      return digits == 11 && nanp(d, from + 1);
    }
    if (c1 == 7) {
      return digits == 11;
    }
    int c2 = c1 * 10 + (d[from + 1] - '0');
    return TWO_DIGIT_CODE[c2] || THREE_DIGIT_ZONE[c2];
  }

  private static boolean national(Scan s, int i, int total, int n) {
    char[] d = s.digits;
    int[] len = s.groupLength;
    char[] sep = s.groupSeparator;
    boolean[] paren = s.groupParen;
    if (n == 1) {
      boolean shape = (total == 10 && nanp(d, 0)) || (total == 11 && d[0] == '1' && nanp(d, 1))
          || (total == 11 && d[0] == '0' && d[1] != '0');
      return shape && s.keywordBefore(i, 30, PHONE_WORDS);
    }
    int k0 = n == 4 && len[0] == 1 && d[0] == '1' ? 1 : 0;
    if (n - k0 == 3 && len[k0] == 3 && len[k0 + 1] == 3 && len[k0 + 2] == 4 && !paren[k0 + 1]
        && !paren[k0 + 2] && sep[k0 + 2] != '/' && nanp(d, k0)) {
      return paren[k0] ? sep[k0 + 2] != '.' : sep[k0 + 1] == sep[k0 + 2];
    }
    if (n == 5 && d[0] == '0' && d[1] != '0' && !paren[0]) {
      boolean pairs = true;
      for (int k = 0; k < 5; k++) {
        pairs &= len[k] == 2 && (k < 2 || sep[k] == sep[1]) && sep[k] != '/';
      }
      if (pairs) {
        return true;
      }
    }
    if (d[0] == '0' && d[1] != '0' && total >= 10 && (n == 2 ? total <= 12 : n == 3 && total <= 11)
        && len[0] >= 3 && len[0] <= 5) {
      for (int k = 1; k < n; k++) {
        if (len[k] < 3 || paren[k] || (k == 2 && sep[2] != sep[1])) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  /** NANP: area code and exchange both start with 2-9. */
  private static boolean nanp(char[] d, int from) {
    return d[from] >= '2' && d[from + 3] >= '2';
  }

  /** The token before {@code i}, one blank away, holds a digit. */
  private static boolean continuesDigitGroups(Scan s, int i) {
    if (!Chars.blank(s.at(i - 1))) {
      return false;
    }
    for (int p = i - 2; p >= 0 && Chars.letterOrDigit(s.text.charAt(p)); p--) {
      if (Chars.digit(s.text.charAt(p))) {
        return true;
      }
    }
    return false;
  }

  private static boolean identifierContext(Scan s, int i) {
    int p = i - 1;
    while (p >= 0 && Chars.blank(s.text.charAt(p))) {
      p--;
    }
    if (p >= 0 && (s.text.charAt(p) == '#' || s.text.charAt(p) == ':' && p > 0 && s.text.charAt(p - 1) == '#')) {
      return true;
    }
    int w = s.previousWordStart(i);
    if (w < 0) {
      return false;
    }
    int wEnd = s.wordEnd(w);
    if (NUMBER_WORDS.contains(s.text, w, wEnd)) {
      int w2 = s.previousWordStart(w);
      return w2 >= 0 && ID_WORDS.contains(s.text, w2, s.wordEnd(w2));
    }
    return ID_WORDS.contains(s.text, w, wEnd);
  }
}
