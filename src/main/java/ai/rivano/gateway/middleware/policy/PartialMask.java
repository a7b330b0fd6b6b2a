package ai.rivano.gateway.middleware.policy;

import ai.rivano.gateway.middleware.pii.PiiEntity;

/**
 * The {@code partial} strategy: keep what lets a person recognise their own value, star the rest. Digits keep
 * their separators so the shape stays readable. Stars are a fixed {@code ***} where the count would tell the
 * value's length.
 *
 * <table>
 *   <tr><th>entity</th><th>example</th><th>becomes</th></tr>
 *   <tr><td>email</td><td>john.doe@example.com</td><td>j***@example.com</td></tr>
 *   <tr><td>phone, credit_card, ssn</td><td>123-45-6789</td><td>***-**-6789 (last 4 digits, at most half)</td></tr>
 *   <tr><td>ip_address</td><td>192.168.1.20</td><td>192.*.*.*</td></tr>
 *   <tr><td>passport</td><td>X12345678</td><td>******678 (last 3 characters, at most half)</td></tr>
 *   <tr><td>name</td><td>John Smith</td><td>J*** S***</td></tr>
 *   <tr><td>address, content_pattern match</td><td>221B Baker Street</td><td>2***</td></tr>
 * </table>
 */
final class PartialMask {

  private PartialMask() {}

  static String of(PiiEntity entity, String value) {
    if (entity == null) {
      return firstAndStars(value);
    }
    return switch (entity) {
      case EMAIL -> email(value);
      case PHONE, CREDIT_CARD, SSN -> keepLast(value, 4, true);
      case IP_ADDRESS -> ipAddress(value);
      case PASSPORT -> keepLast(value, 3, false);
      case NAME -> initials(value);
      case ADDRESS -> firstAndStars(value);
    };
  }

  private static String firstAndStars(String value) {
    return value.isEmpty() ? "***" : new StringBuilder().appendCodePoint(value.codePointAt(0)).append("***").toString();
  }

  private static String email(String value) {
    int at = value.lastIndexOf('@');
    return at <= 0 ? firstAndStars(value) : firstAndStars(value.substring(0, at)) + value.substring(at);
  }

  /** Stars every digit (or letter and digit) but the last {@code keep}, and never more than half of them. */
  private static String keepLast(String value, int keep, boolean digitsOnly) {
    int counted = 0;
    for (int i = 0; i < value.length(); i++) {
      if (counts(value.charAt(i), digitsOnly)) {
        counted++;
      }
    }
    int visibleFrom = counted - Math.min(keep, counted / 2);
    StringBuilder out = new StringBuilder(value.length());
    int seen = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (counts(c, digitsOnly)) {
        out.append(seen++ < visibleFrom ? '*' : c);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean counts(char c, boolean digitsOnly) {
    return digitsOnly ? Character.isDigit(c) : Character.isLetterOrDigit(c);
  }

  private static String ipAddress(String value) {
    int colon = value.indexOf(':');
    if (colon >= 0) { // IPv6 (also with an embedded IPv4 tail): the first group
      return (colon == 0 ? "::" : value.substring(0, colon + 1)) + "***";
    }
    int dot = value.indexOf('.');
    return dot > 0 ? value.substring(0, dot) + ".*.*.*" : firstAndStars(value);
  }

  private static String initials(String value) {
    StringBuilder out = new StringBuilder();
    for (String word : value.strip().split("\\s+")) {
      if (!word.isEmpty()) {
        out.append(out.length() == 0 ? "" : " ").append(firstAndStars(word));
      }
    }
    return out.length() == 0 ? "***" : out.toString();
  }
}
