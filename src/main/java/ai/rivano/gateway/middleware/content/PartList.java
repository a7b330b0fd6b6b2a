package ai.rivano.gateway.middleware.content;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/** The texts a walker found, in order, each with the write-back that replaces it in the JSON it came from. */
final class PartList {

  private final List<TextPart> parts = new ArrayList<>();
  private final List<Consumer<String>> writers = new ArrayList<>();

  void add(int message, TextRole role, String text, Consumer<String> writer) {
    parts.add(new TextPart(parts.size(), message, role, text));
    writers.add(writer);
  }

  /** A string field, when it is a string. */
  void field(JsonObject holder, String key, int message, TextRole role) {
    if (holder.getValue(key) instanceof String text) {
      add(message, role, text, replacement -> holder.put(key, replacement));
    }
  }

  /** Every string inside a JSON object or array (tool-call input, a tool's structured result). */
  void leaves(Object tree, int message, TextRole role) {
    JsonLeaves.visit(tree, (text, writer) -> add(message, role, text, writer));
  }

  /**
   * A string that holds JSON (OpenAI tool-call arguments): its string values are the texts, and replacing one
   * re-encodes the string, so it stays valid JSON whatever the replacement contains. Text that is not a JSON
   * object or array is one text.
   */
  void jsonString(JsonObject holder, String key, int message, TextRole role) {
    if (!(holder.getValue(key) instanceof String raw)) {
      return;
    }
    Object tree = JsonLeaves.parseContainer(raw);
    if (tree == null) {
      add(message, role, raw, replacement -> holder.put(key, replacement));
      return;
    }
    JsonLeaves.visit(tree, (text, writer) -> add(message, role, text, replacement -> {
      writer.accept(replacement);
      holder.put(key, JsonLeaves.encode(tree));
    }));
  }

  /** The {@code text} of every {@code {"type": "text", …}} element of a content array (OpenAI parts, Anthropic blocks). */
  void textElements(JsonArray elements, int message, TextRole role) {
    for (int i = 0; i < elements.size(); i++) {
      if (elements.getValue(i) instanceof JsonObject element && "text".equals(element.getValue("type"))) {
        field(element, "text", message, role);
      }
    }
  }

  List<TextPart> parts() {
    return Collections.unmodifiableList(parts);
  }

  TextPart get(int index) {
    return parts.get(index);
  }

  void replace(int index, String text) {
    if (text == null) {
      throw new IllegalArgumentException("replacement text must not be null");
    }
    TextPart old = parts.get(index);
    if (old.text().equals(text)) {
      return;
    }
    writers.get(index).accept(text);
    parts.set(index, new TextPart(index, old.message(), old.role(), text));
  }
}
