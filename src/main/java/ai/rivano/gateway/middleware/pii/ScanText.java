package ai.rivano.gateway.middleware.pii;

/**
 * The text of one {@link Scan}, copied once into a {@code char[]}: the recognisers read it character by character
 * many times over, and an array read is cheaper than {@code CharSequence.charAt} on a compact {@code String} (a coder
 * check and a widening per character) or a {@code StringBuilder}. Final, so every read is a direct call.
 */
final class ScanText implements CharSequence {

  final char[] chars;
  private final int length;

  ScanText(CharSequence text) {
    length = text.length();
    chars = new char[length];
    if (text instanceof String string) {
      string.getChars(0, length, chars, 0);
    } else if (text instanceof StringBuilder builder) {
      builder.getChars(0, length, chars, 0);
    } else {
      for (int i = 0; i < length; i++) {
        chars[i] = text.charAt(i);
      }
    }
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public char charAt(int index) {
    return chars[index];
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return new String(chars, start, end - start);
  }

  @Override
  public String toString() {
    return new String(chars, 0, length);
  }
}
