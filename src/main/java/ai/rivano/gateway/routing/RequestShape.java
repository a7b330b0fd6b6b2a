package ai.rivano.gateway.routing;

import ai.rivano.gateway.routing.translate.WireFormat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The JSON types of the chat-request fields the gateway reads, translates or echoes, per dialect. A field of the
 * wrong type is the client's mistake and gets a 400 that names it ({@code invalid type for "stream": expected a
 * boolean, got a string}), the way the providers' own APIs answer; without this check a translator or the echo
 * provider would skip the field, coerce it, or fail on a cast with nobody left to answer.
 *
 * <p>Only types are checked, and only of fields the dialect defines; unknown fields and {@code null} values pass
 * (providers add fields faster than gateways learn them). Values and ranges are the provider's business.
 */
public final class RequestShape {

  private RequestShape() {
  }

  /** Why {@code body} cannot be a {@code format} chat request, or null when its fields have the right types. */
  public static String problem(WireFormat format, JsonObject body) {
    try {
      switch (format) {
        case OPENAI_CHAT -> openAi(body);
        case ANTHROPIC_MESSAGES -> anthropic(body);
        case GEMINI -> gemini(body);
      }
      return null;
    } catch (WrongType wrong) {
      return wrong.getMessage();
    }
  }

  private static void openAi(JsonObject body) {
    expect(body, "model", Type.STRING, "model");
    expect(body, "stream", Type.BOOLEAN, "stream");
    JsonObject options = (JsonObject) expect(body, "stream_options", Type.OBJECT, "stream_options");
    if (options != null) {
      expect(options, "include_usage", Type.BOOLEAN, "stream_options.include_usage");
    }
    for (String number : new String[] {"temperature", "top_p", "presence_penalty", "frequency_penalty"}) {
      expect(body, number, Type.NUMBER, number);
    }
    for (String integer : new String[] {"max_tokens", "max_completion_tokens", "n", "seed"}) {
      expect(body, integer, Type.INTEGER, integer);
    }
    if (!(body.getValue("stop") instanceof String)) {
      strings(body, "stop", "stop");
    }
    objects(body, "tools", "tools");
    messages(body);
  }

  private static void anthropic(JsonObject body) {
    expect(body, "model", Type.STRING, "model");
    expect(body, "stream", Type.BOOLEAN, "stream");
    expect(body, "max_tokens", Type.INTEGER, "max_tokens");
    expect(body, "temperature", Type.NUMBER, "temperature");
    expect(body, "top_p", Type.NUMBER, "top_p");
    expect(body, "top_k", Type.INTEGER, "top_k");
    strings(body, "stop_sequences", "stop_sequences");
    objects(body, "tools", "tools");
    content(body, "system", "system");
    messages(body);
  }

  /** OpenAI's and Anthropic's {@code messages}: objects with a string role and a content ({@code tool_calls}: OpenAI). */
  private static void messages(JsonObject body) {
    JsonArray messages = (JsonArray) expect(body, "messages", Type.ARRAY, "messages");
    for (int i = 0; messages != null && i < messages.size(); i++) {
      String at = "messages[" + i + "]";
      JsonObject message = element(messages, i, at);
      expect(message, "role", Type.STRING, at + ".role");
      content(message, "content", at + ".content");
      objects(message, "tool_calls", at + ".tool_calls");
    }
  }

  private static void gemini(JsonObject body) {
    expect(body, "generationConfig", Type.OBJECT, "generationConfig");
    objects(body, "tools", "tools");
    objects(body, "safetySettings", "safetySettings");
    JsonObject system = (JsonObject) expect(body, "systemInstruction", Type.OBJECT, "systemInstruction");
    if (system != null) {
      parts(system, "systemInstruction");
    }
    JsonArray contents = (JsonArray) expect(body, "contents", Type.ARRAY, "contents");
    for (int i = 0; contents != null && i < contents.size(); i++) {
      String at = "contents[" + i + "]";
      JsonObject content = element(contents, i, at);
      expect(content, "role", Type.STRING, at + ".role");
      parts(content, at);
    }
  }

  /** A message's content (or Anthropic's system): text, or a list of typed blocks whose text parts hold text. */
  private static void content(JsonObject holder, String field, String at) {
    Object value = holder.getValue(field);
    if (value == null || value instanceof String) {
      return;
    }
    if (!(value instanceof JsonArray blocks)) {
      throw new WrongType(at, "a string or an array", value);
    }
    for (int i = 0; i < blocks.size(); i++) {
      JsonObject block = element(blocks, i, at + "[" + i + "]");
      Object type = expect(block, "type", Type.STRING, at + "[" + i + "].type");
      if ("text".equals(type)) {
        expect(block, "text", Type.STRING, at + "[" + i + "].text");
      }
    }
  }

  private static void parts(JsonObject content, String at) {
    JsonArray parts = (JsonArray) expect(content, "parts", Type.ARRAY, at + ".parts");
    for (int i = 0; parts != null && i < parts.size(); i++) {
      expect(element(parts, i, at + ".parts[" + i + "]"), "text", Type.STRING, at + ".parts[" + i + "].text");
    }
  }

  private static void objects(JsonObject holder, String field, String at) {
    JsonArray list = (JsonArray) expect(holder, field, Type.ARRAY, at);
    for (int i = 0; list != null && i < list.size(); i++) {
      element(list, i, at + "[" + i + "]");
    }
  }

  private static void strings(JsonObject holder, String field, String at) {
    JsonArray list = (JsonArray) expect(holder, field, Type.ARRAY, at);
    for (int i = 0; list != null && i < list.size(); i++) {
      if (!(list.getValue(i) instanceof String)) {
        throw new WrongType(at + "[" + i + "]", "a string", list.getValue(i));
      }
    }
  }

  private static JsonObject element(JsonArray list, int i, String at) {
    if (!(list.getValue(i) instanceof JsonObject object)) {
      throw new WrongType(at, "an object", list.getValue(i));
    }
    return object;
  }

  private enum Type {
    STRING("a string"), BOOLEAN("a boolean"), NUMBER("a number"), INTEGER("an integer"), OBJECT("an object"),
    ARRAY("an array");

    final String name;

    Type(String name) {
      this.name = name;
    }

    boolean accepts(Object value) {
      return switch (this) {
        case STRING -> value instanceof String;
        case BOOLEAN -> value instanceof Boolean;
        case NUMBER -> value instanceof Number;
        case INTEGER -> value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger
            || value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
            && !Double.isInfinite(n.doubleValue());
        case OBJECT -> value instanceof JsonObject;
        case ARRAY -> value instanceof JsonArray;
      };
    }
  }

  /** The field's value when present with the expected type; null when absent or null. */
  private static Object expect(JsonObject holder, String field, Type type, String at) {
    Object value = holder.getValue(field);
    if (value != null && !type.accepts(value)) {
      throw new WrongType(at, type.name, value);
    }
    return value;
  }

  /** A field of the wrong type, named by its path in the body. */
  private static final class WrongType extends RuntimeException {
    WrongType(String at, String expected, Object value) {
      super("invalid type for \"" + at + "\": expected " + expected + ", got " + jsonType(value), null, false, false);
    }

    private static String jsonType(Object value) {
      if (value instanceof String) {
        return "a string";
      }
      if (value instanceof Boolean) {
        return "a boolean";
      }
      if (value instanceof Number) {
        return "a number";
      }
      if (value instanceof JsonArray) {
        return "an array";
      }
      return value instanceof JsonObject ? "an object" : "null";
    }
  }
}
