package ai.rivano.gateway.middleware.policy;

import ai.rivano.gateway.config.ConfigProblem;
import ai.rivano.gateway.middleware.pii.PiiEntity;
import ai.rivano.gateway.middleware.policy.Condition.CountType;
import ai.rivano.gateway.middleware.policy.Condition.Field;
import ai.rivano.gateway.middleware.policy.Policy.Action;
import ai.rivano.gateway.middleware.policy.Policy.Phase;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The one routine that decides whether a policy can work and compiles it: {@code validate}/{@code start} run it
 * over the file's {@code policies:} (after the schema checked types and unknown keys), cloud sync over each
 * policy the control plane sends. Every problem is a {@link ConfigProblem} with the key path of the offending
 * value, e.g. {@code policies[2].condition.pattern}. The combinations it rejects, and why, are listed in
 * {@code docs/guardrails.md} ("What validate rejects").
 */
public final class PolicyRules {

  /** Names go into 403 messages, warning headers and audit records: kept short and printable. */
  public static final int MAX_NAME_LENGTH = 128;

  /**
   * RE2 matches in time linear in the text, times the size of the compiled program. A pattern compiling to more
   * instructions than this (e.g. {@code (a{100}){100}}) is refused, so that one policy cannot make every request
   * slow. Keyword lists of a few hundred words stay well below it.
   */
  public static final int MAX_PATTERN_INSTRUCTIONS = 5_000;

  /** The condition keys each condition type reads; in the file any other key is a mistake (entities on token_count). */
  static final Map<String, Set<String>> CONDITION_KEYS = Map.of(
      "injection_score", Set.of("type", "threshold"),
      "pii_detected", Set.of("type", "entities"),
      "token_count", Set.of("type", "threshold", "count_type"),
      "model_name", Set.of("type", "pattern", "models"),
      "content_pattern", Set.of("type", "pattern", "field"));

  /**
   * How strict to be about what the routine does not read. The file is strict (a stray key is a typo); the control
   * plane may send its own bookkeeping (ids, descriptions, timestamps, nulls for unused keys) that must not cost the
   * policy its enforcement, so unknown keys and a strategy on a non-redact policy are ignored there.
   */
  enum Mode { FILE, REMOTE }

  private PolicyRules() {}

  /**
   * Checks a {@code policies:} list from the file; adds one problem per mistake to {@code problems} (path
   * {@code <pathPrefix>[i]…}) and returns the policies that are valid, in order.
   */
  public static List<Policy> check(JsonArray policies, String pathPrefix, List<ConfigProblem> problems) {
    Set<String> names = new HashSet<>();
    List<Policy> valid = new ArrayList<>();
    for (int i = 0; i < policies.size(); i++) {
      Policy policy = parse(policies.getValue(i), pathPrefix + "[" + i + "]", Mode.FILE, names, problems);
      if (policy != null) {
        valid.add(policy);
      }
    }
    return valid;
  }

