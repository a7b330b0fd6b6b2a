package ai.rivano.gateway.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** Reads what a client received on an SSE stream: the events, the answer text, the error event, the end marker. */
public final class SseText {

  /** One event: its {@code event:} name (or null) and its data. */
  public record Event(String name, String data) {
    public JsonObject json() {
      return new JsonObject(data);
    }

    public boolean isJson() {
      try {
        new JsonObject(data);
        return true;
      } catch (RuntimeException e) {
        return false;
      }
    }
  }

  private SseText() {
  }

  public static List<Event> events(String body) {
    List<Event> events = new ArrayList<>();
    for (String block : body.replace("\r\n", "\n").split("\n\n")) {
      String name = null;
      StringBuilder data = null;
      for (String line : block.split("\n")) {
        if (line.startsWith("event:")) {
          name = line.substring(6).trim();
        } else if (line.startsWith("data:")) {
          String d = line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5);
          data = data == null ? new StringBuilder(d) : data.append('\n').append(d);
        }
      }
      if (data != null) {
        events.add(new Event(name, data.toString()));
      }
    }
    return events;
  }

  /** The answer text of an OpenAI chat-completions stream. */
  public static String openAiText(String body) {
    StringBuilder text = new StringBuilder();
    for (Event e : events(body)) {
      if (!e.isJson()) {
        continue;
      }
      JsonArray choices = e.json().getJsonArray("choices");
      if (choices != null && !choices.isEmpty()) {
        JsonObject delta = choices.getJsonObject(0).getJsonObject("delta");
        if (delta != null && delta.getValue("content") instanceof String s) {
          text.append(s);
        }
      }
    }
    return text.toString();
  }

  /** The answer text of an Anthropic messages stream. */
  public static String anthropicText(String body) {
    StringBuilder text = new StringBuilder();
    for (Event e : events(body)) {
      if (e.isJson() && "content_block_delta".equals(e.json().getString("type"))) {
        text.append(e.json().getJsonObject("delta").getString("text", ""));
      }
    }
    return text.toString();
  }

  /** The error object of the stream's error event (OpenAI: data with "error"; Anthropic: event "error"), or null. */
  public static JsonObject error(String body) {
    for (Event e : events(body)) {
      if (e.isJson() && e.json().getValue("error") instanceof JsonObject error) {
        return error;
      }
    }
    return null;
  }

  public static boolean endsWithDone(String body) {
    List<Event> events = events(body);
    return !events.isEmpty() && "[DONE]".equals(events.get(events.size() - 1).data());
  }

  /** The final usage object of an OpenAI stream, or null. */
  public static JsonObject openAiUsage(String body) {
    JsonObject usage = null;
    for (Event e : events(body)) {
      if (e.isJson() && e.json().getValue("usage") instanceof JsonObject u) {
        usage = u;
      }
    }
    return usage;
  }

  /** The models the OpenAI chunks reported. */
  public static List<String> openAiModels(String body) {
    List<String> models = new ArrayList<>();
    for (Event e : events(body)) {
      if (e.isJson() && e.json().getString("model") != null) {
        models.add(e.json().getString("model"));
      }
    }
    return models;
  }
}
