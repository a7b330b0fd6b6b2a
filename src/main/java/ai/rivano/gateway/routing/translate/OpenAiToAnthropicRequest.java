package ai.rivano.gateway.routing.translate;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * OpenAI chat-completions request to an Anthropic Messages request. What is dropped, and why, is
 * listed in docs/translation.md.
 */
final class OpenAiToAnthropicRequest {

  /** Anthropic requires max_tokens; OpenAI clients often omit it. */
  static final int DEFAULT_MAX_TOKENS = 4096;

  private OpenAiToAnthropicRequest() {}

  static JsonObject convert(JsonObject openAi, String targetModel) {
    JsonObject out = new JsonObject().put("model", targetModel);
    StringBuilder system = new StringBuilder();
    JsonArray messages = new JsonArray();
    for (Object item : Json.arr(openAi, "messages")) {
      if (!(item instanceof JsonObject message)) {
        continue;
      }
      String role = Json.str(message, "role", "user");
      switch (role) {
        // Anthropic has one top-level system prompt; several system/developer messages are joined.
        case "system", "developer" -> {
          if (system.length() > 0) {
            system.append("\n\n");
          }
          system.append(Json.openAiContentText(message.getValue("content")));
        }
        case "user" -> appendTurn(messages, "user", userBlocks(message.getValue("content")));
        case "assistant" -> appendTurn(messages, "assistant", assistantBlocks(message));
        case "tool" -> appendTurn(messages, "user", new JsonArray().add(toolResult(message)));
        default -> { } // legacy "function" role: superseded by tools, not translated
      }
    }
    if (system.length() > 0) {
      out.put("system", system.toString());
    }
    out.put("messages", messages);
    out.put("max_tokens", maxTokens(openAi));
    Double temperature = openAi.getDouble("temperature");
    if (temperature != null) {
      // OpenAI allows 0..2, Anthropic 0..1: clamp rather than have the upstream reject the request.
      out.put("temperature", Math.min(1.0, Math.max(0.0, temperature)));
    }
    Json.copyIfPresent(openAi, "top_p", out, "top_p");
    JsonArray stop = Json.stopSequences(openAi.getValue("stop"));
    if (stop != null) {
      out.put("stop_sequences", stop);
    }
    if (Json.bool(openAi, "stream")) {
      out.put("stream", true);
    }
    JsonArray tools = tools(openAi.getJsonArray("tools"));
    if (tools != null) {
      out.put("tools", tools);
      JsonObject toolChoice = toolChoice(openAi.getValue("tool_choice"), openAi.getBoolean("parallel_tool_calls"));
      if (toolChoice != null) {
        out.put("tool_choice", toolChoice);
      }
    }
    String user = openAi.getString("user");
    if (user != null) {
      out.put("metadata", new JsonObject().put("user_id", user));
    }
    return out;
  }

  static int maxTokens(JsonObject openAi) {
    Integer max = Json.openAiMaxTokens(openAi);
    return max != null ? max : DEFAULT_MAX_TOKENS;
  }

  /**
   * Anthropic merges consecutive same-role turns anyway; merging here keeps tool_result blocks of
   * parallel calls in one user turn, which Anthropic requires right after the tool_use turn.
   */
  private static void appendTurn(JsonArray messages, String role, JsonArray blocks) {
    if (blocks.isEmpty()) {
      return; // Anthropic rejects empty content
    }
    JsonObject last = messages.isEmpty() ? null : messages.getJsonObject(messages.size() - 1);
    if (last != null && role.equals(last.getString("role"))) {
      last.getJsonArray("content").addAll(blocks);
    } else {
      messages.add(new JsonObject().put("role", role).put("content", blocks));
    }
  }

  private static JsonArray userBlocks(Object content) {
    JsonArray blocks = new JsonArray();
    if (content instanceof String text) {
      if (!text.isEmpty()) {
        blocks.add(textBlock(text));
      }
      return blocks;
    }
    if (!(content instanceof JsonArray parts)) {
      return blocks;
    }
    for (Object p : parts) {
      if (!(p instanceof JsonObject part)) {
        continue;
      }
      switch (Json.str(part, "type", "")) {
        case "text" -> blocks.add(textBlock(Json.str(part, "text", "")));
        case "image_url" -> {
          JsonObject image = imageBlock(Json.obj(part, "image_url").getString("url"));
          if (image != null) {
            blocks.add(image);
          }
        }
        default -> { } // input_audio, file: Anthropic Messages has no equivalent part
      }
    }
    return blocks;
  }

  static JsonObject imageBlock(String url) {
    if (url == null) {
      return null;
    }
    ImageData inline = ImageData.fromDataUrl(url);
    JsonObject source = inline != null
        ? new JsonObject().put("type", "base64").put("media_type", inline.mediaType()).put("data", inline.base64())
        : new JsonObject().put("type", "url").put("url", url);
    return new JsonObject().put("type", "image").put("source", source);
  }

  private static JsonArray assistantBlocks(JsonObject message) {
    JsonArray blocks = new JsonArray();
    String text = Json.openAiContentText(message.getValue("content"));
    if (!text.isEmpty()) {
      blocks.add(textBlock(text));
    }
    for (Object c : Json.arr(message, "tool_calls")) {
      if (c instanceof JsonObject call) {
        JsonObject function = Json.obj(call, "function");
        blocks.add(new JsonObject()
            .put("type", "tool_use")
            .put("id", call.getString("id"))
            .put("name", function.getString("name"))
            .put("input", Json.argumentsToObject(function.getString("arguments"))));
      }
    }
    return blocks;
  }

  private static JsonObject toolResult(JsonObject message) {
    return new JsonObject()
        .put("type", "tool_result")
        .put("tool_use_id", message.getString("tool_call_id"))
        .put("content", Json.openAiContentText(message.getValue("content")));
  }

  private static JsonObject textBlock(String text) {
    return new JsonObject().put("type", "text").put("text", text);
  }

  private static JsonArray tools(JsonArray openAiTools) {
    if (openAiTools == null || openAiTools.isEmpty()) {
      return null;
    }
    JsonArray tools = new JsonArray();
    for (Object t : openAiTools) {
      if (t instanceof JsonObject tool && "function".equals(Json.str(tool, "type", "function"))) {
        JsonObject function = Json.obj(tool, "function");
        JsonObject anthropicTool = new JsonObject().put("name", function.getString("name"));
        Json.copyIfPresent(function, "description", anthropicTool, "description");
        anthropicTool.put("input_schema", function.getJsonObject("parameters",
            new JsonObject().put("type", "object").put("properties", new JsonObject())));
        tools.add(anthropicTool);
      }
    }
    return tools.isEmpty() ? null : tools;
  }

  private static JsonObject toolChoice(Object choice, Boolean parallelToolCalls) {
    JsonObject out;
    if (choice instanceof String mode) {
      out = switch (mode) {
        case "required" -> new JsonObject().put("type", "any");
        case "none" -> new JsonObject().put("type", "none");
        default -> new JsonObject().put("type", "auto");
      };
    } else if (choice instanceof JsonObject named) {
      String name = Json.obj(named, "function").getString("name");
      out = new JsonObject().put("type", "tool").put("name", name);
    } else if (Boolean.FALSE.equals(parallelToolCalls)) {
      out = new JsonObject().put("type", "auto");
    } else {
      return null;
    }
    if (Boolean.FALSE.equals(parallelToolCalls) && !"none".equals(out.getString("type"))) {
      out.put("disable_parallel_tool_use", true);
    }
    return out;
  }
}