  /**
   * Reads one policy; null when it has an error (the errors are in {@code problems}). {@code names} holds the
   * names seen so far in the same list: a repeated name is an error.
   */
  static Policy parse(Object element, String path, Mode mode, Set<String> names, List<ConfigProblem> problems) {
    if (element == null) {
      return null; // the schema reported the element (a bad list entry leaves a null behind)
    }
    long errorsBefore = errors(problems);
    if (!(element instanceof JsonObject json)) {
      problems.add(ConfigProblem.error(path, "must be a map of keys, got " + Reader.describe(element)));
      return null;
    }
    Reader r = new Reader(json, path, problems);
    String name = r.string("name", true);
    if (name != null) {
      checkName(name, path + ".name", names, problems);
    }
    Phase phase = r.oneOf("phase", true, Phase.class);
    JsonObject condition = r.object("condition", true);
    Action action = r.oneOf("action", true, Action.class);
    RedactionStrategy strategy = r.oneOf("redactionStrategy", false, RedactionStrategy.class);
    String on = r.string("on", false);
    if (on != null && on.isBlank()) {
      problems.add(ConfigProblem.error(path + ".on", "must not be empty (leave it out, or write \"*\", for every agent)"));
    }
    Boolean enabled = r.bool("enabled");

    String type = condition == null ? null : new Reader(condition, path + ".condition", problems)
        .enumString("type", true, CONDITION_KEYS.keySet());
    checkAction(json, path, mode, type, phase, action, strategy, problems);
    if (mode == Mode.REMOTE && action != Action.REDACT) {
      strategy = null;
    }
    if (type == null) {
      return null;
    }
    Condition compiled = condition(condition, path + ".condition", mode, type, phase, problems);
    if (errors(problems) > errorsBefore || compiled == null || name == null || action == null) {
      return null;
    }
    return new Policy(name, phase, compiled, action, strategy, on == null ? Policy.EVERY_AGENT : on.strip(),
        enabled == null || enabled);
  }

  private static void checkName(String name, String path, Set<String> names, List<ConfigProblem> problems) {
    if (name.isBlank()) {
      problems.add(ConfigProblem.error(path, "must not be empty"));
    } else if (name.length() > MAX_NAME_LENGTH) {
      problems.add(ConfigProblem.error(path, "is longer than " + MAX_NAME_LENGTH + " characters"));
    } else if (name.chars().anyMatch(Character::isISOControl)) {
      problems.add(ConfigProblem.error(path, "must not contain control characters (line breaks, tabs)"));
    } else if (!names.add(name)) {
      problems.add(ConfigProblem.error(path, "duplicate policy name \"" + name + "\""));
    }
  }

  private static void checkAction(JsonObject json, String path, Mode mode, String type, Phase phase, Action action,
                                  RedactionStrategy strategy, List<ConfigProblem> problems) {
    if (action == Action.REDACT && type != null && !type.equals("pii_detected") && !type.equals("content_pattern")) {
      String article = type.startsWith("i") ? "an " : "a ";
      problems.add(ConfigProblem.error(path + ".action", "redact cannot apply to " + article + type + " condition ("
          + switch (type) {
            case "model_name" -> "nothing to redact";
            case "injection_score" -> "a score of the whole request points at no text to redact";
            default -> "a token count points at no text to redact";
          } + "); use block or warn"));
    } else if (action == Action.REDACT && strategy == null && !json.containsKey("redactionStrategy")) {
      problems.add(ConfigProblem.error(path + ".redactionStrategy",
          "required when action is redact (mask | partial | tokenize | drop)"));
    } else if (action == Action.REDACT && phase == Phase.RESPONSE && strategy == RedactionStrategy.TOKENIZE) {
      problems.add(ConfigProblem.error(path + ".redactionStrategy", "tokenize cannot apply in the response phase: "
          + "tokens are put back only into the response, so the client would get tokens nothing restores; "
          + "use mask or partial"));
    } else if (action == Action.REDACT && phase == Phase.RESPONSE && strategy == RedactionStrategy.DROP) {
      problems.add(ConfigProblem.error(path + ".redactionStrategy", "drop removes a message from the request; "
          + "in the response phase use mask or partial, or action: block"));
    } else if (mode == Mode.FILE && strategy != null && action != null && action != Action.REDACT) {
      problems.add(ConfigProblem.error(path + ".redactionStrategy",
          "only applies when action is redact (this policy's action is " + action.configName() + ")"));
    }
  }

