package ai.rivano.gateway.testing;

import ai.rivano.gateway.testing.UpstreamStub.Behavior;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Provider answers in their real wire formats (OpenAI chat completions, Anthropic messages, Ollama), and the
 * faults the gateway must survive: 5xx, 429 with Retry-After, resets, silence, stalled and cut streams.
 */
public final class Behaviors {

  private Behaviors() {
  }

  // ---- healthy answers -------------------------------------------------------------------------------------

  public static Behavior json(int status, JsonObject body) {
    return (vertx, request, in) -> request.response().setStatusCode(status)
        .putHeader("content-type", "application/json").end(body.toBuffer());
  }

  public static Behavior delayedJson(long delayMs, int status, JsonObject body) {
    return (vertx, request, in) -> UpstreamStub.later(vertx, delayMs, () -> {
      if (!UpstreamStub.gone(request.response())) {
        json(status, body).answer(vertx, request, in);
      }
    });
  }

  /** An OpenAI chat completion answering {@code text}, reporting {@code model}. */
  public static Behavior openAiChat(String model, String text) {
    return json(200, openAiCompletion(model, text));
  }

  public static JsonObject openAiCompletion(String model, String text) {
    return new JsonObject()
        .put("id", "chatcmpl-test").put("object", "chat.completion").put("created", 1_700_000_000L).put("model", model)
        .put("choices", new JsonArray().add(new JsonObject().put("index", 0)
            .put("message", new JsonObject().put("role", "assistant").put("content", text).put("refusal", (String) null))
            .put("logprobs", (String) null).put("finish_reason", "stop")))
        .put("usage", new JsonObject().put("prompt_tokens", 9).put("completion_tokens", 12).put("total_tokens", 21));
  }

  public static JsonObject anthropicMessage(String model, String text) {
    return new JsonObject()
        .put("id", "msg_test").put("type", "message").put("role", "assistant").put("model", model)
        .put("content", new JsonArray().add(new JsonObject().put("type", "text").put("text", text)))
        .put("stop_reason", "end_turn").put("stop_sequence", (String) null)
        .put("usage", new JsonObject().put("input_tokens", 10).put("output_tokens", 5));
  }

  public static Behavior anthropicChat(String model, String text) {
    return json(200, anthropicMessage(model, text));
  }

  /** OpenAI streaming: role chunk, one chunk per piece, finish chunk, optional usage chunk, [DONE]. */
  public static List<String> openAiStreamEvents(String model, List<String> pieces, boolean done) {
    List<String> events = new java.util.ArrayList<>();
    events.add(chunk(model, new JsonObject().put("role", "assistant").put("content", ""), null).encode());
    for (String piece : pieces) {
      events.add(chunk(model, new JsonObject().put("content", piece), null).encode());
    }
    events.add(chunk(model, new JsonObject(), "stop").encode());
    if (done) {
      events.add("[DONE]");
    }
    return events;
  }

  private static JsonObject chunk(String model, JsonObject delta, String finish) {
    return new JsonObject().put("id", "chatcmpl-test").put("object", "chat.completion.chunk")
        .put("created", 1_700_000_000L).put("model", model)
        .put("choices", new JsonArray().add(new JsonObject().put("index", 0).put("delta", delta)
            .put("logprobs", (String) null).put("finish_reason", finish)));
  }

  /** Anthropic streaming event sequence for {@code pieces}. Each entry is {event name, data}. */
  public static List<String[]> anthropicStreamEvents(String model, List<String> pieces) {
    List<String[]> events = new java.util.ArrayList<>();
    JsonObject start = anthropicMessage(model, "").put("content", new JsonArray()).put("stop_reason", (String) null);
    start.getJsonObject("usage").put("output_tokens", 1);
    events.add(new String[] {"message_start", new JsonObject().put("type", "message_start").put("message", start).encode()});
    events.add(new String[] {"content_block_start", new JsonObject().put("type", "content_block_start").put("index", 0)
        .put("content_block", new JsonObject().put("type", "text").put("text", "")).encode()});
    events.add(new String[] {"ping", new JsonObject().put("type", "ping").encode()});
    for (String piece : pieces) {
      events.add(new String[] {"content_block_delta", new JsonObject().put("type", "content_block_delta").put("index", 0)
          .put("delta", new JsonObject().put("type", "text_delta").put("text", piece)).encode()});
    }
    events.add(new String[] {"content_block_stop", new JsonObject().put("type", "content_block_stop").put("index", 0).encode()});
    events.add(new String[] {"message_delta", new JsonObject().put("type", "message_delta")
        .put("delta", new JsonObject().put("stop_reason", "end_turn").put("stop_sequence", (String) null))
        .put("usage", new JsonObject().put("output_tokens", pieces.size())).encode()});
    events.add(new String[] {"message_stop", new JsonObject().put("type", "message_stop").encode()});
    return events;
  }

