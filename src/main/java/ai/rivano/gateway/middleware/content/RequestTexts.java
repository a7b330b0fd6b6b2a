package ai.rivano.gateway.middleware.content;

import ai.rivano.gateway.routing.translate.WireFormat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every text in a request body in the client's dialect (OpenAI chat, Anthropic messages, Gemini generateContent),
 * with its {@link TextRole}: system prompts, user and assistant turns (a string or a list of parts), tool-call
 * arguments and tool results. Texts can be replaced in place and whole messages dropped; {@link #body()} is then
 * the rewritten body.
 *
 * <p>The walk reads only the shapes it knows and skips everything else: a number where text belongs, a message
 * that is not an object, an unknown block type or nesting deeper than {@link JsonLeaves#MAX_DEPTH} is passed over,
 * never an exception. Edits change the body given to {@link #of} (it is not copied).
 */
public final class RequestTexts extends WalkedTexts {

  private final List<Message> messages = new ArrayList<>();
  private final BitSet dropped = new BitSet();
  private boolean dropsApplied;

  /**
   * A message as a unit of {@code drop}: a top-level field (Anthropic {@code system}, Gemini
   * {@code systemInstruction}) or one entry of the message list. {@code calls} and {@code answers} hold the
   * tool-call ids it makes and answers: a call and its result only make sense together (providers reject one
   * without the other), so dropping either drops both.
   */
  private static final class Message {
    final String field;
    final JsonArray list;
    final int index;
    final boolean hasUserText;
    final Set<String> calls = new HashSet<>();
    final Set<String> answers = new HashSet<>();

    Message(String field, JsonArray list, int index, boolean hasUserText) {
      this.field = field;
      this.list = list;
      this.index = index;
      this.hasUserText = hasUserText;
    }

    boolean pairsWith(Message other) {
      return intersects(calls, other.answers) || intersects(answers, other.calls);
    }

    private static boolean intersects(Set<String> a, Set<String> b) {
      return !a.isEmpty() && !b.isEmpty() && a.stream().anyMatch(b::contains);
    }
  }

  private RequestTexts(JsonObject body) {
    super(body);
  }

  /** Walks {@code body} as a request in {@code format}. A null body has no texts. */
  public static RequestTexts of(WireFormat format, JsonObject body) {
    RequestTexts texts = new RequestTexts(body);
    Dialects.walk(format, texts::openAi, texts::anthropic, texts::gemini);
    return texts;
  }

  /**
   * Marks {@code messageNumbers} (see {@link TextPart#message()}) for removal, with every message that is the
   * other half of a tool call among them (see {@link #dropClosure}). Applied by {@link #body()}.
   */
  public void drop(Set<Integer> messageNumbers) {
    if (dropsApplied) {
      throw new IllegalStateException("drop after body(): drop every message first, then read the body");
    }
    dropClosure(messageNumbers).forEach(dropped::set);
  }

  /**
   * {@code messageNumbers} plus every message tied to one of them by a tool call: an assistant message whose
   * call a dropped result answers, and the results of a dropped call.
   */
  public Set<Integer> dropClosure(Set<Integer> messageNumbers) {
    Set<Integer> closure = new TreeSet<>();
    for (int m : messageNumbers) {
      if (m >= 0 && m < messages.size()) {
        closure.add(m);
      }
    }
    boolean grew = !closure.isEmpty();
    while (grew) { // each round adds at least one message, so at most messages.size() rounds
      grew = false;
      for (int candidate = 0; candidate < messages.size(); candidate++) {
        if (closure.contains(candidate)) {
          continue;
        }
        Message other = messages.get(candidate);
        if (closure.stream().anyMatch(d -> messages.get(d).pairsWith(other))) {
          closure.add(candidate);
          grew = true;
        }
      }
    }
    return closure;
  }

  /** True when a message other than {@code droppedMessages} still holds something the user wrote. */
  public boolean userTextRemains(Set<Integer> droppedMessages) {
    for (int m = 0; m < messages.size(); m++) {
      if (messages.get(m).hasUserText && !droppedMessages.contains(m)) {
        return true;
      }
    }
    return false;
  }

  /** The body with every replacement and drop applied. */
  public JsonObject body() {
    if (!dropsApplied) {
      dropsApplied = true;
      List<Message> doomed = new ArrayList<>();
      dropped.stream().forEach(m -> doomed.add(messages.get(m)));
      // list entries from the back, so earlier indexes stay valid
      doomed.sort(Comparator.comparingInt((Message m) -> m.index).reversed());
      for (Message m : doomed) {
        if (m.field != null) {
          body.remove(m.field);
        } else {
          m.list.remove(m.index);
        }
      }
    }
    return body;
  }

  /** A rough token estimate for {@code token_count} in the request phase: one token per four characters. */
  public long estimatedTokens() {
    long chars = 0;
    for (TextPart part : parts.parts()) {
      chars += part.text().length();
    }
    return (chars + 3) / 4;
  }

  private int message(String field, JsonArray list, int index, boolean hasUserText) {
    messages.add(new Message(field, list, index, hasUserText));
    return messages.size() - 1;
  }

  private Message last() {
    return messages.get(messages.size() - 1);
  }

  // ---- OpenAI chat completions ---------------------------------------------------------------------------

  private void openAi() {
    if (!(body.getValue("messages") instanceof JsonArray list)) {
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      if (!(list.getValue(i) instanceof JsonObject m)) {
        continue;
      }
      String role = m.getValue("role") instanceof String r ? r : "";
      TextRole textRole = switch (role) {
        case "system", "developer" -> TextRole.SYSTEM;
        case "assistant" -> TextRole.ASSISTANT;
        case "tool", "function" -> TextRole.TOOL_RESULT;
        default -> TextRole.USER; // an unknown role is scanned like the user's text, never skipped
      };
      int n = message(null, list, i, textRole == TextRole.USER);
      Object content = m.getValue("content");
      if (content instanceof String) {
        parts.field(m, "content", n, textRole);
      } else if (content instanceof JsonArray elements) {
        parts.textElements(elements, n, textRole);
      }
      if (m.getValue("tool_calls") instanceof JsonArray calls) {
        for (Object c : calls) {
          if (c instanceof JsonObject call) {
            if (call.getValue("id") instanceof String id) {
              last().calls.add(id);
            }
            if (call.getValue("function") instanceof JsonObject function) {
              parts.jsonString(function, "arguments", n, TextRole.TOOL_CALL_ARGUMENTS);
            }
          }
        }
      }
      if (m.getValue("function_call") instanceof JsonObject legacyCall) {
        parts.jsonString(legacyCall, "arguments", n, TextRole.TOOL_CALL_ARGUMENTS);
      }
      if (m.getValue("tool_call_id") instanceof String answered) {
        last().answers.add(answered);
      }
    }
  }

  // ---- Anthropic messages --------------------------------------------------------------------------------

  private void anthropic() {
    Object system = body.getValue("system");
    if (system instanceof String) {
      parts.field(body, "system", message("system", null, -1, false), TextRole.SYSTEM);
    } else if (system instanceof JsonArray blocks) {
      parts.textElements(blocks, message("system", null, -1, false), TextRole.SYSTEM);
    }
    if (!(body.getValue("messages") instanceof JsonArray list)) {
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      if (!(list.getValue(i) instanceof JsonObject m)) {
        continue;
      }
      TextRole role = "assistant".equals(m.getValue("role")) ? TextRole.ASSISTANT : TextRole.USER;
      Object content = m.getValue("content");
      boolean userText = role == TextRole.USER && (content instanceof String
          || content instanceof JsonArray blocks && blocks.stream().anyMatch(
              b -> b instanceof JsonObject o && "text".equals(o.getValue("type"))));
      int n = message(null, list, i, userText);
      if (content instanceof String) {
        parts.field(m, "content", n, role);
      } else if (content instanceof JsonArray blocks) {
        anthropicBlocks(blocks, n, role);
      }
    }
  }

  private void anthropicBlocks(JsonArray blocks, int n, TextRole role) {
    for (Object b : blocks) {
      if (!(b instanceof JsonObject block) || !(block.getValue("type") instanceof String type)) {
        continue;
      }
      switch (type) {
        case "text" -> parts.field(block, "text", n, role);
        case "tool_use", "server_tool_use" -> {
          if (block.getValue("id") instanceof String id) {
            last().calls.add(id);
          }
          parts.leaves(block.getValue("input"), n, TextRole.TOOL_CALL_ARGUMENTS);
        }
        case "tool_result" -> {
          if (block.getValue("tool_use_id") instanceof String id) {
            last().answers.add(id);
          }
          Object content = block.getValue("content");
          if (content instanceof String) {
            parts.field(block, "content", n, TextRole.TOOL_RESULT);
          } else if (content instanceof JsonArray inner) {
            retrievedBlocks(inner, n, 0);
          }
        }
        case "document", "search_result" -> retrievedBlocks(new JsonArray().add(block), n, 0);
        default -> {
          // images, thinking (signed: editing it would be rejected), and block types added later
        }
      }
    }
  }

  /** Text handed back to the model: tool_result content, documents with text, search results (nested). */
  private void retrievedBlocks(JsonArray blocks, int n, int depth) {
    if (depth > 4) {
      return;
    }
    for (Object b : blocks) {
      if (!(b instanceof JsonObject block)) {
        continue;
      }
      Object type = block.getValue("type");
      if ("text".equals(type)) {
        parts.field(block, "text", n, TextRole.TOOL_RESULT);
      } else if ("document".equals(type) && block.getValue("source") instanceof JsonObject source) {
        if ("text".equals(source.getValue("type"))) {
          parts.field(source, "data", n, TextRole.TOOL_RESULT);
        } else if (source.getValue("content") instanceof JsonArray inner) {
          retrievedBlocks(inner, n, depth + 1);
        }
      } else if ("search_result".equals(type) && block.getValue("content") instanceof JsonArray inner) {
        retrievedBlocks(inner, n, depth + 1);
      }
    }
  }

  // ---- Gemini generateContent ----------------------------------------------------------------------------

  private void gemini() {
    for (String key : List.of("systemInstruction", "system_instruction")) { // protobuf JSON accepts both spellings
      Object system = body.getValue(key);
      if (system instanceof JsonObject instruction && instruction.getValue("parts") instanceof JsonArray list) {
        int n = message(key, null, -1, false);
        for (Object p : list) {
          if (p instanceof JsonObject part) {
            parts.field(part, "text", n, TextRole.SYSTEM);
          }
        }
      } else if (system instanceof String) {
        parts.field(body, key, message(key, null, -1, false), TextRole.SYSTEM);
      }
    }
    if (!(body.getValue("contents") instanceof JsonArray list)) {
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      if (!(list.getValue(i) instanceof JsonObject content)) {
        continue;
      }
      TextRole role = "model".equals(content.getValue("role")) ? TextRole.ASSISTANT : TextRole.USER;
      boolean userText = role == TextRole.USER && content.getValue("parts") instanceof JsonArray ps
          && ps.stream().anyMatch(p -> p instanceof JsonObject o && o.getValue("text") instanceof String);
      int n = message(null, list, i, userText);
      if (content.getValue("parts") instanceof JsonArray ps) {
        geminiParts(ps, n, role);
      }
    }
  }

  private void geminiParts(JsonArray list, int n, TextRole role) {
    for (Object p : list) {
      if (!(p instanceof JsonObject part) || Boolean.TRUE.equals(part.getValue("thought"))) {
        continue; // thought summaries are signed model output, not conversation text
      }
      parts.field(part, "text", n, role);
      JsonObject call = object(part, "functionCall", "function_call");
      if (call != null) {
        last().calls.add(geminiCallKey(call));
        parts.leaves(call.getValue("args"), n, TextRole.TOOL_CALL_ARGUMENTS);
      }
      JsonObject response = object(part, "functionResponse", "function_response");
      if (response != null) {
        last().answers.add(geminiCallKey(response));
        parts.leaves(response.getValue("response"), n, TextRole.TOOL_RESULT);
      }
    }
  }

  /** Gemini pairs a call and its response by id when it gave one, else by function name. */
  private static String geminiCallKey(JsonObject call) {
    if (call.getValue("id") instanceof String id) {
      return id;
    }
    return "name:" + (call.getValue("name") instanceof String name ? name : "");
  }

  private static JsonObject object(JsonObject holder, String camel, String snake) {
    if (holder.getValue(camel) instanceof JsonObject o) {
      return o;
    }
    return holder.getValue(snake) instanceof JsonObject o ? o : null;
  }
}

