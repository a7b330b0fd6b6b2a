package ai.rivano.gateway.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small declarative description of the shape of {@code rivano.yaml}. It checks types, unknown keys and
 * required keys, expands {@code ${VAR}} references in every string it visits, and returns a clean copy in which
 * numeric strings produced by expansion (e.g. {@code port: ${PORT}}) have become numbers. Rules that span
 * several keys (provider-specific requirements, policy combinations) live in {@link ConfigValidator}.
 */
abstract class Schema {

  /** Checks {@code value} found at {@code path}; returns the cleaned value (never null for a present value). */
  abstract Object check(Object value, String path, Context ctx);

  /** Human name of the expected type, used in "must be …" messages. */
  abstract String typeName();

  /** Shared state of one validation run. */
  static final class Context {
    final EnvExpander env;
    final List<ConfigProblem> problems = new ArrayList<>();

    Context(EnvExpander env) {
      this.env = env;
    }

    /**
     * Keys whose value came out of a {@code ${VAR}} reference, with the text as written. Such a value is never
     * printed: the variable may hold a secret that landed in the wrong key ({@code rateLimit: ${OPENAI_API_KEY}}).
     */
    private final Map<String, String> written = new HashMap<>();
    /** The same keys' values after expansion, so that a message built elsewhere can be checked for them. */
    private final Map<String, String> expandedValues = new HashMap<>();

    void error(String path, String message) {
      problems.add(ConfigProblem.error(path, message));
    }

    /** The value with {@code ${VAR}} expanded, or {@link #FAILED} when expansion was reported as a problem. */
    Object expanded(Object value, String path) {
      if (!(value instanceof String s)) {
        return value;
      }
      if (s.contains("${")) {
        written.put(path, s);
      }
      int before = problems.size();
      String out = env.expand(s, path, problems);
      if (s.contains("${")) {
        expandedValues.put(path, out);
      }
      return problems.size() > before ? FAILED : out;
    }

    /**
     * {@code problem} with any rendering of an expanded value at its key replaced by the reference, for messages
     * written by rules that only see expanded values (cross-key rules, {@code PolicyRules}).
     */
    ConfigProblem redacted(ConfigProblem problem) {
      String value = expandedValues.get(problem.path());
      if (value == null || value.isBlank()) {
        return problem;
      }
      String message = problem.message();
      String reference = shown(problem.path(), "");
      java.util.Set<String> forms = new java.util.LinkedHashSet<>();
      forms.add(value);
      forms.add(value.trim());
      if (value.trim().length() > 60) {
        forms.add(value.trim().substring(0, 60)); // rules shorten long values
      }
      try {
        forms.add(format(Double.parseDouble(value.trim()))); // rules print numbers their own way
      } catch (NumberFormatException notANumber) {
        // a string value
      }
      for (String form : forms) {
        if (!form.isBlank()) {
          // whole words only: the value "dup" must not eat the "dup" of "duplicate"
          message = message.replace("\"" + form + "\"", reference).replaceAll(
              "(?<![A-Za-z0-9])" + java.util.regex.Pattern.quote(form) + "(?![A-Za-z0-9])",
              java.util.regex.Matcher.quoteReplacement(reference));
        }
      }
      return message.equals(problem.message()) ? problem
          : new ConfigProblem(problem.path(), message, problem.severity());
    }

    /** {@code display} for a message, or, when the value came from a variable, the reference that produced it. */
    String shown(String path, String display) {
      String reference = written.get(path);
      if (reference == null) {
        return display;
      }
      return (reference.matches("\\$\\{[^}]*}") ? reference : "\"" + reference + "\"") + " (value not shown)";
    }
  }

  /** Marks a value whose expansion already produced a message: it gets no second, derived one. */
  static final Object FAILED = new Object();


  static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  // ---- leaf types ----------------------------------------------------------------------------------------

  static Schema integer(long min, long max) {
    return new Schema() {
      Object check(Object raw, String path, Context ctx) {
        Object value = ctx.expanded(raw, path);
        if (value == FAILED) {
          return null;
        }
        Long number = null;
        if (value instanceof Integer || value instanceof Long) {
          number = ((Number) value).longValue();
        } else if (value instanceof String s && s.trim().matches("-?\\d{1,18}")) {
          number = Long.parseLong(s.trim());
        } else if (value instanceof java.math.BigInteger || value instanceof String s && s.trim().matches("-?\\d{19,}")) {
          ctx.error(path, "must be between " + min + " and " + max + ", got " + ctx.shown(path, value.toString().trim()));
          return null;
        }
        if (number == null) {
          ctx.error(path, "must be " + typeName() + ", got " + ctx.shown(path, describe(value)));
          return null;
        }
        if (number < min || number > max) {
          ctx.error(path, "must be between " + min + " and " + max + ", got " + ctx.shown(path, Long.toString(number)));
          return null;
        }
        return number;
      }

      String typeName() {
        return "an integer";
      }
    };
  }

