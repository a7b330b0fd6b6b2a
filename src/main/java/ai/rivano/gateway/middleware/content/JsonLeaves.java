package ai.rivano.gateway.middleware.content;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.function.Consumer;

/**
 * The string values inside a JSON tree (tool-call arguments, tool results given as objects), each with a way to
 * replace it in place. Keys are not visited: a key is a field name chosen by the tool's schema, not content.
 */
final class JsonLeaves {

  /** Deeper than this the tree is skipped, not walked: hostile nesting costs nothing and never overflows the stack. */
  static final int MAX_DEPTH = 32;

  interface Visitor {
    void leaf(String text, Consumer<String> replace);
  }

  private JsonLeaves() {}

  static void visit(Object node, Visitor visitor) {
    visit(node, 0, visitor);
  }

  private static void visit(Object node, int depth, Visitor visitor) {
    if (depth > MAX_DEPTH) {
      return;
    }
    if (node instanceof JsonObject object) {
      for (String key : List.copyOf(object.fieldNames())) {
        Object value = object.getValue(key);
        if (value instanceof String text) {
          visitor.leaf(text, replacement -> object.put(key, replacement));
        } else {
          visit(value, depth + 1, visitor);
        }
      }
    } else if (node instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        Object value = array.getValue(i);
        int index = i;
        if (value instanceof String text) {
          visitor.leaf(text, replacement -> array.set(index, replacement));
        } else {
          visit(value, depth + 1, visitor);
        }
      }
    }
  }

  /** A JSON object or array encoded in a string (OpenAI tool-call arguments), or null when it is neither. */
  static Object parseContainer(String text) {
    if (text.isBlank()) {
      return null;
    }
    char first = text.stripLeading().charAt(0);
    if (first != '{' && first != '[') {
      return null;
    }
    try {
      Object value = Json.decodeValue(text);
      return value instanceof JsonObject || value instanceof JsonArray ? value : null;
    } catch (DecodeException | IllegalStateException e) {
      return null; // not JSON (or nested beyond the parser's limit): the string is then one text
    }
  }

  static String encode(Object container) {
    return container instanceof JsonObject o ? o.encode() : ((JsonArray) container).encode();
  }
}
