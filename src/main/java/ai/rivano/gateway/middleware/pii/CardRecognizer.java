package ai.rivano.gateway.middleware.pii;

/**
 * Payment card numbers (PAN).
 *
 * <p>Matches 13-19 digits written unbroken, or in groups separated by one kind of separator (space or dash):
 * groups of four with a last group of one to four ({@code 4111 1111 1111 1111}, {@code 6011-…-…-…-123}),
 * Amex {@code 4-6-5} and Diners {@code 4-6-4}. The digits must pass the Luhn check and start with an issuer
 * prefix whose brand issues that length: Visa 4 (16, 19; 13-digit Visa is no longer issued and collides with
 * EAN-13 barcodes), Mastercard 51-55 and 2221-2720 (16), Amex 34/37 (15), Discover 6011/644-649/65 (16-19),
 * Diners 300-305/36/38/39 (14-19), JCB 3528-3589 (16-19), UnionPay 62 (16-19), Maestro
 * 5018/5020/5038/5893/6304/6759/6761-6763 (13-19), Mir 2200-2204 (16-19). A longer digit run is never cut into a
 * card number.
 */
final class CardRecognizer {

  private CardRecognizer() {
  }

  /** {@code i} is a digit that starts a token. */
  static void tryAt(Scan s, int i) {
    s.evaluate(PiiEntity.CREDIT_CARD, i, CardRecognizer::match);
  }

  private static int match(Scan s, int i) {
    char[] d = s.digits;
    int total = 0;
    int ngroups = 0;
    int g0 = 0;
    int g1 = 0;
    int g2 = 0;
    int lastLen = 0;
    boolean allFours = true; // every group but the last has four digits
    char sep = 0;
    int p = i;
    while (true) {
      int run = s.digitRun(p, 19 - total);
      if (total + run > 19) {
        return -1;
      }
      for (int k = 0; k < run; k++) {
        d[total + k] = s.text.charAt(p + k);
      }
      total += run;
      if (ngroups > 0 && lastLen != 4) {
        allFours = false;
      }
      if (ngroups == 0) {
        g0 = run;
      } else if (ngroups == 1) {
        g1 = run;
      } else if (ngroups == 2) {
        g2 = run;
      }
      ngroups++;
      lastLen = run;
      p += run;
      char c = s.at(p);
      if ((ngroups == 1 ? (c == ' ' || c == '-') : c == sep) && Chars.digit(s.at(p + 1))) {
        sep = c;
        p++;
        continue;
      }
      break;
    }
    if (total < 13 || !s.endsToken(p)) {
      return -1;
    }
    boolean layout = ngroups == 1
        || (ngroups >= 3 && g0 == 4 && allFours && lastLen >= 1 && lastLen <= 4)
        || (ngroups == 3 && g0 == 4 && g1 == 6 && (g2 == 5 || g2 == 4));
    if (!layout || !issuerIssues(d, total) || !luhn(d, total)) {
      return -1;
    }
    return p;
  }

  static boolean luhn(char[] d, int n) {
    int sum = 0;
    boolean twice = false;
    for (int k = n - 1; k >= 0; k--) {
      int v = d[k] - '0';
      if (twice) {
        v *= 2;
        if (v > 9) {
          v -= 9;
        }
      }
      sum += v;
      twice = !twice;
    }
    return sum % 10 == 0;
  }

  static boolean issuerIssues(char[] d, int n) {
    int p1 = d[0] - '0';
    int p2 = p1 * 10 + (d[1] - '0');
    int p3 = p2 * 10 + (d[2] - '0');
    int p4 = p3 * 10 + (d[3] - '0');
    int p6 = p4 * 100 + (d[4] - '0') * 10 + (d[5] - '0');
    if (p1 == 4) {
      return n == 16 || n == 19;
    }
    if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) {
      return n == 16;
    }
    if (p2 == 34 || p2 == 37) {
      return n == 15;
    }
    if (p4 == 6011 || (p3 >= 644 && p3 <= 649) || p2 == 65 || (p6 >= 622126 && p6 <= 622925)) {
      return n >= 16;
    }
    if ((p3 >= 300 && p3 <= 305) || p2 == 36 || p2 == 38 || p2 == 39) {
      return n >= 14;
    }
    if (p4 >= 3528 && p4 <= 3589) {
      return n >= 16;
    }
    if (p2 == 62) {
      return n >= 16;
    }
    if (p4 == 5018 || p4 == 5020 || p4 == 5038 || p4 == 5893 || p4 == 6304 || p4 == 6759
        || (p4 >= 6761 && p4 <= 6763)) {
      return true;
    }
    if (p4 >= 2200 && p4 <= 2204) {
      return n >= 16;
    }
    return false;
  }
}
