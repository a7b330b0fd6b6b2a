package ai.rivano.gateway.middleware.cache;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The response-cache key of a request: SHA-256 (hex) over the provider, the path and a canonical form of the
 * JSON body. Two requests share a key only when they would get the same answer from the same place.
 *
 * <p>What is in it. The provider name, the path as the client called it (query included: Azure's
 * {@code api-version} changes the answer; a {@code key=} parameter, a credential, is left out), and the whole
 * body except the members below, in every dialect: so the model, the messages ({@code messages},
 * {@code system}, Gemini's {@code contents}/{@code systemInstruction}) and every sampling or shaping parameter
 * ({@code temperature}, {@code top_p}, {@code top_k}, {@code max_tokens}, {@code max_completion_tokens},
 * {@code stop}/{@code stop_sequences}, {@code seed}, {@code n}, {@code tools}, {@code tool_choice},
 * {@code response_format}, {@code logprobs}, {@code reasoning_effort}, {@code thinking},
 * {@code generationConfig}, {@code safetySettings}, …) take part. A parameter the gateway does not know is
 * included too: an unnecessary miss costs one upstream call, a wrong hit returns someone else's answer.
 *
 * <p>Left out, because they never change the answer: {@code stream} (streams are not cached at all),
 * {@code stream_options}, {@code user}, {@code metadata}, {@code store}, {@code prompt_cache_key},
 * {@code safety_identifier}.
 *
 * <p>Canonical form: object members in sorted order, members whose value is JSON null left out (null means
 * "not set" in all three APIs), numbers by value ({@code 1}, {@code 1.0} and {@code 1e0} are equal), strings
 * exactly (length-prefixed, so no escaping can make two bodies collide). Array order counts.
 *
 * <p>{@code scope} separates answers that must not be shared although the requests are equal: the lead passes
 * the client's own credential when the provider has no configured key (bring-your-own-key), so a client with
 * an invalid key can never be served an answer another client paid for. It is hashed with the rest, never
 * stored.
 */
public final class CacheKey {

  private static final Set<String> NOT_IN_KEY = Set.of("stream", "stream_options", "user", "metadata", "store",
      "prompt_cache_key", "safety_identifier");
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(CacheKey::newDigest);
  private static final HexFormat HEX = HexFormat.of();
  private static final int VERSION = 1;

  private CacheKey() {
  }

  /**
   * The key of a request, or null when it must not be cached (a stream: {@code "stream": true} or Gemini's
   * {@code :streamGenerateContent}).
   *
   * @param provider the provider that would answer ({@code X-Rivano-Provider})
   * @param path     the path the client called, with its query string
   * @param body     the parsed request body
   * @param scope    null, or what must also match (the client's credential under bring-your-own-key)
   */
  public static String of(String provider, String path, JsonObject body, String scope) {
    if (Boolean.TRUE.equals(body.getValue("stream")) || path.contains(":streamGenerateContent")) {
      return null;
    }
    StringBuilder canonical = new StringBuilder(256);
    canonical.append('v').append(VERSION);
    string(canonical, provider);
    string(canonical, withoutKeyParameter(path));
    string(canonical, scope == null ? "" : scope);
    object(canonical, body.getMap(), true);
    MessageDigest digest = SHA256.get();
    digest.reset();
    return HEX.formatHex(digest.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
  }

  // Walks the raw maps and lists under the Json types: JsonObject.getValue wraps every value it returns, which
  // cost more than the whole rest of the key.
  private static void value(StringBuilder out, Object value) {
    if (value instanceof String s) {
      string(out, s);
    } else if (value instanceof JsonObject o) {
      object(out, o.getMap(), false);
    } else if (value instanceof JsonArray a) {
      array(out, a.getList());
    } else if (value instanceof Number n) {
      number(out, n);
    } else if (value instanceof Boolean b) {
      out.append(b ? 'T' : 'F');
    } else if (value == null) {
      out.append('N');
    } else if (value instanceof Map<?, ?> map) {
      object(out, map, false);
    } else if (value instanceof List<?> list) {
      array(out, list);
    } else { // a parsed body holds nothing else
      string(out, value.toString());
    }
  }

  private static void object(StringBuilder out, Map<?, ?> object, boolean top) {
    Object[] names = object.keySet().toArray();
    Arrays.sort(names);
    out.append('{');
    for (Object name : names) {
      Object member = object.get(name);
      if (member == null || (top && NOT_IN_KEY.contains(name))) {
        continue;
      }
      string(out, (String) name);
      out.append('=');
      value(out, member);
      out.append(',');
    }
    out.append('}');
  }

  private static void array(StringBuilder out, List<?> list) {
    out.append('[');
    for (Object element : list) {
      value(out, element);
      out.append(',');
    }
    out.append(']');
  }

  /** {@code s<length>:<chars>}: unambiguous without escaping. */
  private static void string(StringBuilder out, String s) {
    out.append('s').append(s.length()).append(':').append(s);
  }

  /** Numbers by value: integral values as integers, others in their shortest exact decimal form. */
  static void number(StringBuilder out, Number n) {
    out.append('n');
    if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
      out.append(n.longValue());
      return;
    }
    if (n instanceof Double || n instanceof Float) {
      double d = n.doubleValue();
      if (d == Math.rint(d) && Math.abs(d) < 0x1p53) {
        out.append((long) d);
      } else {
        out.append(d);
      }
      return;
    }
    BigDecimal exact = n instanceof BigInteger big ? new BigDecimal(big) : new BigDecimal(n.toString());
    if (exact.signum() == 0) {
      out.append(0L);
      return;
    }
    exact = exact.stripTrailingZeros();
    if (exact.scale() <= 0 && exact.abs().compareTo(BigDecimal.valueOf(1L << 53)) < 0) {
      out.append(exact.longValueExact());
    } else if (exact.scale() > 0 && exact.precision() <= 15) {
      out.append(exact.doubleValue()); // the same text a Double of this value gives
    } else {
      out.append(exact.toPlainString());
    }
  }

  static String withoutKeyParameter(String path) {
    int query = path.indexOf('?');
    if (query < 0 || !path.contains("key=")) {
      return path;
    }
    StringBuilder kept = new StringBuilder(path.length()).append(path, 0, query);
    char separator = '?';
    for (String parameter : path.substring(query + 1).split("&")) {
      if (!parameter.isEmpty() && !parameter.startsWith("key=") && !parameter.equals("key")) {
        kept.append(separator).append(parameter);
        separator = '&';
      }
    }
    return kept.toString();
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
