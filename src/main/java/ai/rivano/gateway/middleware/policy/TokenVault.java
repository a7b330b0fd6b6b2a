package ai.rivano.gateway.middleware.policy;

import ai.rivano.gateway.middleware.content.ResponseTexts;
import ai.rivano.gateway.middleware.content.TextPart;
import ai.rivano.gateway.middleware.pii.PiiEntity;
import io.vertx.core.json.Json;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@code tokenize} strategy's memory for one request: each value becomes a token such as
 * {@code PII_EMAIL_a1b2c3} (the same value the same token, so the model can still tell two values apart and refer
 * to one), and the response gets the values back ({@link #restore}, {@link TokenRestorer} for streams).
 *
 * <p>One per request, used on its event loop (not thread-safe). It lives only as long as the request: values never
 * leave it except back into that request's response.
 */
public final class TokenVault {

  private static final String PREFIX = "PII_";

  private final Map<String, String> tokenByValue = new HashMap<>();
  private final Map<String, String> valueByToken = new HashMap<>();
  /** Token lengths in use (they differ by entity), and every proper prefix of a token, for the stream hold-back. */
  private final Set<Integer> lengths = new TreeSet<>();
  private final Set<String> prefixes = new HashSet<>();
  private int maxLength;

  /** The token for {@code value}; {@code entity} null (a {@code content_pattern} match) gives {@code PII_MATCH_…}. */
  public String tokenize(PiiEntity entity, String value) {
    String known = tokenByValue.get(value);
    if (known != null) {
      return known;
    }
    String kind = entity == null ? "MATCH" : entity.name();
    String token;
    do { // 24 random bits: a repeat within one request is rare, and retried
      token = PREFIX + kind + "_" + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    } while (valueByToken.containsKey(token));
    tokenByValue.put(value, token);
    valueByToken.put(token, value);
    lengths.add(token.length());
    maxLength = Math.max(maxLength, token.length());
    for (int i = 1; i < token.length(); i++) {
      prefixes.add(token.substring(0, i));
    }
    return token;
  }

  public boolean isEmpty() {
    return valueByToken.isEmpty();
  }

  /** {@code text} with every token of this vault replaced by its value. */
  public String restore(String text) {
    return restore(text, false);
  }

  /**
   * @param jsonText {@code text} is JSON source (streamed tool-call arguments): values are JSON-escaped so a quote
   *                 or backslash in one cannot break the document
   */
  public String restore(String text, boolean jsonText) {
    if (valueByToken.isEmpty() || !text.contains(PREFIX)) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int copied = 0;
    int at = text.indexOf(PREFIX);
    while (at >= 0) {
      String value = null;
      int length = 0;
      for (int candidate : lengths) {
        if (at + candidate <= text.length()) {
          value = valueByToken.get(text.substring(at, at + candidate));
          if (value != null) {
            length = candidate;
            break;
          }
        }
      }
      if (value == null) {
        at = text.indexOf(PREFIX, at + 1);
        continue;
      }
      out.append(text, copied, at).append(jsonText ? jsonEscaped(value) : value);
      copied = at + length;
      at = text.indexOf(PREFIX, copied);
    }
    return out.append(text, copied, text.length()).toString();
  }

  /**
   * Puts the values back into a whole response, every text of it (tool-call arguments are walked to their string
   * values and re-encoded, so a value with quotes keeps them valid JSON). The last step before the answer leaves.
   */
  public void restoreIn(ResponseTexts texts) {
    if (valueByToken.isEmpty()) {
      return;
    }
    for (TextPart part : texts.parts()) {
      texts.replace(part.index(), restore(part.text()));
    }
  }

  /** A restorer for one stream channel (see {@link TokenRestorer}). */
  public TokenRestorer restorer(boolean jsonText) {
    return new TokenRestorer(this, jsonText);
  }

  /**
   * Where the longest tail of {@code text} that could still grow into a token starts ({@code text.length()} when
   * none). No token lies across that point: a token's only {@code P} that can start a token prefix is its first
   * character, so a tail that is a proper token prefix never starts inside a whole token.
   */
  int holdFrom(String text) {
    int from = Math.max(0, text.length() - maxLength + 1);
    for (int i = from; i < text.length(); i++) {
      if (text.charAt(i) == 'P' && prefixes.contains(text.substring(i))) {
        return i;
      }
    }
    return text.length();
  }

  private static String jsonEscaped(String value) {
    String quoted = Json.encode(value);
    return quoted.substring(1, quoted.length() - 1);
  }
}
