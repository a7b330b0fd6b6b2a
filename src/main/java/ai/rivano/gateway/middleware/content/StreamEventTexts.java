package ai.rivano.gateway.middleware.content;

import ai.rivano.gateway.routing.sse.SseEvent;
import ai.rivano.gateway.routing.translate.WireFormat;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The texts one stream event carries in the client's dialect, and the same event with other texts:
 * OpenAI {@code choices[i].delta.content} and {@code delta.tool_calls[j].function.arguments} fragments,
 * Anthropic {@code content_block_delta} ({@code text_delta} text, {@code input_json_delta} partial JSON),
 * Gemini chunk {@code candidates[i].content.parts} text and whole function-call arguments.
 *
 * <p>Each text belongs to a {@link Slot#channel() channel}: the run of events that continue one text (a choice's
 * content, one tool call's arguments, one Anthropic content block). A value split across events is split
 * inside one channel, which is what a hold-back (response PII, token restoration) keys on. Events without text
 * ({@code [DONE]}, {@code message_start}, {@code ping}, non-JSON data) have no slots. Replacing text changes the
 * parsed object (pass your own parsed copy only if you no longer need it unchanged).
 */
public final class StreamEventTexts {

  /**
   * @param channel      identifies the text this piece continues, stable across the events of one stream
   * @param jsonFragment the text is a piece of JSON source (tool-call arguments being streamed): a value put into
   *                     it must be JSON-escaped
   * @param last         this event ends the channel (a finish reason rides on it): nothing may be held back
   */
  public record Slot(String channel, TextRole role, String text, boolean jsonFragment, boolean last) {}

  private final SseEvent event;
  private final JsonObject json;
  private final List<Slot> slots = new ArrayList<>();
  private final List<Consumer<String>> writers = new ArrayList<>();
  private final List<Function<String, SseEvent>> builders = new ArrayList<>();
  private boolean changed;

  private StreamEventTexts(SseEvent event, JsonObject json) {
    this.event = event;
    this.json = json;
  }

  public static StreamEventTexts read(WireFormat format, SseEvent event) {
    return read(format, event, null);
  }

  /** @param parsed the event's data already parsed by the caller, or null to parse it here */
  public static StreamEventTexts read(WireFormat format, SseEvent event, JsonObject parsed) {
    JsonObject json = parsed != null ? parsed : parse(event);
    StreamEventTexts texts = new StreamEventTexts(event, json);
    if (json != null) {
      Dialects.walk(format, texts::openAi, texts::anthropic, texts::gemini);
    }
    return texts;
  }

  public List<Slot> slots() {
    return Collections.unmodifiableList(slots);
  }

  public boolean isEmpty() {
    return slots.isEmpty();
  }

  public void replace(int slot, String text) {
    Slot old = slots.get(slot);
    if (old.text().equals(text)) {
      return;
    }
    writers.get(slot).accept(text);
    slots.set(slot, new Slot(old.channel(), old.role(), text, old.jsonFragment(), old.last()));
    changed = true;
  }

  /** The event with the replacements made; the original event when nothing changed. */
  public SseEvent toEvent() {
    return changed ? new SseEvent(event.event(), json.encode(), event.id()) : event;
  }

  /**
   * A minimal event of this stream that carries {@code text} on slot {@code slot}'s channel and nothing else (no
   * finish reason, no usage): how text held back from this channel is released later.
   */
  public SseEvent eventWith(int slot, String text) {
    return builders.get(slot).apply(text);
  }

  private void add(Slot slot, Consumer<String> writer, Function<String, SseEvent> builder) {
    slots.add(slot);
    writers.add(writer);
    builders.add(builder);
  }

  private static JsonObject parse(SseEvent event) {
    String data = event.data();
    if (!data.stripLeading().startsWith("{")) {
      return null;
    }
    try {
      return Json.decodeValue(data) instanceof JsonObject o ? o : null;
    } catch (DecodeException e) {
      return null;
    }
  }

  // ---- OpenAI chat.completion.chunk ----------------------------------------------------------------------

  private void openAi() {
    if (!(json.getValue("choices") instanceof JsonArray choices)) {
      return;
    }
    for (int i = 0; i < choices.size(); i++) {
      if (!(choices.getValue(i) instanceof JsonObject choice) || !(choice.getValue("delta") instanceof JsonObject delta)) {
        continue;
      }
      int c = choice.getValue("index") instanceof Number n ? n.intValue() : i;
      boolean last = choice.getValue("finish_reason") instanceof String;
      if (delta.getValue("content") instanceof String text) {
        add(new Slot("choice" + c, TextRole.ASSISTANT, text, false, last),
            t -> delta.put("content", t),
            t -> openAiChunk(c, new JsonObject().put("content", t)));
      }
      if (delta.getValue("tool_calls") instanceof JsonArray calls) {
        for (int j = 0; j < calls.size(); j++) {
          if (calls.getValue(j) instanceof JsonObject call && call.getValue("function") instanceof JsonObject function
              && function.getValue("arguments") instanceof String arguments) {
            int t = call.getValue("index") instanceof Number n ? n.intValue() : j;
            add(new Slot("choice" + c + ".tool" + t, TextRole.TOOL_CALL_ARGUMENTS, arguments, true, last),
                value -> function.put("arguments", value),
                value -> openAiChunk(c, new JsonObject().put("tool_calls", new JsonArray().add(new JsonObject()
                    .put("index", t).put("function", new JsonObject().put("arguments", value))))));
          }
        }
      }
    }
  }

  private SseEvent openAiChunk(int choice, JsonObject delta) {
    JsonObject chunk = json.copy();
    chunk.remove("usage");
    chunk.put("choices", new JsonArray().add(new JsonObject()
        .put("index", choice).put("delta", delta).putNull("finish_reason")));
    return new SseEvent(event.event(), chunk.encode(), null);
  }

  // ---- Anthropic messages stream -------------------------------------------------------------------------

  private void anthropic() {
    if (!"content_block_delta".equals(json.getValue("type")) || !(json.getValue("delta") instanceof JsonObject delta)) {
      return;
    }
    int block = json.getValue("index") instanceof Number n ? n.intValue() : 0;
    Object deltaType = delta.getValue("type");
    String key = "text_delta".equals(deltaType) ? "text" : "input_json_delta".equals(deltaType) ? "partial_json" : null;
    if (key == null || !(delta.getValue(key) instanceof String text)) {
      return; // thinking and signature deltas are signed: never rewritten
    }
    boolean fragment = key.equals("partial_json");
    add(new Slot("block" + block, fragment ? TextRole.TOOL_CALL_ARGUMENTS : TextRole.ASSISTANT, text, fragment, false),
        t -> delta.put(key, t),
        t -> SseEvent.named("content_block_delta", new JsonObject().put("type", "content_block_delta")
            .put("index", block).put("delta", new JsonObject().put("type", deltaType).put(key, t)).encode()));
  }

  // ---- Gemini streamGenerateContent chunk ----------------------------------------------------------------

  private void gemini() {
    if (!(json.getValue("candidates") instanceof JsonArray candidates)) {
      return;
    }
    for (int i = 0; i < candidates.size(); i++) {
      if (!(candidates.getValue(i) instanceof JsonObject candidate)
          || !(candidate.getValue("content") instanceof JsonObject content)
          || !(content.getValue("parts") instanceof JsonArray list)) {
        continue;
      }
      int c = candidate.getValue("index") instanceof Number n ? n.intValue() : i;
      boolean last = candidate.getValue("finishReason") instanceof String;
      for (int p = 0; p < list.size(); p++) {
        if (!(list.getValue(p) instanceof JsonObject part) || Boolean.TRUE.equals(part.getValue("thought"))) {
          continue;
        }
        if (part.getValue("text") instanceof String text) {
          add(new Slot("candidate" + c, TextRole.ASSISTANT, text, false, last),
              t -> part.put("text", t),
              t -> geminiChunk(c, t));
        }
        if (part.getValue("functionCall") instanceof JsonObject call) {
          // Gemini sends a call whole: each argument is complete in this event, its own one-event channel
          String callChannel = "candidate" + c + ".call" + p + ".";
          int[] leaf = {0};
          JsonLeaves.visit(call.getValue("args"), (text, writer) -> add(
              new Slot(callChannel + leaf[0]++, TextRole.TOOL_CALL_ARGUMENTS, text, false, true), writer,
              t -> geminiChunk(c, t)));
        }
      }
    }
  }

  private SseEvent geminiChunk(int candidate, String text) {
    JsonObject chunk = json.copy();
    chunk.remove("usageMetadata");
    chunk.put("candidates", new JsonArray().add(new JsonObject().put("index", candidate)
        .put("content", new JsonObject().put("role", "model")
            .put("parts", new JsonArray().add(new JsonObject().put("text", text))))));
    return new SseEvent(event.event(), chunk.encode(), null);
  }
}
