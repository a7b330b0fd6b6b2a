package ai.rivano.gateway.routing.translate;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Anthropic Messages request to an OpenAI chat-completions request. */
final class AnthropicToOpenAiRequest {

  private AnthropicToOpenAiRequest() {}

  static JsonObject convert(JsonObject anthropic, String targetModel) {
    JsonObject out = new JsonObject().put("model", targetModel);
    JsonArray messages = new JsonArray();
    String system = Json.anthropicText(anthropic.getValue("system"));
    if (!system.isEmpty()) {
      messages.add(new JsonObject().put("role", "system").put("content", system));
    }
    for (Object item : Json.arr(anthropic, "messages")) {
      if (item instanceof JsonObject message) {
        if ("assistant".equals(message.getString("role"))) {
          messages.add(assistantMessage(message.getValue("content")));
        } else {
          addUserTurn(messages, message.getValue("content"));
        }
      }
    }
    out.put("messages", messages);
    // max_completion_tokens, not the deprecated max_tokens, which OpenAI's reasoning models reject.
    Json.copyIfPresent(anthropic, "max_tokens", out, "max_completion_tokens");
    Json.copyIfPresent(anthropic, "temperature", out, "temperature");
    Json.copyIfPresent(anthropic, "top_p", out, "top_p");
    JsonArray stop = anthropic.getJsonArray("stop_sequences");
    if (stop != null && !stop.isEmpty()) {
      out.put("stop", stop.copy());
    }
    if (Json.bool(anthropic, "stream")) {
      // Usage is needed for the Anthropic message_delta and for the audit record.
      out.put("stream", true).put("stream_options", new JsonObject().put("include_usage", true));
    }
    JsonArray tools = tools(anthropic.getJsonArray("tools"));
    if (tools != null) {
      out.put("tools", tools);
      applyToolChoice(anthropic.getJsonObject("tool_choice"), out);
    }
    JsonObject metadata = anthropic.getJsonObject("metadata");
    if (metadata != null && metadata.getString("user_id") != null) {
      out.put("user", metadata.getString("user_id"));
    }
    return out;
  }

  /**
   * tool_result blocks become separate {@code role: tool} messages, which OpenAI wants straight
   * after the assistant's tool_calls; the rest of the turn follows as a user message.
   */
  private static void addUserTurn(JsonArray messages, Object content) {
    if (content instanceof String text) {
      messages.add(new JsonObject().put("role", "user").put("content", text));
      return;
    }
    JsonArray parts = new JsonArray();
    for (Object b : content instanceof JsonArray blocks ? blocks : new JsonArray()) {
      if (!(b instanceof JsonObject block)) {
        continue;
      }
      switch (Json.str(block, "type", "")) {
        case "tool_result" -> messages.add(toolMessage(block));
        case "text" -> parts.add(new JsonObject().put("type", "text").put("text", Json.str(block, "text", "")));
        case "image" -> {
          String url = imageUrl(Json.obj(block, "source"));
          if (url != null) {
            parts.add(new JsonObject().put("type", "image_url").put("image_url", new JsonObject().put("url", url)));
          }
        }
        default -> { } // document, search_result, ...: no OpenAI chat equivalent
      }
    }
    if (!parts.isEmpty()) {
      messages.add(new JsonObject().put("role", "user").put("content", parts));
    }
  }

  private static String imageUrl(JsonObject source) {
    return switch (Json.str(source, "type", "")) {
      case "base64" -> new ImageData(source.getString("media_type"), source.getString("data")).toDataUrl();
      case "url" -> source.getString("url");
      default -> null; // "file" sources refer to Anthropic's Files API
    };
  }

  /** OpenAI tool messages carry text only; an error result is marked so the model can tell. */
  private static JsonObject toolMessage(JsonObject block) {
    String text = Json.anthropicText(block.getValue("content"));
    if (Json.bool(block, "is_error")) {
      text = "Error: " + text;
    }
    return new JsonObject()
        .put("role", "tool")
        .put("tool_call_id", block.getString("tool_use_id"))
        .put("content", text);
  }

  private static JsonObject assistantMessage(Object content) {
    JsonObject message = new JsonObject().put("role", "assistant");
    if (content instanceof String text) {
      return message.put("content", text);
    }
    StringBuilder text = new StringBuilder();
    JsonArray toolCalls = new JsonArray();
    for (Object b : content instanceof JsonArray blocks ? blocks : new JsonArray()) {
      if (b instanceof JsonObject block) {
        switch (Json.str(block, "type", "")) {
          case "text" -> text.append(Json.str(block, "text", ""));
          case "tool_use" -> toolCalls.add(OpenAiCompletion.toolCall(block.getString("id"), block.getString("name"),
              Json.obj(block, "input").encode()));
          default -> { } // thinking blocks are Anthropic-only
        }
      }
    }
    if (text.length() > 0 || toolCalls.isEmpty()) {
      message.put("content", text.toString());
    } else {
      message.putNull("content");
    }
    if (!toolCalls.isEmpty()) {
      message.put("tool_calls", toolCalls);
    }
    return message;
  }

  private static JsonArray tools(JsonArray anthropicTools) {
    if (anthropicTools == null || anthropicTools.isEmpty()) {
      return null;
    }
    JsonArray tools = new JsonArray();
    for (Object t : anthropicTools) {
      // Server tools (web_search, bash, ...) have a "type" and no input_schema; only custom tools map.
      if (t instanceof JsonObject tool && tool.containsKey("input_schema")) {
        JsonObject function = new JsonObject().put("name", tool.getString("name"));
        Json.copyIfPresent(tool, "description", function, "description");
        function.put("parameters", tool.getJsonObject("input_schema"));
        tools.add(new JsonObject().put("type", "function").put("function", function));
      }
    }
    return tools.isEmpty() ? null : tools;
  }

  private static void applyToolChoice(JsonObject choice, JsonObject out) {
    if (choice == null) {
      return;
    }
    switch (Json.str(choice, "type", "auto")) {
      case "any" -> out.put("tool_choice", "required");
      case "none" -> out.put("tool_choice", "none");
      case "tool" -> out.put("tool_choice", new JsonObject().put("type", "function")
          .put("function", new JsonObject().put("name", choice.getString("name"))));
      default -> out.put("tool_choice", "auto");
    }
    if (Json.bool(choice, "disable_parallel_tool_use")) {
      out.put("parallel_tool_calls", false);
    }
  }
}