  /**
   * An SSE stream: headers at once, the first event after {@code firstDelayMs}, then one every
   * {@code intervalMs}. {@code cutAfter} ≥ 0 resets the connection after that many events (a cut stream);
   * {@code stallAfter} ≥ 0 stops sending (connection left open) after that many events.
   */
  public static Behavior sse(List<String[]> namedEvents, long firstDelayMs, long intervalMs, int cutAfter, int stallAfter) {
    return (vertx, request, in) -> {
      HttpServerResponse response = request.response().setChunked(true).setStatusCode(200)
          .putHeader("content-type", "text/event-stream").putHeader("cache-control", "no-cache");
      response.writeHead();
      sendFrom(vertx, response, namedEvents, 0, firstDelayMs, intervalMs, cutAfter, stallAfter);
    };
  }

  /** Plain {@code data:} events (OpenAI style). */
  public static Behavior sseData(List<String> data, long firstDelayMs, long intervalMs, int cutAfter, int stallAfter) {
    return sse(data.stream().map(d -> new String[] {null, d}).toList(), firstDelayMs, intervalMs, cutAfter, stallAfter);
  }

  private static void sendFrom(io.vertx.core.Vertx vertx, HttpServerResponse response, List<String[]> events, int index,
                               long delayMs, long intervalMs, int cutAfter, int stallAfter) {
    UpstreamStub.later(vertx, delayMs, () -> {
      if (UpstreamStub.gone(response)) {
        return;
      }
      if (index == cutAfter) {
        response.reset();
        return;
      }
      if (index == stallAfter) {
        return;
      }
      if (index == events.size()) {
        response.end();
        return;
      }
      String[] event = events.get(index);
      Buffer frame = Buffer.buffer();
      if (event[0] != null) {
        frame.appendString("event: " + event[0] + "\n");
      }
      frame.appendString("data: " + event[1] + "\n\n");
      response.write(frame);
      sendFrom(vertx, response, events, index + 1, intervalMs, intervalMs, cutAfter, stallAfter);
    });
  }

  /** An OpenAI stream of {@code pieces} (role chunk, pieces, finish chunk, [DONE] when {@code done}); see {@link #sse}. */
  public static Behavior openAiSse(String model, List<String> pieces, boolean done, long intervalMs, int cutAfter,
                                   int stallAfter) {
    return sseData(openAiStreamEvents(model, pieces, done), 0, intervalMs, cutAfter, stallAfter);
  }

  /** An Anthropic stream of {@code pieces}; see {@link #sse}. */
  public static Behavior anthropicSse(String model, List<String> pieces, long intervalMs, int cutAfter, int stallAfter) {
    return sse(anthropicStreamEvents(model, pieces), 0, intervalMs, cutAfter, stallAfter);
  }

  /** A complete OpenAI stream with one malformed (non-JSON) event after the first piece. */
  public static Behavior openAiSseWithMalformedEvent(String model, List<String> pieces) {
    List<String> events = new java.util.ArrayList<>(openAiStreamEvents(model, pieces, true));
    events.add(2, "{\"choices\": [ this is not json");
    return sseData(events, 0, 5, -1, -1);
  }

  /** An OpenAI stream that sends its first {@code n} events and then closes cleanly: no finish chunk, no [DONE]. */
  public static Behavior openAiSseEndingAfter(String model, List<String> pieces, int n) {
    return sseData(openAiStreamEvents(model, pieces, true).subList(0, n), 0, 5, -1, -1);
  }

  /** Response headers of an SSE stream, then nothing (connection left open). */
  public static Behavior sseHeadersThenSilence() {
    return sseData(List.of(), 0, 0, -1, 0);
  }

  /** An error answer in the OpenAI shape with {@code code}. */
  public static Behavior openAiError(int status, String type, String code, String message) {
    return json(status, new JsonObject().put("error", new JsonObject().put("message", message).put("type", type)
        .putNull("param").put("code", code)));
  }

  /** An error answer in the Anthropic shape. */
  public static Behavior anthropicError(int status, String type, String message) {
    return json(status, new JsonObject().put("type", "error")
        .put("error", new JsonObject().put("type", type).put("message", message)));
  }

  // ---- faults ----------------------------------------------------------------------------------------------

  /** Accepts the request and never answers. */
  public static Behavior silence() {
    return (vertx, request, in) -> {
    };
  }

  /** Closes the connection before sending any response header. */
  public static Behavior resetBeforeHeaders() {
    return (vertx, request, in) -> request.connection().close();
  }

  public static Behavior status(int status, String retryAfter) {
    return (vertx, request, in) -> {
      HttpServerResponse response = request.response().setStatusCode(status).putHeader("content-type", "application/json");
      if (retryAfter != null) {
        response.putHeader("retry-after", retryAfter);
      }
      response.end(new JsonObject().put("error", new JsonObject().put("message", "injected " + status)
          .put("type", status == 429 ? "rate_limit_error" : "server_error")).toBuffer());
    };
  }
}
