package ai.rivano.gateway.routing.translate;

import ai.rivano.gateway.routing.sse.SseEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI {@code chat.completion.chunk}s to the Anthropic Messages event sequence: message_start,
 * then per content block start / deltas / stop, then message_delta (stop reason and usage) and
 * message_stop.
 *
 * <p>OpenAI reports usage in a chunk after the finish_reason (the gateway always asks for it), so
 * message_delta waits for {@code [DONE]}, or for the end of the connection when a finish reason was
 * seen but {@code [DONE]} got lost.
 */
final class OpenAiToAnthropicStream implements StreamTranslator {

  private enum OpenBlock { NONE, TEXT, TOOL }

  private String messageId = OpenAiCompletion.generatedId("msg_");
  private String model;
  private boolean started;
  private int nextBlockIndex;
  private OpenBlock openBlock = OpenBlock.NONE;
  private int openToolCallIndex = -1;
  private String finishReason;
  private TokenUsage usage = TokenUsage.ZERO;
  private boolean terminated;
  private boolean failed;

  OpenAiToAnthropicStream(String upstreamModel) {
    this.model = upstreamModel;
  }

  @Override
  public List<SseEvent> onEvent(SseEvent upstreamEvent) {
    List<SseEvent> out = new ArrayList<>(3);
    if (upstreamEvent.isDone()) {
      terminate(out);
      return out;
    }
    JsonObject chunk = Json.parseObjectOrNull(upstreamEvent.data());
    if (chunk == null) {
      return out;
    }
    if (chunk.getValue("error") instanceof JsonObject) {
      failed = true;
      out.add(SseEvent.named("error", ErrorMapping.toAnthropic(500, chunk).encode()));
      return out;
    }
    start(chunk, out);
    JsonArray choices = chunk.getJsonArray("choices");
    if (choices != null && !choices.isEmpty()) {
      onChoice(choices.getJsonObject(0), out);
    }
    if (chunk.getValue("usage") instanceof JsonObject usageObject) {
      usage = TokenUsage.fromOpenAi(usageObject);
    }
    return out;
  }

  private void start(JsonObject chunk, List<SseEvent> out) {
    if (started) {
      return;
    }
    started = true;
    messageId = Json.str(chunk, "id", messageId);
    model = Json.str(chunk, "model", model);
    JsonObject message = new JsonObject()
        .put("id", messageId)
        .put("type", "message")
        .put("role", "assistant")
        .put("model", model)
        .put("content", new JsonArray())
        .putNull("stop_reason")
        .putNull("stop_sequence")
        // OpenAI tells usage only at the end; the real figures follow in message_delta.
        .put("usage", new JsonObject().put("input_tokens", 0).put("output_tokens", 0));
    out.add(event("message_start", new JsonObject().put("message", message)));
  }

  private void onChoice(JsonObject choice, List<SseEvent> out) {
    JsonObject delta = Json.obj(choice, "delta");
    String text = delta.getString("content");
    if (text != null && !text.isEmpty()) {
      if (openBlock != OpenBlock.TEXT) {
        openBlock(OpenBlock.TEXT, new JsonObject().put("type", "text").put("text", ""), out);
      }
      out.add(blockDelta(new JsonObject().put("type", "text_delta").put("text", text)));
    }
    for (Object c : Json.arr(delta, "tool_calls")) {
      if (c instanceof JsonObject call) {
        onToolCallFragment(call, out);
      }
    }
    String reason = choice.getString("finish_reason");
    if (reason != null) {
      finishReason = reason;
      closeOpenBlock(out);
    }
  }

  private void onToolCallFragment(JsonObject call, List<SseEvent> out) {
    int index = Json.integer(call, "index", 0);
    JsonObject function = Json.obj(call, "function");
    if (openBlock != OpenBlock.TOOL || index != openToolCallIndex) {
      openBlock(OpenBlock.TOOL, new JsonObject()
          .put("type", "tool_use")
          .put("id", Json.str(call, "id", OpenAiCompletion.generatedId("toolu_")))
          .put("name", Json.str(function, "name", ""))
          .put("input", new JsonObject()), out);
      openToolCallIndex = index;
    }
    String arguments = Json.str(function, "arguments", "");
    if (!arguments.isEmpty()) {
      out.add(blockDelta(new JsonObject().put("type", "input_json_delta").put("partial_json", arguments)));
    }
  }

  private void openBlock(OpenBlock kind, JsonObject contentBlock, List<SseEvent> out) {
    closeOpenBlock(out);
    openBlock = kind;
    out.add(event("content_block_start", new JsonObject().put("index", nextBlockIndex).put("content_block", contentBlock)));
  }

  private void closeOpenBlock(List<SseEvent> out) {
    if (openBlock == OpenBlock.NONE) {
      return;
    }
    out.add(event("content_block_stop", new JsonObject().put("index", nextBlockIndex)));
    nextBlockIndex++;
    openBlock = OpenBlock.NONE;
    openToolCallIndex = -1;
  }

  private SseEvent blockDelta(JsonObject delta) {
    return event("content_block_delta", new JsonObject().put("index", nextBlockIndex).put("delta", delta));
  }

  /** Emits message_delta + message_stop once, and only for an answer the upstream completed. */
  private void terminate(List<SseEvent> out) {
    if (terminated || finishReason == null || !started) {
      return;
    }
    terminated = true;
    closeOpenBlock(out);
    JsonObject delta = new JsonObject()
        .put("stop_reason", StopReasons.anthropicFromOpenAi(finishReason))
        .putNull("stop_sequence");
    out.add(event("message_delta", new JsonObject().put("delta", delta).put("usage", usage.toAnthropic())));
    out.add(event("message_stop", new JsonObject()));
  }

  private static SseEvent event(String type, JsonObject body) {
    JsonObject data = new JsonObject().put("type", type);
    data.mergeIn(body);
    return SseEvent.named(type, data.encode());
  }

  @Override
  public List<SseEvent> onEnd() {
    List<SseEvent> out = new ArrayList<>(2);
    terminate(out);
    return out;
  }

  @Override
  public boolean upstreamFinished() {
    return finishReason != null;
  }

  @Override
  public boolean upstreamFailed() {
    return failed;
  }
}
