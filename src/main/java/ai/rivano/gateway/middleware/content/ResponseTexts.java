package ai.rivano.gateway.middleware.content;

import ai.rivano.gateway.routing.translate.WireFormat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The answer texts of a whole (non-streamed) response in the client's dialect, with in-place replacement:
 * OpenAI {@code choices[].message.content} and tool-call arguments, Anthropic {@code content[]} text and
 * {@code tool_use} input, Gemini {@code candidates[].content.parts} text and function-call arguments. Roles are
 * {@link TextRole#ASSISTANT} and {@link TextRole#TOOL_CALL_ARGUMENTS}; {@link TextPart#message()} is the choice
 * (candidate) index. Unknown or type-confused shapes are skipped. Edits change the object given to {@link #of}.
 */
public final class ResponseTexts extends WalkedTexts {

  private ResponseTexts(JsonObject body) {
    super(body);
  }

  public static ResponseTexts of(WireFormat format, JsonObject response) {
    ResponseTexts texts = new ResponseTexts(response);
    Dialects.walk(format, texts::openAi, texts::anthropic, texts::gemini);
    return texts;
  }

  /** The response with every replacement applied (the same object that was walked). */
  public JsonObject body() {
    return body;
  }

  private void openAi() {
    if (!(body.getValue("choices") instanceof JsonArray choices)) {
      return;
    }
    for (int i = 0; i < choices.size(); i++) {
      if (!(choices.getValue(i) instanceof JsonObject choice) || !(choice.getValue("message") instanceof JsonObject m)) {
        continue;
      }
      int n = choice.getValue("index") instanceof Number index ? index.intValue() : i;
      Object content = m.getValue("content");
      if (content instanceof String) {
        parts.field(m, "content", n, TextRole.ASSISTANT);
      } else if (content instanceof JsonArray elements) {
        parts.textElements(elements, n, TextRole.ASSISTANT);
      }
      parts.field(m, "refusal", n, TextRole.ASSISTANT);
      if (m.getValue("tool_calls") instanceof JsonArray calls) {
        for (Object c : calls) {
          if (c instanceof JsonObject call && call.getValue("function") instanceof JsonObject function) {
            parts.jsonString(function, "arguments", n, TextRole.TOOL_CALL_ARGUMENTS);
          }
        }
      }
      if (m.getValue("function_call") instanceof JsonObject legacyCall) {
        parts.jsonString(legacyCall, "arguments", n, TextRole.TOOL_CALL_ARGUMENTS);
      }
    }
  }

  private void anthropic() {
    if (!(body.getValue("content") instanceof JsonArray blocks)) {
      return;
    }
    for (Object b : blocks) {
      if (!(b instanceof JsonObject block)) {
        continue;
      }
      Object type = block.getValue("type");
      if ("text".equals(type)) {
        parts.field(block, "text", 0, TextRole.ASSISTANT);
      } else if ("tool_use".equals(type)) {
        parts.leaves(block.getValue("input"), 0, TextRole.TOOL_CALL_ARGUMENTS);
      }
    }
  }

  private void gemini() {
    if (!(body.getValue("candidates") instanceof JsonArray candidates)) {
      return;
    }
    for (int i = 0; i < candidates.size(); i++) {
      if (!(candidates.getValue(i) instanceof JsonObject candidate)
          || !(candidate.getValue("content") instanceof JsonObject content)
          || !(content.getValue("parts") instanceof JsonArray list)) {
        continue;
      }
      int n = candidate.getValue("index") instanceof Number index ? index.intValue() : i;
      for (Object p : list) {
        if (!(p instanceof JsonObject part) || Boolean.TRUE.equals(part.getValue("thought"))) {
          continue;
        }
        parts.field(part, "text", n, TextRole.ASSISTANT);
        if (part.getValue("functionCall") instanceof JsonObject call) {
          parts.leaves(call.getValue("args"), n, TextRole.TOOL_CALL_ARGUMENTS);
        }
      }
    }
  }
}
