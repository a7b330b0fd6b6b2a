package ai.rivano.gateway.routing.translate;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Gemini {@code GenerateContentResponse} to an OpenAI {@code chat.completion} (first candidate). */
final class GeminiToOpenAiResponse {

  private GeminiToOpenAiResponse() {}

  static JsonObject convert(JsonObject gemini, String upstreamModel) {
    JsonObject candidate = GeminiCandidate.first(gemini);
    StringBuilder text = new StringBuilder();
    JsonArray toolCalls = new JsonArray();
    boolean[] sawText = {false};
    GeminiCandidate.visitParts(candidate, new GeminiCandidate.PartVisitor() {
      @Override
      public void text(String fragment) {
        sawText[0] = true;
        text.append(fragment);
      }

      @Override
      public void functionCall(String id, String name, JsonObject args) {
        toolCalls.add(OpenAiCompletion.toolCall(GeminiCandidate.callId(id), name, args.encode()));
      }
    });
    String responseId = gemini.getString("responseId");
    return OpenAiCompletion.build(
        responseId != null ? "chatcmpl-" + responseId : OpenAiCompletion.generatedId("chatcmpl-"),
        Json.str(gemini, "modelVersion", upstreamModel),
        sawText[0] ? text.toString() : null,
        toolCalls,
        StopReasons.openAiFromGemini(GeminiCandidate.finishReason(gemini, candidate), !toolCalls.isEmpty()),
        TokenUsage.fromGemini(gemini.getJsonObject("usageMetadata")));
  }
}