  private static Condition condition(JsonObject json, String path, Mode mode, String type, Phase phase,
                                     List<ConfigProblem> problems) {
    if (mode == Mode.FILE) {
      Set<String> reads = CONDITION_KEYS.get(type);
      for (String key : json.fieldNames()) {
        if (!reads.contains(key)) {
          problems.add(ConfigProblem.error(path + "." + key, "does not apply to a " + type + " condition (it reads "
              + String.join(", ", reads.stream().filter(k -> !k.equals("type")).sorted().toList()) + ")"));
        }
      }
    }
    Reader r = new Reader(json, path, problems);
    return switch (type) {
      case "injection_score" -> injectionScore(r, path, phase, problems);
      case "pii_detected" -> piiDetected(r, path, problems);
      case "token_count" -> tokenCount(r, path, phase, problems);
      case "model_name" -> modelName(r, path, problems);
      default -> contentPattern(r, path, phase, problems);
    };
  }

  private static Condition injectionScore(Reader r, String path, Phase phase, List<ConfigProblem> problems) {
    if (phase == Phase.RESPONSE) {
      problems.add(ConfigProblem.error(path + ".type",
          "injection_score is measured on the request; use phase: request"));
    }
    Double threshold = r.number("threshold");
    if (threshold == null) {
      if (!r.failed("threshold")) {
        problems.add(ConfigProblem.error(path + ".threshold", "required for injection_score"));
      }
      return null;
    }
    if (threshold < 0) {
      problems.add(ConfigProblem.error(path + ".threshold", "must be at least 0, got " + format(threshold)));
    } else if (threshold > 1) {
      problems.add(ConfigProblem.error(path + ".threshold",
          "must be between 0 and 1 for injection_score, got " + format(threshold)));
    }
    return new Condition.InjectionScore(threshold);
  }

  private static Condition piiDetected(Reader r, String path, List<ConfigProblem> problems) {
    JsonArray list = r.list("entities");
    if (list == null) {
      return new Condition.PiiDetected(Set.of());
    }
    if (list.isEmpty()) {
      problems.add(ConfigProblem.error(path + ".entities",
          "is empty; list the entities, or leave entities out to match any entity"));
      return null;
    }
    Set<PiiEntity> entities = EnumSet.noneOf(PiiEntity.class);
    List<String> known = Arrays.stream(PiiEntity.values()).map(PiiEntity::configName).sorted().toList();
    for (int i = 0; i < list.size(); i++) {
      Object value = list.getValue(i);
      if (value == null) {
        continue; // reported by the schema
      }
      PiiEntity entity = value instanceof String s ? PiiEntity.byConfigName(s).orElse(null) : null;
      if (entity == null) {
        problems.add(ConfigProblem.error(path + ".entities[" + i + "]",
            "must be one of " + String.join(" | ", known) + ", got " + Reader.describe(value)));
      } else {
        entities.add(entity);
      }
    }
    return new Condition.PiiDetected(entities);
  }

  private static Condition tokenCount(Reader r, String path, Phase phase, List<ConfigProblem> problems) {
    Double threshold = r.number("threshold");
    CountType countType = r.oneOf("count_type", false, CountType.class);
    if (phase == Phase.REQUEST && countType == CountType.OUTPUT) {
      problems.add(ConfigProblem.error(path + ".count_type",
          "output tokens are not known in the request phase (use input or total, or phase: response)"));
    }
    if (threshold == null) {
      if (!r.failed("threshold")) {
        problems.add(ConfigProblem.error(path + ".threshold", "required for token_count"));
      }
      return null;
    }
    if (threshold < 0) {
      problems.add(ConfigProblem.error(path + ".threshold", "must be at least 0, got " + format(threshold)));
    }
    if (countType == null) {
      countType = phase == Phase.REQUEST ? CountType.INPUT : CountType.TOTAL;
    }
    return new Condition.TokenCount(threshold, countType);
  }

