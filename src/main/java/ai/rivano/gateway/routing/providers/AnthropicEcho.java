package ai.rivano.gateway.routing.providers;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

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

  static void stream(HttpServerResponse response, String model, String text, int in, int out) {
    response.setStatusCode(200).setChunked(true)
        .putHeader("content-type", "text/event-stream").putHeader("cache-control", "no-cache");
    JsonObject start = message(model, "", in, 1);
    start.put("content", new JsonArray()).put("stop_reason", null);
    Buffer events = Buffer.buffer();
    events.appendBuffer(event("message_start", new JsonObject().put("type", "message_start").put("message", start)));
    events.appendBuffer(event("content_block_start", new JsonObject().put("type", "content_block_start").put("index", 0)
        .put("content_block", new JsonObject().put("type", "text").put("text", ""))));
    for (String piece : EchoProvider.pieces(text)) {
      events.appendBuffer(event("content_block_delta", new JsonObject().put("type", "content_block_delta").put("index", 0)
          .put("delta", new JsonObject().put("type", "text_delta").put("text", piece))));
    }
    events.appendBuffer(event("content_block_stop", new JsonObject().put("type", "content_block_stop").put("index", 0)));
    events.appendBuffer(event("message_delta", new JsonObject().put("type", "message_delta")
        .put("delta", new JsonObject().put("stop_reason", "end_turn").put("stop_sequence", null))
        .put("usage", new JsonObject().put("output_tokens", out))));
    events.appendBuffer(event("message_stop", new JsonObject().put("type", "message_stop")));
    response.end(events);
  }

  private static Buffer event(String name, JsonObject data) {
    return Buffer.buffer("event: " + name + "\ndata: ").appendBuffer(data.toBuffer()).appendString("\n\n");
  }
}