  static Schema number(double min, double max) {
    return new Schema() {
      Object check(Object raw, String path, Context ctx) {
        Object value = ctx.expanded(raw, path);
        if (value == FAILED) {
          return null;
        }
        Double number = null;
        if (value instanceof Number n) {
          number = n.doubleValue();
        } else if (value instanceof String s && s.trim().matches("-?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?")) {
          number = Double.parseDouble(s.trim()); // plain decimals only: no "0x1p3", "1f", "NaN" or "Infinity"
        }
        if (number == null || number.isNaN() || number.isInfinite()) {
          ctx.error(path, "must be " + typeName() + ", got " + ctx.shown(path, describe(value)));
          return null;
        }
        if (number < min || number > max) {
          ctx.error(path, (max == Double.MAX_VALUE ? "must be at least " + format(min)
              : "must be between " + format(min) + " and " + format(max)) + ", got " + ctx.shown(path, format(number)));
          return null;
        }
        return number;
      }

      String typeName() {
        return "a number";
      }
    };
  }

  static Schema bool() {
    return new Schema() {
      Object check(Object raw, String path, Context ctx) {
        Object value = ctx.expanded(raw, path);
        if (value == FAILED) {
          return null;
        }
        if (value instanceof Boolean) {
          return value;
        }
        if (value instanceof String s && (s.equals("true") || s.equals("false"))) {
          return Boolean.parseBoolean(s);
        }
        ctx.error(path, "must be " + typeName() + ", got " + ctx.shown(path, describe(value)));
        return null;
      }

      String typeName() {
        return "true or false";
      }
    };
  }

  static Schema string() {
    return new Schema() {
      Object check(Object raw, String path, Context ctx) {
        Object value = ctx.expanded(raw, path);
        if (value == FAILED) {
          return null;
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
          return value.toString();
        }
        ctx.error(path, "must be " + typeName() + ", got " + describe(value));
        return null;
      }

      String typeName() {
        return "a string";
      }
    };
  }

  static Schema oneOf(String... allowed) {
    Set<String> values = Set.of(allowed);
    Schema text = string();
    return new Schema() {
      Object check(Object raw, String path, Context ctx) {
        // YAML 1.1 reads an unquoted off/on (and no/yes) as a boolean: give the word back when it is allowed
        if (Boolean.FALSE.equals(raw) && values.contains("off")) {
          return "off";
        }
        if (Boolean.TRUE.equals(raw) && values.contains("on")) {
          return "on";
        }
        Object value = text.check(raw, path, ctx);
        if (value == null) {
          return null;
        }
        if (!values.contains(value)) {
          ctx.error(path, "must be " + typeName() + ", got " + ctx.shown(path, "\"" + value + "\"")
              + Suggestions.didYouMean((String) value, values));
          return null;
        }
        return value;
      }

      String typeName() {
        return "one of " + String.join(" | ", allowed);
      }
    };
  }

  // ---- containers ----------------------------------------------------------------------------------------

  static Schema listOf(Schema item) {
    return new Schema() {
      Object check(Object value, String path, Context ctx) {
        if (!(value instanceof JsonArray || value instanceof List)) {
          ctx.error(path, "must be a list, got " + describe(value));
          return null;
        }
        JsonArray in = value instanceof JsonArray a ? a : new JsonArray((List<?>) value);
        JsonArray out = new JsonArray();
        for (int i = 0; i < in.size(); i++) {
          Object element = in.getValue(i);
          Object cleaned = null;
          if (element == null) {
            ctx.error(path + "[" + i + "]", "has no value (expected " + item.typeName() + ")");
          } else {
            cleaned = item.check(element, path + "[" + i + "]", ctx);
          }
          // a bad element leaves a null behind (only ever in an invalid file) so that later rules that report
          // "list[i]" still point at the element the operator wrote, not at its neighbour
          out.add(cleaned);
        }
        return out;
      }

      String typeName() {
        return "a list";
      }
    };
  }

  /** A map whose keys are free (e.g. model names), each value checked by {@code values}. */
  static Schema mapOf(Schema values) {
    return new Schema() {
      Object check(Object value, String path, Context ctx) {
        JsonObject in = asObject(value, path, ctx);
        if (in == null) {
          return null;
        }
        JsonObject out = new JsonObject();
        for (String key : in.fieldNames()) {
          Object cleaned = values.check(in.getValue(key), join(path, key), ctx);
          if (cleaned != null) {
            out.put(key, cleaned);
          }
        }
        return out;
      }

      String typeName() {
        return "a map";
      }
    };
  }

