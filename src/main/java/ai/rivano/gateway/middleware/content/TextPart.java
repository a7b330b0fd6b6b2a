package ai.rivano.gateway.middleware.content;

/**
 * One piece of text found in a request or a response, as the guardrails see it.
 *
 * @param index   position in the walker's list of parts (what {@code replace} takes)
 * @param message the message the text belongs to: parts with the same number are removed together by a
 *                {@code drop}; in a request the system prompt and every entry of the message list is one message,
 *                in a response it is the choice (OpenAI) or candidate (Gemini) index
 * @param role    where the text sits
 * @param text    the text itself (never null)
 */
public record TextPart(int index, int message, TextRole role, String text) {

  public TextPart {
    if (text == null) {
      throw new IllegalArgumentException("text must not be null");
    }
  }
}
