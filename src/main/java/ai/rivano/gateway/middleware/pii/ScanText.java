package ai.rivano.gateway.middleware.pii;

/**
 * The text of one {@link Scan}. Up to {@link #COPY_LIMIT} characters it is copied once into a {@code char[]}: the
 * recognisers read it character by character many times over, and an array read is cheaper than
 * {@code CharSequence.charAt} on a compact {@code String} (a coder check and a widening per character) or a
 * {@code StringBuilder}. A longer text (a large body, inspected on the large-inspection thread) is read in place: a
 * copy would cost two more bytes per character of working memory, which the buffer budget does not count. Final, so
 * every read is a direct call.
 */
final class ScanText implements CharSequence {

  /** Texts up to this many characters are copied (ordinary prompts are a few kilobytes). */
  static final int COPY_LIMIT = 64 * 1024;

  /** The characters, or null when the text is read in place from {@link #source}. */
  private final char[] chars;
  private final CharSequence source;
  private final int length;

  ScanText(CharSequence text) {
    length = text.length();
    if (length > COPY_LIMIT) {
      chars = null;
      source = text;
      return;
    }
    source = null;
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
    return chars != null ? chars[index] : source.charAt(index);
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return chars != null ? new String(chars, start, end - start) : source.subSequence(start, end);
  }

  @Override
  public String toString() {
    return chars != null ? new String(chars, 0, length) : source.toString();
  }
}