  /** A value with a short form ({@code scalar}, e.g. a model name) and a long form ({@code map}, its settings). */
  static Schema scalarOrMap(Schema scalar, Schema map) {
    return new Schema() {
      Object check(Object value, String path, Context ctx) {
        if (value instanceof JsonObject || value instanceof Map) {
          return map.check(value, path, ctx);
        }
        if (value instanceof JsonArray || value instanceof List) {
          ctx.error(path, "must be " + typeName() + ", got a list");
          return null;
        }
        return scalar.check(value, path, ctx);
      }

      String typeName() {
        return scalar.typeName() + " or " + map.typeName();
      }
    };
  }

  /** A fixed set of keys; unknown keys are errors with a "did you mean" hint. */
  static ObjectSchema object() {
    return new ObjectSchema();
  }

  static final class ObjectSchema extends Schema {
    private final Map<String, Schema> fields = new LinkedHashMap<>();
    private final List<String> required = new ArrayList<>();
    private final Map<String, String> aliases = new LinkedHashMap<>();

    /**
     * Accepts {@code written} as another spelling of {@code canonical}. Needed for {@code on:}: YAML 1.1 (which
     * the YAML store speaks) reads an unquoted {@code on} key as the boolean {@code true}.
     */
    ObjectSchema alias(String written, String canonical) {
      aliases.put(written, canonical);
      return this;
    }

    ObjectSchema field(String name, Schema schema) {
      fields.put(name, schema);
      return this;
    }

    ObjectSchema required(String name, Schema schema) {
      required.add(name);
      return field(name, schema);
    }

    Collection<String> keys() {
      return fields.keySet();
    }

    @Override
    Object check(Object value, String path, Context ctx) {
      JsonObject in = asObject(value, path, ctx);
      if (in == null) {
        return null;
      }
      JsonObject out = new JsonObject();
      List<String> suggested = new ArrayList<>();
      for (String written : in.fieldNames()) {
        String key = fields.containsKey(written) ? written : aliases.getOrDefault(written, written);
        Schema schema = fields.get(key);
        String keyPath = join(path, key);
        if (schema == null && ("true".equals(key) || "false".equals(key))) {
          ctx.error(keyPath, "unknown key (an unquoted yes/no/on/off/true/false key reads as a boolean in YAML;"
              + " quote it)");
          continue;
        }
        if (schema == null) {
          String hint = Suggestions.didYouMean(key, fields.keySet());
          ctx.error(keyPath, "unknown key" + hint);
          suggested.add(hint);
          continue;
        }
        Object raw = in.getValue(written);
        if (raw == null) {
          ctx.error(keyPath, "has no value (expected " + schema.typeName() + ")");
          continue;
        }
        Object cleaned = schema.check(raw, keyPath, ctx);
        if (cleaned != null) {
          out.put(key, cleaned);
        }
      }
      for (String key : required) {
        // "gatway: unknown key (did you mean "gateway"?)" already says it: no second "gateway: is required"
        boolean misspelt = suggested.contains(" (did you mean \"" + key + "\"?)");
        if (!misspelt && !in.containsKey(key) && !aliases.entrySet().stream()
            .anyMatch(a -> a.getValue().equals(key) && in.containsKey(a.getKey()))) {
          ctx.error(join(path, key), "is required");
        }
      }
      return out;
    }

    @Override
    String typeName() {
      return "a map";
    }
  }

  static JsonObject asObject(Object value, String path, Context ctx) {
    if (value instanceof JsonObject o) {
      return withStringKeys(o.getMap());
    }
    if (value instanceof Map<?, ?> m) {
      return withStringKeys(m);
    }
    ctx.error(path, "must be a map of keys, got " + describe(value));
    return null;
  }

  /**
   * The YAML store only turns the keys of top-level maps into strings; a map inside a list (a policy) keeps
   * SnakeYAML's keys, which are Booleans for {@code on:}/{@code yes:} and numbers for {@code 1:}.
   */
  private static JsonObject withStringKeys(Map<?, ?> map) {
    JsonObject out = new JsonObject();
    map.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }

  /** {@code 0.7} stays {@code 0.7}, {@code 1.0} prints as {@code 1}. */
  static String format(double number) {
    return number == Math.rint(number) && Math.abs(number) < 1e15 ? Long.toString((long) number) : Double.toString(number);
  }

  static String describe(Object value) {
    if (value == null) {
      return "nothing";
    }
    if (value instanceof String s) {
      return "\"" + s + "\"";
    }
    if (value instanceof JsonArray || value instanceof List) {
      return "a list";
    }
    if (value instanceof JsonObject || value instanceof Map) {
      return "a map";
    }
    if (value instanceof Boolean) {
      return "a boolean (" + value + ")";
    }
    if (value instanceof Double d) {
      return format(d);
    }
    return value.toString();
  }
}
