package ai.rivano.gateway.routing.relay;

import ai.rivano.gateway.routing.sse.SseEvent;
import ai.rivano.gateway.routing.translate.WireFormat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Splices a restarted answer onto the client's stream: the request was asked afresh (the continuation target has
 * no assistant prefill, or rejected it), so the new answer starts from the beginning. Its text is checked against
 * what the client already has and only what follows is relayed. An answer that differs from the text already sent
 * (or ends before reaching its end, or turns to tool calls) cannot continue the stream: {@link Splice.Diverged}.
 */
final class ReplayFilter implements Splice {

  private final WireFormat format;
  private final String sent;
  private final int blockIndex;
  private final boolean reopenBlock;
  private int matched;

  ReplayFilter(StreamProgress progress) {
    this.format = progress.format();
    this.sent = progress.text();
    this.blockIndex = progress.blockIndex();
    this.reopenBlock = !progress.blockOpen();
  }

  @Override
  public SseEvent apply(SseEvent event) {
    if (event.isDone()) {
      requireCaughtUp();
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

  /** The part of {@code text} beyond what the client already has; throws if the overlap differs. */
  private String consume(String text) {
    int overlap = Math.min(text.length(), sent.length() - matched);
    if (overlap > 0) {
      if (!sent.regionMatches(matched, text, 0, overlap)) {
        throw new Diverged("the restarted answer differs from the text already sent");
      }
      matched += overlap;
    }
    return text.substring(overlap);
  }

  private void requireCaughtUp() {
    if (matched < sent.length()) {
      throw new Diverged("the restarted answer ended before the text already sent");
    }
  }

  private SseEvent openAi(SseEvent event, JsonObject json) {
    JsonArray choices = json.getJsonArray("choices");
    JsonObject choice = choices == null || choices.isEmpty() ? null : choices.getJsonObject(0);
    JsonObject delta = choice == null ? null : choice.getJsonObject("delta");
    if (delta == null) {
      return event; // e.g. the usage chunk
    }
    if (delta.getValue("tool_calls") != null) {
      throw new Diverged("the restarted answer calls a tool instead of continuing the text");
    }
    Object content = delta.getValue("content");
    if (content instanceof String s && !s.isEmpty()) {
      String rest = consume(s);
      if (rest.isEmpty() && choice.getValue("finish_reason") == null) {
        return null; // still repeating what the client has
      }
      delta.put("content", rest);
      if (rest.isEmpty()) {
        delta.remove("content");
      }
    } else if (delta.containsKey("role") && choice.getValue("finish_reason") == null) {
      return null; // the opening chunk: the client saw one
    }
    if (choice.getValue("finish_reason") != null) {
      requireCaughtUp();
    }
    delta.remove("role");
    return SseEvent.data(json.encode());
  }

  private SseEvent anthropic(SseEvent event, JsonObject json) {
    String type = json.getString("type", "");
    int index = reopenBlock ? blockIndex + 1 : blockIndex;
    switch (type) {
      case "message_start", "ping" -> {
        return null;
      }
      case "content_block_start" -> {
        JsonObject block = json.getJsonObject("content_block", new JsonObject());
        if (!"text".equals(block.getString("type"))) {
          throw new Diverged("the restarted answer calls a tool instead of continuing the text");
        }
        if (!reopenBlock) {
          return null;
        }
        json.put("index", index);
        return SseEvent.named(type, json.encode());
      }
      case "content_block_delta" -> {
        JsonObject delta = json.getJsonObject("delta", new JsonObject());
        if (!(delta.getValue("text") instanceof String s)) {
          throw new Diverged("the restarted answer calls a tool instead of continuing the text");
        }
        String rest = consume(s);
        if (rest.isEmpty()) {
          return null;
        }
        delta.put("text", rest);
        json.put("index", index);
        return SseEvent.named(type, json.encode());
      }
      case "content_block_stop" -> {
        requireCaughtUp();
        json.put("index", index);
        return SseEvent.named(type, json.encode());
      }
      case "message_delta", "message_stop" -> {
        requireCaughtUp();
        return event;
      }
      default -> {
        return event;
      }
    }
  }
}
