package ai.rivano.gateway.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;
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

    void error(String path, String message) {
      problems.add(ConfigProblem.error(path, message));
    }

    Object expanded(Object value, String path) {
      return value instanceof String s ? env.expand(s, path, problems) : value;
    }
  }

  static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  // ---- leaf types ----------------------------------------------------------------------------------------

  static Schema integer(long min, long max) {
    return new Schema() {
      Object check(Object raw, String path, Context ctx) {
        Object value = ctx.expanded(raw, path);
        Long number = null;
        if (value instanceof Integer || value instanceof Long) {
          number = ((Number) value).longValue();
        } else if (value instanceof String s && s.trim().matches("-?\\d{1,18}")) {
          number = Long.parseLong(s.trim());
        }
        if (number == null) {
          ctx.error(path, "must be " + typeName() + ", got " + describe(value));
          return null;
        }
        if (number < min || number > max) {
          ctx.error(path, "must be between " + min + " and " + max + ", got " + number);
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
        Double number = null;
        if (value instanceof Number n) {
          number = n.doubleValue();
        } else if (value instanceof String s) {
          try {
            number = Double.parseDouble(s.trim());
          } catch (NumberFormatException ignored) {
            // reported below
          }
        }
        if (number == null || number.isNaN()) {
          ctx.error(path, "must be " + typeName() + ", got " + describe(value));
          return null;
        }
        if (number < min || number > max) {
          ctx.error(path, "must be between " + min + " and " + max + ", got " + number);
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
        if (value instanceof Boolean) {
          return value;
        }
        if (value instanceof String s && (s.equals("true") || s.equals("false"))) {
          return Boolean.parseBoolean(s);
        }
        ctx.error(path, "must be " + typeName() + ", got " + describe(value));
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
        Object value = text.check(raw, path, ctx);
        if (value == null) {
          return null;
        }
        if (!values.contains(value)) {
          ctx.error(path, "must be " + typeName() + ", got \"" + value + "\"" + Suggestions.didYouMean((String) value, values));
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
          Object cleaned = item.check(in.getValue(i), path + "[" + i + "]", ctx);
          if (cleaned != null) {
            out.add(cleaned);
          }
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

  /** A fixed set of keys; unknown keys are errors with a "did you mean" hint. */
  static ObjectSchema object() {
    return new ObjectSchema();
  }

  static final class ObjectSchema extends Schema {
    private final Map<String, Schema> fields = new LinkedHashMap<>();
    private final List<String> required = new ArrayList<>();

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
      for (String key : in.fieldNames()) {
        Schema schema = fields.get(key);
        String keyPath = join(path, key);
        if (schema == null) {
          ctx.error(keyPath, "unknown key" + Suggestions.didYouMean(key, fields.keySet()));
          continue;
        }
        Object raw = in.getValue(key);
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
        if (!in.containsKey(key)) {
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
      return o;
    }
    if (value instanceof Map<?, ?> m) {
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) m;
      return new JsonObject(map);
    }
    ctx.error(path, "must be a map of keys, got " + describe(value));
    return null;
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
    return value.toString();
  }
}
