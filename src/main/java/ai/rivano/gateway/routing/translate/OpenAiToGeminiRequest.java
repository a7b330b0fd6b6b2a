package ai.rivano.gateway.routing.translate;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * OpenAI chat-completions request to a Gemini {@code generateContent} body. The model goes in the
 * URL path, not the body (see {@link OpenAiClientOnGeminiTranslator#upstreamPath}).
 */
final class OpenAiToGeminiRequest {

  private OpenAiToGeminiRequest() {}

  static JsonObject convert(JsonObject openAi) {
    JsonObject out = new JsonObject();
    StringBuilder system = new StringBuilder();
    JsonArray contents = new JsonArray();
    // Gemini's functionResponse is matched by name; OpenAI tool messages carry only the call id.
    Map<String, String> toolNamesById = new HashMap<>();
    for (Object item : Json.arr(openAi, "messages")) {
      if (!(item instanceof JsonObject message)) {
        continue;
      }
      switch (Json.str(message, "role", "user")) {
        case "system", "developer" -> {
          if (system.length() > 0) {
            system.append("\n\n");
          }
          system.append(Json.openAiContentText(message.getValue("content")));
        }
        case "user" -> appendTurn(contents, "user", userParts(message.getValue("content")));
        case "assistant" -> appendTurn(contents, "model", modelParts(message, toolNamesById));
        case "tool" -> appendTurn(contents, "user", new JsonArray().add(functionResponse(message, toolNamesById)));
        default -> { } // legacy "function" role
      }
    }
    if (system.length() > 0) {
      out.put("systemInstruction", new JsonObject().put("parts", new JsonArray().add(text(system.toString()))));
    }
    out.put("contents", contents);
    JsonObject generationConfig = generationConfig(openAi);
    if (!generationConfig.isEmpty()) {
      out.put("generationConfig", generationConfig);
    }
    JsonArray declarations = functionDeclarations(openAi.getJsonArray("tools"));
    if (declarations != null) {
      out.put("tools", new JsonArray().add(new JsonObject().put("functionDeclarations", declarations)));
      JsonObject toolConfig = toolConfig(openAi.getValue("tool_choice"));
      if (toolConfig != null) {
        out.put("toolConfig", toolConfig);
      }
    }
    return out;
  }

  /** Gemini wants one content per turn; parallel function responses share a user turn. */
  private static void appendTurn(JsonArray contents, String role, JsonArray parts) {
    if (parts.isEmpty()) {
      return;
    }
    JsonObject last = contents.isEmpty() ? null : contents.getJsonObject(contents.size() - 1);
    if (last != null && role.equals(last.getString("role"))) {
      last.getJsonArray("parts").addAll(parts);
    } else {
      contents.add(new JsonObject().put("role", role).put("parts", parts));
    }
  }

  private static JsonArray userParts(Object content) {
    JsonArray parts = new JsonArray();
    if (content instanceof String s) {
      if (!s.isEmpty()) {
        parts.add(text(s));
      }
      return parts;
    }
    for (Object p : content instanceof JsonArray array ? array : new JsonArray()) {
      if (!(p instanceof JsonObject part)) {
        continue;
      }
      switch (Json.str(part, "type", "")) {
        case "text" -> parts.add(text(Json.str(part, "text", "")));
        case "image_url" -> {
          // Only inline bytes are portable: Gemini's fileData wants a Files-API URI, and the gateway
          // does not fetch remote URLs on the client's behalf. Remote image URLs are dropped.
          ImageData image = ImageData.fromDataUrl(Json.obj(part, "image_url").getString("url"));
          if (image != null) {
            parts.add(new JsonObject().put("inlineData",
                new JsonObject().put("mimeType", image.mediaType()).put("data", image.base64())));
          }
        }
        case "input_audio" -> {
          JsonObject audio = Json.obj(part, "input_audio");
          parts.add(new JsonObject().put("inlineData", new JsonObject()
              .put("mimeType", "audio/" + Json.str(audio, "format", "wav"))
              .put("data", audio.getString("data"))));
        }
        default -> { } // file parts reference OpenAI's Files API
      }
    }
    return parts;
  }

  private static JsonArray modelParts(JsonObject message, Map<String, String> toolNamesById) {
    JsonArray parts = new JsonArray();
    String content = Json.openAiContentText(message.getValue("content"));
    if (!content.isEmpty()) {
      parts.add(text(content));
    }
    for (Object c : Json.arr(message, "tool_calls")) {
      if (c instanceof JsonObject call) {
        JsonObject function = Json.obj(call, "function");
        String name = function.getString("name");
        toolNamesById.put(call.getString("id"), name);
        parts.add(new JsonObject().put("functionCall", new JsonObject()
            .put("name", name)
            .put("args", Json.argumentsToObject(function.getString("arguments")))));
      }
    }
    return parts;
  }

  /**
   * Gemini's {@code response} must be an object: a JSON-object result is passed as is, anything
   * else goes under {@code "output"}, the key Gemini documents for a function's output.
   */
  private static JsonObject functionResponse(JsonObject message, Map<String, String> toolNamesById) {
    String content = Json.openAiContentText(message.getValue("content"));
    JsonObject response = Json.parseObjectOrNull(content);
    if (response == null) {
      response = new JsonObject().put("output", content);
    }
    String callId = message.getString("tool_call_id");
    return new JsonObject().put("functionResponse", new JsonObject()
        .put("name", toolNamesById.getOrDefault(callId, callId))
        .put("response", response));
  }

  private static JsonObject generationConfig(JsonObject openAi) {
    JsonObject config = new JsonObject();
    Integer max = Json.openAiMaxTokens(openAi);
    if (max != null) {
      config.put("maxOutputTokens", max);
    }
    Json.copyIfPresent(openAi, "temperature", config, "temperature");
    Json.copyIfPresent(openAi, "top_p", config, "topP");
    Json.copyIfPresent(openAi, "seed", config, "seed");
    Json.copyIfPresent(openAi, "presence_penalty", config, "presencePenalty");
    Json.copyIfPresent(openAi, "frequency_penalty", config, "frequencyPenalty");
    JsonArray stop = Json.stopSequences(openAi.getValue("stop"));
    if (stop != null) {
      config.put("stopSequences", stop);
    }
    JsonObject format = openAi.getJsonObject("response_format");
    if (format != null) {
      String type = Json.str(format, "type", "text");
      if (type.equals("json_object") || type.equals("json_schema")) {
        config.put("responseMimeType", "application/json");
      }
      JsonObject jsonSchema = format.getJsonObject("json_schema");
      if (type.equals("json_schema") && jsonSchema != null && jsonSchema.getJsonObject("schema") != null) {
        config.put("responseSchema", GeminiSchema.sanitize(jsonSchema.getJsonObject("schema")));
      }
    }
    return config;
  }

  private static JsonArray functionDeclarations(JsonArray tools) {
    if (tools == null || tools.isEmpty()) {
      return null;
    }
    JsonArray declarations = new JsonArray();
    for (Object t : tools) {
      if (t instanceof JsonObject tool && "function".equals(Json.str(tool, "type", "function"))) {
        JsonObject function = Json.obj(tool, "function");
        JsonObject declaration = new JsonObject().put("name", function.getString("name"));
        Json.copyIfPresent(function, "description", declaration, "description");
        JsonObject parameters = function.getJsonObject("parameters");
        // Gemini rejects an object schema with no properties; a no-argument function omits parameters.
        if (parameters != null && !Json.obj(parameters, "properties").isEmpty()) {
          declaration.put("parameters", GeminiSchema.sanitize(parameters));
        }
        declarations.add(declaration);
      }
    }
    return declarations.isEmpty() ? null : declarations;
  }

  private static JsonObject toolConfig(Object choice) {
    JsonObject functionCallingConfig;
    if (choice instanceof String mode) {
      functionCallingConfig = new JsonObject().put("mode", switch (mode) {
        case "required" -> "ANY";
        case "none" -> "NONE";
        default -> "AUTO";
      });
    } else if (choice instanceof JsonObject named) {
      functionCallingConfig = new JsonObject()
          .put("mode", "ANY")
          .put("allowedFunctionNames", new JsonArray().add(Json.obj(named, "function").getString("name")));
    } else {
      return null;
    }
    return new JsonObject().put("functionCallingConfig", functionCallingConfig);
  }

  private static JsonObject text(String text) {
    return new JsonObject().put("text", text);
  }
}
