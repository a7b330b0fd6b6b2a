package ai.rivano.gateway.routing.providers;

import ai.rivano.gateway.routing.sse.SseEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** Echo answers in the Anthropic messages format (JSON and the {@code message_start … message_stop} SSE sequence). */
final class AnthropicEcho {

  private AnthropicEcho() {
  }

  static JsonObject message(String model, String text, int in, int out) {
    return new JsonObject()
        .put("id", EchoProvider.id("msg_echo"))
        .put("type", "message")
        .put("role", "assistant")
        .put("model", model)
        .put("content", new JsonArray().add(new JsonObject().put("type", "text").put("text", text)))
        .put("stop_reason", "end_turn")
        .put("stop_sequence", null)
        .put("usage", new JsonObject().put("input_tokens", in).put("output_tokens", out));
  }

  static List<SseEvent> stream(String model, String text, int in, int out) {
    JsonObject start = message(model, "", in, 1);
    start.put("content", new JsonArray()).put("stop_reason", null);
    List<SseEvent> events = new ArrayList<>();
    events.add(event("message_start", new JsonObject().put("type", "message_start").put("message", start)));
    events.add(event("content_block_start", new JsonObject().put("type", "content_block_start").put("index", 0)
        .put("content_block", new JsonObject().put("type", "text").put("text", ""))));
    for (String piece : EchoProvider.pieces(text)) {
      events.add(event("content_block_delta", new JsonObject().put("type", "content_block_delta").put("index", 0)
          .put("delta", new JsonObject().put("type", "text_delta").put("text", piece))));
    }
    events.add(event("content_block_stop", new JsonObject().put("type", "content_block_stop").put("index", 0)));
    events.add(event("message_delta", new JsonObject().put("type", "message_delta")
        .put("delta", new JsonObject().put("stop_reason", "end_turn").put("stop_sequence", null))
        .put("usage", new JsonObject().put("output_tokens", out))));
    events.add(event("message_stop", new JsonObject().put("type", "message_stop")));
    return events;
  }

  private static SseEvent event(String name, JsonObject data) {
    return SseEvent.named(name, data.encode());
  }
}
