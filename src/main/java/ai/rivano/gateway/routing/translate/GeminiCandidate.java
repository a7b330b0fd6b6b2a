package ai.rivano.gateway.routing.translate;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Reads the first candidate of a Gemini {@code GenerateContentResponse}, the same way for a whole
 * response and for one streamed chunk (each SSE chunk is a complete GenerateContentResponse).
 */
final class GeminiCandidate {

  interface PartVisitor {
    void text(String text);

    /** {@code id} is null unless Gemini supplied one. */
    void functionCall(String id, String name, JsonObject args);
  }

  private GeminiCandidate() {}

  static JsonObject first(JsonObject response) {
    JsonArray candidates = response.getJsonArray("candidates");
    return candidates == null || candidates.isEmpty() ? null : candidates.getJsonObject(0);
  }

  static void visitParts(JsonObject candidate, PartVisitor visitor) {
    if (candidate == null) {
      return;
    }
    JsonObject content = Json.obj(candidate, "content");
    for (Object p : Json.arr(content, "parts")) {
      if (!(p instanceof JsonObject part) || Json.bool(part, "thought")) {
        continue; // thought summaries are not part of the answer
      }
      JsonObject call = part.getJsonObject("functionCall");
      if (call != null) {
        visitor.functionCall(call.getString("id"), call.getString("name"), Json.obj(call, "args"));
      } else if (part.getString("text") != null) {
        visitor.text(part.getString("text"));
      }
    }
  }

  /**
   * The finish reason, or the prompt's block reason when Gemini refused to answer at all (no
   * candidates, {@code promptFeedback.blockReason} set): that is a content filter, reported as SAFETY.
   */
  static String finishReason(JsonObject response, JsonObject candidate) {
    if (candidate != null && candidate.getString("finishReason") != null) {
      return candidate.getString("finishReason");
    }
    JsonObject feedback = response.getJsonObject("promptFeedback");
    return feedback != null && feedback.getString("blockReason") != null ? "SAFETY" : null;
  }

  static String callId(String geminiId) {
    return geminiId != null ? geminiId : OpenAiCompletion.generatedId("call_");
  }
}
