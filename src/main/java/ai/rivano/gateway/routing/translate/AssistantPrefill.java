package ai.rivano.gateway.routing.translate;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Continues a cut stream on a fallback: the text the client already received becomes the start of
 * the assistant's answer, so the fallback writes only the rest.
 *
 * <p>On Anthropic a trailing assistant message is a true prefill (the model continues it). OpenAI
 * chat has no prefill, but an OpenAI-format request that is translated to Anthropic keeps the
 * trailing assistant message last, which is the case failover uses. Only providers configured with
 * {@code supportsPrefill} should be sent such a request.
 */
public final class AssistantPrefill {

  private AssistantPrefill() {}

  /** A copy of {@code request} ending with {@code textAlreadySent} as the assistant's partial answer. */
  public static JsonObject withAssistantPrefill(JsonObject request, WireFormat format, String textAlreadySent) {
    JsonObject copy = request.copy();
    if (textAlreadySent == null || textAlreadySent.isEmpty()) {
      return copy;
    }
    switch (format) {
      case OPENAI_CHAT -> appendOrExtend(copy.getJsonArray("messages"), "assistant", "content", textAlreadySent);
      // Anthropic rejects a final assistant turn that ends in whitespace; the model re-creates it.
      case ANTHROPIC_MESSAGES -> appendOrExtend(copy.getJsonArray("messages"), "assistant", "content",
          textAlreadySent.stripTrailing());
      case GEMINI -> {
        JsonArray contents = copy.getJsonArray("contents");
        contents.add(new JsonObject().put("role", "model")
            .put("parts", new JsonArray().add(new JsonObject().put("text", textAlreadySent))));
      }
    }
    return copy;
  }

  /**
   * If the conversation already ends with an assistant turn (the client itself prefilled), the text
   * sent so far continues that turn rather than starting a second one.
   */
  private static void appendOrExtend(JsonArray messages, String role, String key, String text) {
    JsonObject last = messages.isEmpty() ? null : messages.getJsonObject(messages.size() - 1);
    if (last != null && role.equals(last.getString("role")) && last.getValue(key) instanceof String existing) {
      last.put(key, existing + text);
    } else {
      messages.add(new JsonObject().put("role", role).put(key, text));
    }
  }
}
