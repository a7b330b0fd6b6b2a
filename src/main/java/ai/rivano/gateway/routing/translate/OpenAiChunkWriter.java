package ai.rivano.gateway.routing.translate;

import ai.rivano.gateway.routing.sse.SseEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Builds the {@code chat.completion.chunk} events an OpenAI client expects, for any upstream. Every
 * chunk of one stream shares id, created and model; with {@code include_usage} every chunk carries
 * {@code "usage": null} and a last chunk with empty {@code choices} carries the totals.
 */
final class OpenAiChunkWriter {

  private final boolean includeUsage;
  private final long created = System.currentTimeMillis() / 1000;
  private String id;
  private String model;
  private int nextToolCallIndex;

  OpenAiChunkWriter(boolean includeUsage, String id, String model) {
    this.includeUsage = includeUsage;
    this.id = id;
    this.model = model;
  }

  static boolean clientWantsUsage(JsonObject openAiRequest) {
    JsonObject options = openAiRequest == null ? null : openAiRequest.getJsonObject("stream_options");
    return options != null && Json.bool(options, "include_usage");
  }

  /** The upstream may tell id and model only in its first event. */
  void identify(String upstreamId, String upstreamModel) {
    if (upstreamId != null) {
      id = upstreamId;
    }
    if (upstreamModel != null) {
      model = upstreamModel;
    }
  }

  SseEvent roleChunk() {
    return choiceChunk(new JsonObject().put("role", "assistant").put("content", ""), null);
  }

  SseEvent textChunk(String text) {
    return choiceChunk(new JsonObject().put("content", text), null);
  }

  /** Allocates the next OpenAI tool-call index; OpenAI numbers calls 0, 1, 2... within a message. */
  int startToolCall() {
    return nextToolCallIndex++;
  }

  boolean sawToolCall() {
    return nextToolCallIndex > 0;
  }

  /** First fragment of a call: id, name and (possibly empty) arguments. */
  SseEvent toolCallStartChunk(int index, String callId, String name, String arguments) {
    JsonObject call = new JsonObject()
        .put("index", index)
        .put("id", callId)
        .put("type", "function")
        .put("function", new JsonObject().put("name", name).put("arguments", arguments));
    return choiceChunk(new JsonObject().put("tool_calls", new JsonArray().add(call)), null);
  }

  SseEvent toolCallArgumentsChunk(int index, String argumentsFragment) {
    JsonObject call = new JsonObject()
        .put("index", index)
        .put("function", new JsonObject().put("arguments", argumentsFragment));
    return choiceChunk(new JsonObject().put("tool_calls", new JsonArray().add(call)), null);
  }

  SseEvent finishChunk(String finishReason) {
    return choiceChunk(new JsonObject(), finishReason);
  }

  boolean includeUsage() {
    return includeUsage;
  }

  SseEvent usageChunk(TokenUsage usage) {
    return SseEvent.data(base().put("choices", new JsonArray()).put("usage", usage.toOpenAi()).encode());
  }

  private SseEvent choiceChunk(JsonObject delta, String finishReason) {
    JsonObject choice = new JsonObject()
        .put("index", 0)
        .put("delta", delta)
        .putNull("logprobs")
        .put("finish_reason", finishReason);
    JsonObject chunk = base().put("choices", new JsonArray().add(choice));
    if (includeUsage) {
      chunk.putNull("usage");
    }
    return SseEvent.data(chunk.encode());
  }

  private JsonObject base() {
    return new JsonObject()
        .put("id", id)
        .put("object", "chat.completion.chunk")
        .put("created", created)
        .put("model", model);
  }
}
