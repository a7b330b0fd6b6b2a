package ai.rivano.gateway.routing.translate;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;

/**
 * Reduces a JSON Schema (OpenAI tool parameters) to the OpenAPI-3.0 subset Gemini's {@code Schema}
 * accepts; Gemini rejects the request on unknown keys such as {@code additionalProperties} or
 * {@code $schema}, so they are dropped rather than forwarded.
 */
final class GeminiSchema {

  private static final Set<String> KEPT_KEYS = Set.of(
      "type", "format", "title", "description", "nullable", "enum", "maxItems", "minItems",
      "required", "minProperties", "maxProperties", "minLength", "maxLength", "pattern",
      "example", "default", "minimum", "maximum", "propertyOrdering");

  private GeminiSchema() {}

  static JsonObject sanitize(JsonObject schema) {
    JsonObject out = new JsonObject();
    for (Map.Entry<String, Object> entry : schema) {
      String key = entry.getKey();
      Object value = entry.getValue();
      if (key.equals("type") && value instanceof JsonArray types) {
        // JSON Schema ["string","null"] is OpenAPI type + nullable.
        for (Object t : types) {
          if ("null".equals(t)) {
            out.put("nullable", true);
          } else if (!out.containsKey("type")) {
            out.put("type", t);
          }
        }
      } else if (KEPT_KEYS.contains(key)) {
        out.put(key, value);
      } else if (key.equals("properties") && value instanceof JsonObject properties) {
        JsonObject sanitized = new JsonObject();
        properties.forEach(p -> sanitized.put(p.getKey(),
            p.getValue() instanceof JsonObject s ? sanitize(s) : p.getValue()));
        out.put("properties", sanitized);
      } else if (key.equals("items") && value instanceof JsonObject items) {
        out.put("items", sanitize(items));
      } else if (key.equals("anyOf") && value instanceof JsonArray variants) {
        JsonArray sanitized = new JsonArray();
        variants.forEach(v -> sanitized.add(v instanceof JsonObject s ? sanitize(s) : v));
        out.put("anyOf", sanitized);
      }
    }
    return out;
  }
}
