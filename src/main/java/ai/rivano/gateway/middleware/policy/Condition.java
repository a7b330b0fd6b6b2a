package ai.rivano.gateway.middleware.policy;

import ai.rivano.gateway.middleware.pii.PiiEntity;
import com.google.re2j.Pattern;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What a policy tests (SPEC §7). Pure data; {@link ConditionChecks} evaluates them. Every regular expression and
 * glob is compiled once, when the policy set is built, with RE2/J: matching takes time linear in the text.
 */
public sealed interface Condition {

  /** The {@code type} as written in config. */
  String type();

  /** The config form, as {@link PolicyRules} reads it. */
  JsonObject toJson();

  /** {@code injection_score}: fires when the request's score is at least {@code threshold} (0–1). */
  record InjectionScore(double threshold) implements Condition {
    public String type() {
      return "injection_score";
    }

    public JsonObject toJson() {
      return new JsonObject().put("type", type()).put("threshold", threshold);
    }
  }

  /** {@code pii_detected}: fires when one of {@code entities} (empty = any entity) was found. */
  record PiiDetected(Set<PiiEntity> entities) implements Condition {
    public PiiDetected {
      entities = Set.copyOf(entities);
    }

    public boolean covers(PiiEntity entity) {
      return entities.isEmpty() || entities.contains(entity);
    }

    public String type() {
      return "pii_detected";
    }

    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("type", type());
      if (!entities.isEmpty()) {
        JsonArray names = new JsonArray();
        // enum order, so the JSON form is the same whatever order the set iterates in
        for (PiiEntity e : PiiEntity.values()) {
          if (entities.contains(e)) {
            names.add(e.configName());
          }
        }
        json.put("entities", names);
      }
      return json;
    }
  }

  enum CountType {
    INPUT, OUTPUT, TOTAL;

    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** {@code token_count}: fires at {@code count ≥ threshold}; {@code countType} is already defaulted by phase. */
  record TokenCount(double threshold, CountType countType) implements Condition {
    public String type() {
      return "token_count";
    }

    public JsonObject toJson() {
      return new JsonObject().put("type", type()).put("threshold", threshold).put("count_type", countType.configName());
    }
  }

  /** {@code model_name}: the model matches the glob {@code pattern} or one of {@code models} (globs too). */
  final class ModelName implements Condition {
    private final String pattern;
    private final List<String> models;
    private final List<Pattern> compiled;

    ModelName(String pattern, List<String> models) {
      this.pattern = pattern;
      this.models = models == null ? null : List.copyOf(models);
      this.compiled = (pattern != null ? List.of(pattern) : this.models).stream().map(Globs::compile).toList();
    }

    public String pattern() {
      return pattern;
    }

    public List<String> models() {
      return models;
    }

    /** Which glob matched {@code model}, or null. Case-insensitive: {@code GPT-4o} is {@code gpt-4o}. */
    public String match(String model) {
      if (model == null) {
        return null;
      }
      for (int i = 0; i < compiled.size(); i++) {
        if (compiled.get(i).matches(model)) {
          return pattern != null ? pattern : models.get(i);
        }
      }
      return null;
    }

    public String type() {
      return "model_name";
    }

    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("type", type());
      return pattern != null ? json.put("pattern", pattern) : json.put("models", new JsonArray(List.copyOf(models)));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ModelName other && Objects.equals(pattern, other.pattern) && Objects.equals(models, other.models);
    }

    @Override
    public int hashCode() {
      return Objects.hash(pattern, models);
    }

    @Override
    public String toString() {
      return toJson().encode();
    }
  }

  enum Field {
    /** Every text of the request: system prompts, turns, tool-call arguments and tool results. */
    MESSAGES,
    /** System prompts only. */
    SYSTEM,
    /** The answer (response phase). */
    RESPONSE;

    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** {@code content_pattern}: the RE2 regex {@code pattern} finds a match in the texts {@code field} selects. */
  final class ContentPattern implements Condition {
    private final String pattern;
    private final Field field;
    private final Pattern compiled;

    ContentPattern(String pattern, Field field, Pattern compiled) {
      this.pattern = pattern;
      this.field = field;
      this.compiled = compiled;
    }

    public String pattern() {
      return pattern;
    }

    public Field field() {
      return field;
    }

    Pattern compiled() {
      return compiled;
    }

    public String type() {
      return "content_pattern";
    }

    public JsonObject toJson() {
      return new JsonObject().put("type", type()).put("pattern", pattern).put("field", field.configName());
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ContentPattern other && pattern.equals(other.pattern) && field == other.field;
    }

    @Override
    public int hashCode() {
      return Objects.hash(pattern, field);
    }

    @Override
    public String toString() {
      return toJson().encode();
    }
  }
}
