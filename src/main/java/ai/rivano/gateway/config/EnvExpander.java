package ai.rivano.gateway.config;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands {@code ${VAR}} and {@code ${VAR:-default}} in string values, the way the user's documentation
 * promises ("reference them with ${VAR_NAME} in rivano.yaml"). Vert.x Config has no interpolation of its own.
 * Undefined variables without a default are reported as problems at the key path that used them, so
 * {@code validate} names both the key and the variable.
 */
final class EnvExpander {

  private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private final Function<String, String> environment;

  EnvExpander(Function<String, String> environment) {
    this.environment = environment;
  }

  EnvExpander(Map<String, String> environment) {
    this(environment::get);
  }

  /** Returns the expanded value; adds one problem per undefined variable. */
  String expand(String value, String path, List<ConfigProblem> problems) {
    if (value.indexOf("${") < 0) {
      return value;
    }
    Matcher m = REFERENCE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String fallback = m.group(2);
      String resolved = environment.apply(name);
      if (resolved == null || (resolved.isEmpty() && fallback != null)) {
        resolved = fallback;
      }
      if (resolved == null) {
        problems.add(ConfigProblem.error(path, "environment variable ${" + name + "} is not set"));
        resolved = "";
      }
      m.appendReplacement(out, Matcher.quoteReplacement(resolved));
    }
    m.appendTail(out);
    if (REFERENCE.matcher(value).replaceAll("").contains("${")) {
      // e.g. ${OPENAI-KEY}, ${1X} or a missing "}": never silently kept as a literal (it might become an API key).
      // The text is not echoed: it sits in a value that may be a secret.
      problems.add(ConfigProblem.error(path,
          "malformed variable reference (write ${NAME} or ${NAME:-default}; NAME is letters, digits and _)"));
    }
    return out.toString();
  }
}
