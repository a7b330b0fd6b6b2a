package ai.rivano.gateway.routing.translate;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Small JSON helpers shared by the converters. */
final class Json {

  private Json() {}

  // Vert.x returns null, not the default, for a key present with JSON null ("tool_calls": null is
  // common in stream deltas); these helpers treat null like absent.

  static String str(JsonObject o, String key, String def) {
    return o.getValue(key) instanceof String s ? s : def;
  }

  static JsonObject obj(JsonObject o, String key) {
    return o.getValue(key) instanceof JsonObject value ? value : new JsonObject();
  }

  static JsonArray arr(JsonObject o, String key) {
    return o.getValue(key) instanceof JsonArray value ? value : new JsonArray();
  }

  static int integer(JsonObject o, String key, int def) {
    return o.getValue(key) instanceof Number n ? n.intValue() : def;
  }

  static long longValue(JsonObject o, String key) {
    return o.getValue(key) instanceof Number n ? n.longValue() : 0L;
  }

  /** OpenAI's output cap: max_completion_tokens, or the deprecated max_tokens; null when neither. */
  static Integer openAiMaxTokens(JsonObject openAi) {
    Object value = openAi.getValue("max_completion_tokens");
    if (!(value instanceof Number)) {
      value = openAi.getValue("max_tokens");
    }
    return value instanceof Number n ? n.intValue() : null;
  }

  static boolean bool(JsonObject o, String key) {
    return Boolean.TRUE.equals(o.getValue(key));
  }

  /** Parses an event's data; null when it is not a JSON object (a malformed event is skipped, not fatal). */
  static JsonObject parseObjectOrNull(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      Object value = io.vertx.core.json.Json.decodeValue(text);
      return value instanceof JsonObject object ? object : null;
    } catch (DecodeException e) {
      return null;
    }
  }

  /**
   * Tool-call arguments arrive as a JSON string on OpenAI and as an object elsewhere. Arguments that
   * are not a JSON object are kept under {@code "_raw"} rather than lost.
   */
  static JsonObject argumentsToObject(String arguments) {
    if (arguments == null || arguments.isBlank()) {
      return new JsonObject();
    }
    JsonObject parsed = parseObjectOrNull(arguments);
    return parsed != null ? parsed : new JsonObject().put("_raw", arguments);
  }

  /** OpenAI message content (string, array of parts, or null) reduced to its text. */
  static String openAiContentText(Object content) {
    if (content == null) {
      return "";
    }
    if (content instanceof String text) {
      return text;
    }
    StringBuilder text = new StringBuilder();
    if (content instanceof JsonArray parts) {
      for (Object part : parts) {
        if (part instanceof JsonObject p && ("text".equals(p.getString("type")) || "refusal".equals(p.getString("type")))) {
          text.append(str(p, "text", str(p, "refusal", "")));
        }
      }
    }
    return text.toString();
  }

  /** Anthropic {@code system} / tool_result content (string or array of text blocks) reduced to its text. */
  static String anthropicText(Object content) {
    if (content == null) {
      return "";
    }
    if (content instanceof String text) {
      return text;
    }
    StringBuilder text = new StringBuilder();
    if (content instanceof JsonArray blocks) {
      for (Object block : blocks) {
        if (block instanceof JsonObject b && "text".equals(b.getString("type"))) {
          if (text.length() > 0) {
            text.append("\n\n");
          }
          text.append(str(b, "text", ""));
        }
      }
    }
    return text.toString();
  }

  /** OpenAI {@code stop} (string or array) as a list; null when absent. */
  static JsonArray stopSequences(Object stop) {
    if (stop instanceof String s) {
      return new JsonArray().add(s);
    }
    if (stop instanceof JsonArray array && !array.isEmpty()) {
      return array.copy();
    }
    return null;
  }

  static void copyIfPresent(JsonObject from, String fromKey, JsonObject to, String toKey) {
    Object value = from.getValue(fromKey);
    if (value != null) {
      to.put(toKey, value);
    }
  }
}
