package ai.rivano.gateway.routing.providers;

import ai.rivano.gateway.routing.sse.SseEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** Echo answers in the OpenAI chat-completions format (JSON and {@code chat.completion.chunk} SSE). */
final class OpenAiEcho {

  private OpenAiEcho() {
  }

  static JsonObject completion(String model, String text, int in, int out) {
    return new JsonObject()
        .put("id", EchoProvider.id("chatcmpl-echo"))
        .put("object", "chat.completion")
        .put("created", System.currentTimeMillis() / 1000)
        .put("model", model)
        .put("choices", new JsonArray().add(new JsonObject()
            .put("index", 0)
            .put("message", new JsonObject().put("role", "assistant").put("content", text))
            .put("finish_reason", "stop")))
        .put("usage", usage(in, out));
  }

  static List<SseEvent> stream(String model, String text, int in, int out, boolean includeUsage) {
    String id = EchoProvider.id("chatcmpl-echo");
    long created = System.currentTimeMillis() / 1000;
    List<SseEvent> events = new ArrayList<>();
    events.add(event(chunk(id, created, model, new JsonObject().put("role", "assistant").put("content", ""), null)));
    for (String piece : EchoProvider.pieces(text)) {
      events.add(event(chunk(id, created, model, new JsonObject().put("content", piece), null)));
    }
    events.add(event(chunk(id, created, model, new JsonObject(), "stop")));
    if (includeUsage) {
      events.add(event(new JsonObject().put("id", id).put("object", "chat.completion.chunk")
          .put("created", created).put("model", model).put("choices", new JsonArray()).put("usage", usage(in, out))));
    }
    events.add(SseEvent.done());
    return events;
  }

  private static JsonObject chunk(String id, long created, String model, JsonObject delta, String finish) {
    return new JsonObject().put("id", id).put("object", "chat.completion.chunk").put("created", created)
        .put("model", model)
        .put("choices", new JsonArray().add(new JsonObject().put("index", 0).put("delta", delta)
            .put("finish_reason", finish)));
  }

  private static JsonObject usage(int in, int out) {
    return new JsonObject().put("prompt_tokens", in).put("completion_tokens", out).put("total_tokens", in + out);
  }

  private static SseEvent event(JsonObject data) {
    return SseEvent.data(data.encode());
  }
}
