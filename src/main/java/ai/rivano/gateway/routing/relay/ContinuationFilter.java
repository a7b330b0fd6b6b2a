package ai.rivano.gateway.routing.relay;

import ai.rivano.gateway.routing.sse.SseEvent;
import ai.rivano.gateway.routing.translate.WireFormat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Splices a rescue stream (a fallback continuing a cut answer from an assistant prefill) onto the stream the
 * client already has: the rescue's opening events (OpenAI role chunk; Anthropic {@code message_start},
 * {@code content_block_start}, {@code ping}) are dropped because the client saw them once, Anthropic block
 * indexes are renumbered to the block in progress, and whitespace the prefill had to drop is not doubled.
 */
final class ContinuationFilter implements Splice {

  private final WireFormat format;
  private final int blockIndex;
  private final boolean reopenBlock;
  private boolean sentWhitespace;
  private boolean firstText = true;

  ContinuationFilter(StreamProgress progress) {
    this.format = progress.format();
    this.blockIndex = progress.blockIndex();
    this.reopenBlock = !progress.blockOpen();
    String text = progress.text();
    this.sentWhitespace = !text.isEmpty() && Character.isWhitespace(text.charAt(text.length() - 1));
  }

  @Override
  public SseEvent apply(SseEvent event) {
    if (event.isDone()) {
      return event;
    }
    JsonObject json;
    try {
      json = new JsonObject(event.data());
    } catch (RuntimeException e) {
      return null;
    }
    return format == WireFormat.OPENAI_CHAT ? openAi(event, json) : anthropic(event, json);
  }

  private SseEvent openAi(SseEvent event, JsonObject json) {
    JsonArray choices = json.getJsonArray("choices");
    JsonObject delta = choices == null || choices.isEmpty() ? null : choices.getJsonObject(0).getJsonObject("delta");
    if (delta == null) {
      return event;
    }
    Object content = delta.getValue("content");
    if (delta.containsKey("role") && (content == null || "".equals(content)) && delta.getValue("tool_calls") == null) {
      return null;
    }
    if (content instanceof String s && firstText && !s.isEmpty()) {
      firstText = false;
      String trimmed = sentWhitespace ? s.stripLeading() : s;
      if (!trimmed.equals(s)) {
        delta.put("content", trimmed);
        return SseEvent.data(json.encode());
      }
    }
    return event;
  }

  private SseEvent anthropic(SseEvent event, JsonObject json) {
    String type = json.getString("type", "");
    switch (type) {
      case "message_start", "ping" -> {
        return null;
      }
      case "content_block_start" -> {
        if (!reopenBlock) {
          return null;
        }
        json.put("index", blockIndex + 1);
        return SseEvent.named(type, json.encode());
      }
      case "content_block_delta", "content_block_stop" -> {
        json.put("index", reopenBlock ? blockIndex + 1 : blockIndex);
        JsonObject delta = json.getJsonObject("delta");
        if (delta != null && firstText && delta.getValue("text") instanceof String s && !s.isEmpty()) {
          firstText = false;
          delta.put("text", sentWhitespace ? s.stripLeading() : s);
        }
        return SseEvent.named(type, json.encode());
      }
      default -> {
        return event;
      }
    }
  }
}
