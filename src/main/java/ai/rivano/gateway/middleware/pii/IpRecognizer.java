package ai.rivano.gateway.middleware.pii;

/**
 * IP addresses.
 *
 * <p>IPv4: exactly four dotted decimal octets 0-255 without leading zeros ({@code 01.2.3.4} is rejected), not
 * glued to letters, digits or further dotted numbers ({@code 1.2.3.4.5}, {@code v1.2.3.4}, OIDs), and not right
 * after a word such as "version", "build", "release" (version strings written like addresses). A port or
 * prefix length may follow ({@code 10.0.0.1:8080}, {@code 10.0.0.0/8}) and is not part of the match.
 *
 * <p>IPv6: eight groups of 1-4 hex digits, or fewer with one {@code ::}, optionally ending in a dotted IPv4
 * ({@code ::ffff:192.0.2.1}). Compressed forms need at least four hex digits and every form at least one
 * decimal digit, so C++/Rust paths ({@code std::io}, {@code Cafe::Add}), Python slices ({@code a[1::2]}),
 * times ({@code 10:30:00}) and MAC addresses (six groups) are not matched; neither is the loopback {@code ::1}
 * (not personal data, and it collides with slicing).
 */
final class IpRecognizer {

  private static final WordTable VERSION_WORDS = WordTable.of("version", "versions", "ver", "v", "build",
      "release", "firmware", "rev", "revision", "patch", "update", "kernel", "sdk", "api", "release-", "oid");

  private IpRecognizer() {
  }

  /** {@code i} is a digit with no letter, digit or '.' before it. */
  static void tryV4(Scan s, int i) {
    s.evaluate(PiiEntity.IP_ADDRESS, i, IpRecognizer::v4Address);
  }

  /** Four octets that end the token (no further digits, letters or dotted numbers) outside a version context. */
  private static int v4Address(Scan s, int i) {
    int end = v4(s, i);
    boolean alone = end > 0 && !Chars.digit(s.at(end)) && !Chars.letter(s.at(end)) && s.at(end) != '_'
        && !(s.at(end) == '.' && Chars.digit(s.at(end + 1)));
    return alone && !versionContext(s, i) ? end : -1;
  }

  /** End of four dotted octets from {@code i}, or -1. */
  static int v4(Scan s, int i) {
    int p = i;
    for (int octet = 0; octet < 4; octet++) {
      if (octet > 0) {
        if (s.at(p) != '.') {
          return -1;
        }
        p++;
      }
      int run = s.digitRun(p, 3);
      if (run == 0 || run > 3 || (run > 1 && s.text.charAt(p) == '0')
          || SsnRecognizer.number(s.text, p, run) > 255) {
        return -1;
      }
      p += run;
    }
    return p;
  }

  private static boolean versionContext(Scan s, int i) {
    int w = s.previousWordStart(i);
    return w >= 0 && VERSION_WORDS.contains(s.text, w, s.wordEnd(w));
  }

  /** {@code i} is a hex digit or ':' with no letter, digit, ':' or '.' before it. */
  static void tryV6(Scan s, int i) {
    s.evaluate(PiiEntity.IP_ADDRESS, i, IpRecognizer::v6);
  }

  private static int v6(Scan s, int i) {
    int p = i;
    int groups = 0;
    int hexDigits = 0;
    boolean decimal = false;
    boolean compressed = false;
    if (s.at(p) == ':') {
      if (s.at(p + 1) != ':') {
        return -1;
      }
      compressed = true;
      p += 2;
    }
    int end = compressed ? p : -1;
    while (groups < 8) {
      int run = 0;
      while (run < 5 && Chars.hex(s.at(p + run))) {
        run++;
      }
      if (run == 0) {
        break;
      }
      if (run == 5) {
        return -1;
      }
      char after = s.at(p + run);
      if (after == '.' && groups <= 6 && Chars.digit(s.at(p + run + 1))) {
        // an IPv4 tail takes the place of two groups
        int v4End = v4(s, p);
        if (v4End < 0) {
          return -1;
        }
        groups += 2;
        decimal = true;
        hexDigits += 4;
        end = v4End;
        p = v4End;
        break;
      }
      for (int k = 0; k < run; k++) {
        decimal |= Chars.digit(s.text.charAt(p + k));
      }
      hexDigits += run;
      groups++;
      p += run;
      end = p;
      if (after != ':') {
        break;
      }
      if (s.at(p + 1) == ':') {
        if (compressed) {
          return -1;
        }
        compressed = true;
        p += 2;
        end = p;
      } else if (Chars.hex(s.at(p + 1))) {
        p++;
      } else {
        break;
      }
    }
    if (end < 0 || !decimal || (compressed ? groups > 7 || hexDigits < 4 : groups != 8)) {
      return -1;
    }
    char next = s.at(end);
    if (Chars.letterOrDigit(next) || next == ':' || next == '_' || (next == '.' && Chars.digit(s.at(end + 1)))) {
      return -1;
    }
    return end;
  }
}