  private static Condition modelName(Reader r, String path, List<ConfigProblem> problems) {
    String pattern = r.string("pattern", false);
    JsonArray list = r.list("models");
    if (pattern == null && list == null) {
      if (!r.failed("pattern") && !r.failed("models")) {
        problems.add(ConfigProblem.error(path, "model_name needs pattern (glob) or models (list)"));
      }
      return null;
    }
    if (pattern != null && list != null) {
      problems.add(ConfigProblem.error(path, "model_name takes pattern or models, not both"));
      return null;
    }
    if (pattern != null) {
      if (pattern.isBlank()) {
        problems.add(ConfigProblem.error(path + ".pattern", "must not be empty"));
        return null;
      }
      return new Condition.ModelName(pattern, null);
    }
    if (list.isEmpty()) {
      problems.add(ConfigProblem.error(path + ".models", "is empty; list at least one model name or glob"));
      return null;
    }
    List<String> models = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Object value = list.getValue(i);
      if (value instanceof String s && !s.isBlank()) {
        models.add(s);
      } else if (value != null) {
        problems.add(ConfigProblem.error(path + ".models[" + i + "]",
            "must be a model name or glob, got " + Reader.describe(value)));
      }
    }
    return models.isEmpty() ? null : new Condition.ModelName(null, models);
  }

  private static Condition contentPattern(Reader r, String path, Phase phase, List<ConfigProblem> problems) {
    String regex = r.string("pattern", false);
    Field field = r.oneOf("field", false, Field.class);
    if (phase == Phase.REQUEST && field == Field.RESPONSE) {
      problems.add(ConfigProblem.error(path + ".field", "response cannot be matched in the request phase"));
    } else if (phase == Phase.RESPONSE && field != null && field != Field.RESPONSE) {
      problems.add(ConfigProblem.error(path + ".field", field.configName()
          + " cannot be matched in the response phase, which reads the answer (use response, or leave field out)"));
    }
    if (regex == null) {
      if (!r.failed("pattern")) {
        problems.add(ConfigProblem.error(path + ".pattern", "required for content_pattern"));
      }
      return null;
    }
    Pattern compiled = compileRegex(regex, path + ".pattern", problems);
    if (compiled == null) {
      return null;
    }
    if (field == null) {
      field = phase == Phase.REQUEST ? Field.MESSAGES : Field.RESPONSE;
    }
    return new Condition.ContentPattern(regex, field, compiled);
  }

  /**
   * Compiles a {@code content_pattern} regex with RE2/J, or reports why it cannot be: RE2 syntax is Java's
   * without the features that need backtracking (backreferences, lookaround, possessive and atomic groups),
   * which is what makes matching linear in the text and a ReDoS impossible.
   */
  static Pattern compileRegex(String regex, String path, List<ConfigProblem> problems) {
    if (regex.isEmpty()) {
      problems.add(ConfigProblem.error(path, "must not be empty (it would match every text)"));
      return null;
    }
    Pattern compiled;
    try {
      compiled = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      problems.add(ConfigProblem.error(path, regexProblem(e)));
      return null;
    }
    if (compiled.programSize() > MAX_PATTERN_INSTRUCTIONS) {
      problems.add(ConfigProblem.error(path, "regular expression is too complex: it compiles to "
          + compiled.programSize() + " RE2 instructions, the limit is " + MAX_PATTERN_INSTRUCTIONS
          + " (every character of every message costs up to one step per instruction)"));
      return null;
    }
    return compiled;
  }

  private static final String LINEAR = "content_pattern regexes run on RE2, which guarantees linear-time matching "
      + "and has no ";

  private static String regexProblem(PatternSyntaxException e) {
    String description = e.getDescription() == null ? "" : e.getDescription();
    String where = e.getPattern() == null ? "" : e.getPattern();
    if (where.startsWith("(?=") || where.startsWith("(?!") || where.startsWith("(?<=") || where.startsWith("(?<!")) {
      return "lookahead and lookbehind ((?=, (?!, (?<=, (?<!) are not supported: " + LINEAR + "lookaround";
    }
    if (description.equals("invalid escape sequence") && where.matches("\\\\([1-9k]).*")) {
      return "backreferences (\\1, \\k<name>) are not supported: " + LINEAR + "backreferences";
    }
    if (where.startsWith("(?>") || description.equals("invalid nested repetition operator") && where.length() == 2
        && where.charAt(1) == '+' && "*+?}".indexOf(where.charAt(0)) >= 0) {
      return "possessive quantifiers and atomic groups are not supported (and not needed: RE2 never backtracks)";
    }
    return "invalid regular expression: " + description + (where.isEmpty() ? "" : " in \"" + where + "\"");
  }

  static String format(double number) {
    return number == Math.rint(number) && Math.abs(number) < 1e15 ? Long.toString((long) number)
        : Double.toString(number);
  }

  private static long errors(List<ConfigProblem> problems) {
    return problems.stream().filter(ConfigProblem::isError).count();
  }

  /** Typed reads of one JSON object that report a wrong type at the key's path. */
  private static final class Reader {
    private final JsonObject json;
    private final String path;
    private final List<ConfigProblem> problems;
    private final Set<String> failed = new HashSet<>();

    Reader(JsonObject json, String path, List<ConfigProblem> problems) {
      this.json = json;
      this.path = path;
      this.problems = problems;
    }

    /** True when the key was present but had the wrong type (already reported). */
    boolean failed(String key) {
      return failed.contains(key);
    }

    private void wrongType(String key, String expected, Object value) {
      failed.add(key);
      problems.add(ConfigProblem.error(path + "." + key, "must be " + expected + ", got " + describe(value)));
    }

    private Object value(String key, boolean required) {
      Object value = json.getValue(key);
      if (value == null && required) {
        problems.add(ConfigProblem.error(path + "." + key, "is required"));
      }
      return value;
    }

    String string(String key, boolean required) {
      Object value = value(key, required);
      if (value == null || value instanceof String) {
        return (String) value;
      }
      wrongType(key, "a string", value);
      return null;
    }

    String enumString(String key, boolean required, Set<String> allowed) {
      String value = string(key, required);
      if (value != null && !allowed.contains(value)) {
        failed.add(key);
        problems.add(ConfigProblem.error(path + "." + key, "must be one of "
            + String.join(" | ", allowed.stream().sorted().toList()) + ", got \"" + value + "\""));
        return null;
      }
      return value;
    }

    <E extends Enum<E>> E oneOf(String key, boolean required, Class<E> type) {
      List<String> names = Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
      String value = string(key, required);
      if (value == null) {
        return null;
      }
      if (!names.contains(value)) {
        failed.add(key);
        problems.add(ConfigProblem.error(path + "." + key,
            "must be one of " + String.join(" | ", names) + ", got \"" + value + "\""));
        return null;
      }
      return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    }

    JsonObject object(String key, boolean required) {
      Object value = value(key, required);
      if (value == null || value instanceof JsonObject) {
        return (JsonObject) value;
      }
      wrongType(key, "a map of keys", value);
      return null;
    }

    JsonArray list(String key) {
      Object value = value(key, false);
      if (value == null || value instanceof JsonArray) {
        return (JsonArray) value;
      }
      wrongType(key, "a list", value);
      return null;
    }

    Double number(String key) {
      Object value = value(key, false);
      if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
        return n.doubleValue();
      }
      if (value != null) {
        wrongType(key, "a number", value);
      }
      return null;
    }

    Boolean bool(String key) {
      Object value = value(key, false);
      if (value == null || value instanceof Boolean) {
        return (Boolean) value;
      }
      wrongType(key, "true or false", value);
      return null;
    }

    static String describe(Object value) {
      if (value instanceof String s) {
        return "\"" + (s.length() > 60 ? s.substring(0, 60) + "…" : s) + "\"";
      }
      if (value instanceof JsonArray) {
        return "a list";
      }
      if (value instanceof JsonObject) {
        return "a map";
      }
      if (value instanceof Boolean) {
        return "a boolean (" + value + ")";
      }
      return value instanceof Number n ? format(n.doubleValue()) : String.valueOf(value);
    }
  }
}
