package ai.rivano.gateway.middleware.pii;

/** Character classes the recognisers share; ASCII fast paths, Unicode only when the text has it. */
final class Chars {

  /** What {@link Scan#at} returns outside the text: matches no class below. */
  static final char END = '\uFFFF';

  private Chars() {
  }

  static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean asciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static boolean asciiUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  static boolean hex(char c) {
    return digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  static boolean letter(char c) {
    if (c < 128) {
      return asciiLetter(c);
    }
    return c != END && Character.isLetter(c);
  }

  static boolean upper(char c) {
    if (c < 128) {
      return asciiUpper(c);
    }
    return c != END && Character.isUpperCase(c);
  }

  static boolean lower(char c) {
    if (c < 128) {
      return c >= 'a' && c <= 'z';
    }
    return c != END && Character.isLowerCase(c);
  }

  static boolean letterOrDigit(char c) {
    return digit(c) || letter(c);
  }

  /** Characters that glue two alphanumeric runs into one identifier ({@code A-123}, {@code 1.2}, {@code x_1}). */
  static boolean joiner(char c) {
    return c == '-' || c == '.' || c == '_' || c == '/' || c == '\\';
  }

  /** Blank inside a line (a newline ends every multi-word entity). */
  static boolean blank(char c) {
    return c == ' ' || c == '\t' || c == '\u00A0';
  }

  static char lowerAscii(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
  }

  static char toLower(char c) {
    return c < 128 ? lowerAscii(c) : Character.toLowerCase(c);
  }
}
