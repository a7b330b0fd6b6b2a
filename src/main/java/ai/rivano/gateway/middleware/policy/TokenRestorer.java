package ai.rivano.gateway.middleware.policy;

/**
 * Puts tokenized values back into one stream channel (a choice's text, one tool call's arguments) as its pieces
 * arrive. A model may split a token across events ({@code PII_EM} then {@code AIL_a1b2c3}): a tail that could be the
 * start of a token is held back until the next piece shows whether it is one; everything before it is released at
 * once. Concatenated, the output of {@link #next} calls and the final {@link #flush} is exactly
 * {@link TokenVault#restore} of the concatenated input, wherever the pieces were split. The hold-back is at most one
 * token long minus one character (about 20 characters) and only while the text ends like a token's start.
 */
public final class TokenRestorer {

  private final TokenVault vault;
  private final boolean jsonText;
  private String held = "";

  TokenRestorer(TokenVault vault, boolean jsonText) {
    this.vault = vault;
    this.jsonText = jsonText;
  }

  /** The text to release now for the next piece of the channel. */
  public String next(String piece) {
    if (vault.isEmpty()) {
      return piece;
    }
    String text = held.isEmpty() ? piece : held + piece;
    int holdFrom = vault.holdFrom(text);
    held = text.substring(holdFrom);
    return vault.restore(text.substring(0, holdFrom), jsonText);
  }

  /** The held-back tail (it never became a token), at the end of the channel. */
  public String flush() {
    String rest = held;
    held = "";
    return rest;
  }

  /** True while a tail is held back. */
  public boolean holding() {
    return !held.isEmpty();
  }
}
