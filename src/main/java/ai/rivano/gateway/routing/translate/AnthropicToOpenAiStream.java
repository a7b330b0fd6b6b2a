package ai.rivano.gateway.routing.translate;

import ai.rivano.gateway.routing.sse.SseEvent;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Anthropic Messages event stream to OpenAI {@code chat.completion.chunk}s.
 *
 * <p>Anthropic opens one content block at a time, so remembering the OpenAI index of the open
 * tool_use block is enough to route its {@code input_json_delta}s.
 */
final class AnthropicToOpenAiStream extends ToOpenAiStream {

  private final OpenAiChunkWriter chunks;
  private int openToolCallIndex = -1;
  private long promptTokens;
  private long cachedPromptTokens;

  AnthropicToOpenAiStream(JsonObject clientRequest, String upstreamModel) {
    this.chunks = new OpenAiChunkWriter(OpenAiChunkWriter.clientWantsUsage(clientRequest),
        OpenAiCompletion.generatedId("chatcmpl-"), upstreamModel);
  }

  @Override
  public List<SseEvent> onEvent(SseEvent upstreamEvent) {
    JsonObject event = Json.parseObjectOrNull(upstreamEvent.data());
    List<SseEvent> out = new ArrayList<>(2);
    if (event == null) {
      return out;
    }
    String type = Json.str(event, "type", upstreamEvent.event() == null ? "" : upstreamEvent.event());
    switch (type) {
      case "message_start" -> onMessageStart(Json.obj(event, "message"), out);
      case "content_block_start" -> onBlockStart(Json.obj(event, "content_block"), out);
      case "content_block_delta" -> onBlockDelta(Json.obj(event, "delta"), out);
      case "content_block_stop" -> openToolCallIndex = -1;
      case "message_delta" -> onMessageDelta(event, out);
      case "error" -> {
        failed = true;
        JsonObject error = Json.obj(event, "error");
        int status = "overloaded_error".equals(error.getString("type")) ? 529 : 500;
        out.add(SseEvent.data(ErrorMapping.toOpenAi(status, event).encode()));
      }
      default -> { } // ping, message_stop, unknown future events
    }
    return out;
  }

  private void onMessageStart(JsonObject message, List<SseEvent> out) {
    chunks.identify(message.getString("id"), message.getString("model"));
    TokenUsage usage = TokenUsage.fromAnthropic(message.getJsonObject("usage"));
    promptTokens = usage.promptTokens();
    cachedPromptTokens = usage.cachedPromptTokens();
    out.add(chunks.roleChunk());
  }

  private void onBlockStart(JsonObject block, List<SseEvent> out) {
    switch (Json.str(block, "type", "")) {
      case "tool_use" -> {
        openToolCallIndex = chunks.startToolCall();
        out.add(chunks.toolCallStartChunk(openToolCallIndex, block.getString("id"), block.getString("name"), ""));
      }
      case "text" -> {
        String initial = Json.str(block, "text", "");
        if (!initial.isEmpty()) {
          out.add(chunks.textChunk(initial));
        }
      }
      default -> { } // thinking blocks are not part of OpenAI chat output
    }
  }

  private void onBlockDelta(JsonObject delta, List<SseEvent> out) {
    switch (Json.str(delta, "type", "")) {
      case "text_delta" -> out.add(chunks.textChunk(Json.str(delta, "text", "")));
      case "input_json_delta" -> {
        String fragment = Json.str(delta, "partial_json", "");
        if (openToolCallIndex >= 0 && !fragment.isEmpty()) {
          out.add(chunks.toolCallArgumentsChunk(openToolCallIndex, fragment));
        }
      }
      default -> { } // thinking_delta, signature_delta, citations_delta
    }
  }

  /** Anthropic sends the stop reason and the final (cumulative) usage together. */
  private void onMessageDelta(JsonObject event, List<SseEvent> out) {
    String stopReason = Json.obj(event, "delta").getString("stop_reason");
    JsonObject usage = Json.obj(event, "usage");
    if (usage.getValue("input_tokens") instanceof Number) { // newer API versions repeat it here
      TokenUsage input = TokenUsage.fromAnthropic(usage);
      promptTokens = input.promptTokens();
      cachedPromptTokens = input.cachedPromptTokens();
    }
    if (stopReason == null) {
      return;
    }
    finished = true;
    out.add(chunks.finishChunk(StopReasons.openAiFromAnthropic(stopReason)));
    if (chunks.includeUsage()) {
      out.add(chunks.usageChunk(new TokenUsage(promptTokens, Json.longValue(usage, "output_tokens"), cachedPromptTokens, 0)));
    }
  }
}
