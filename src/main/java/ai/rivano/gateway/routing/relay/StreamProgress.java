package ai.rivano.gateway.routing.relay;

import ai.rivano.gateway.routing.sse.SseEvent;
import ai.rivano.gateway.routing.translate.WireFormat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What a client has been sent so far on a stream, in the client's own dialect: the answer text (needed to
 * continue a cut stream on another provider as an assistant prefill), whether tool calls were streamed (a
 * half-sent tool call cannot be continued), and the index of the content block in progress (Anthropic).
 * Only kept when a rescue is possible: otherwise nothing is parsed and nothing accumulates.
 */
public final class StreamProgress {

  private final WireFormat format;
  private final StringBuilder text = new StringBuilder();
  private boolean usedTools;
  private int blockIndex;
  private boolean blockOpen;

  public StreamProgress(WireFormat format) {
    this.format = format;
  }

  /** @param parsed the event's data already parsed by the caller, or null to parse it here */
  void observe(SseEvent event, JsonObject parsed) {
    if (event.isDone()) {
      return;
    }
    JsonObject json = parsed;
    if (json == null) {
      try {
        json = new JsonObject(event.data());
      } catch (RuntimeException e) {
        return;
      }
    }
    if (format == WireFormat.OPENAI_CHAT) {
      JsonArray choices = json.getJsonArray("choices");
      JsonObject delta = choices == null || choices.isEmpty() ? null : choices.getJsonObject(0).getJsonObject("delta");
      if (delta != null) {
        if (delta.getValue("content") instanceof String s) {
          text.append(s);
        }
        usedTools |= delta.getValue("tool_calls") != null;
      }
      return;
    }
    String type = json.getString("type", "");
    switch (type) {
      case "content_block_start" -> {
        blockIndex = json.getInteger("index", blockIndex);
        blockOpen = true;
        JsonObject block = json.getJsonObject("content_block", new JsonObject());
        usedTools |= !"text".equals(block.getString("type"));
      }
      case "content_block_delta" -> {
        JsonObject delta = json.getJsonObject("delta", new JsonObject());
        if ("text_delta".equals(delta.getString("type"))) {
          text.append(delta.getString("text", ""));
        } else {
          usedTools = true;
        }
      }
      case "content_block_stop" -> blockOpen = false;
      default -> {
      }
    }
  }

  WireFormat format() {
    return format;
  }

  public String text() {
    return text.toString();
  }

  public boolean usedTools() {
    return usedTools;
  }

  int blockIndex() {
    return blockIndex;
  }

  boolean blockOpen() {
    return blockOpen;
  }

  /** Rescue only makes sense for a text answer in a dialect that has assistant prefill. */
  public boolean continuable() {
    return !usedTools && (format == WireFormat.OPENAI_CHAT || format == WireFormat.ANTHROPIC_MESSAGES);
  }
}
