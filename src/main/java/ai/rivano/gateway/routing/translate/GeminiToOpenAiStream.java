package ai.rivano.gateway.routing.translate;

import ai.rivano.gateway.routing.sse.SseEvent;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Gemini {@code streamGenerateContent?alt=sse} chunks to OpenAI {@code chat.completion.chunk}s.
 * Gemini has no terminator: the chunk with a {@code finishReason} is the last one, and it carries
 * the final {@code usageMetadata}. Gemini sends each function call whole, so one tool-call chunk
 * carries id, name and complete arguments.
 */
final class GeminiToOpenAiStream extends ToOpenAiStream {

  private final OpenAiChunkWriter chunks;
  private boolean started;
  private JsonObject lastUsageMetadata;

  GeminiToOpenAiStream(JsonObject clientRequest, String upstreamModel) {
    this.chunks = new OpenAiChunkWriter(OpenAiChunkWriter.clientWantsUsage(clientRequest),
        OpenAiCompletion.generatedId("chatcmpl-"), upstreamModel);
  }

  @Override
  public List<SseEvent> onEvent(SseEvent upstreamEvent) {
    List<SseEvent> out = new ArrayList<>(3);
    JsonObject response = Json.parseObjectOrNull(upstreamEvent.data());
    if (response == null || finished) {
      return out;
    }
    if (response.getValue("error") instanceof JsonObject error) {
      failed = true;
      out.add(SseEvent.data(ErrorMapping.toOpenAi(Json.integer(error, "code", 500), response).encode()));
      return out;
    }
    if (!started) {
      started = true;
      String responseId = response.getString("responseId");
      chunks.identify(responseId == null ? null : "chatcmpl-" + responseId, response.getString("modelVersion"));
      out.add(chunks.roleChunk());
    }
    if (response.getJsonObject("usageMetadata") != null) {
      lastUsageMetadata = response.getJsonObject("usageMetadata");
    }
    JsonObject candidate = GeminiCandidate.first(response);
    GeminiCandidate.visitParts(candidate, new GeminiCandidate.PartVisitor() {
      @Override
      public void text(String text) {
        if (!text.isEmpty()) {
          out.add(chunks.textChunk(text));
        }
      }

      @Override
      public void functionCall(String id, String name, JsonObject args) {
        out.add(chunks.toolCallStartChunk(chunks.startToolCall(), GeminiCandidate.callId(id), name, args.encode()));
      }
    });
    String finishReason = GeminiCandidate.finishReason(response, candidate);
    if (finishReason != null) {
      finished = true;
      out.add(chunks.finishChunk(StopReasons.openAiFromGemini(finishReason, chunks.sawToolCall())));
      if (chunks.includeUsage()) {
        out.add(chunks.usageChunk(TokenUsage.fromGemini(lastUsageMetadata)));
      }
    }
    return out;
  }
}
