package ai.rivano.gateway.config;

/**
 * One thing wrong (or suspicious) in a configuration file, tied to the key path that caused it.
 *
 * @param path     dotted key path such as {@code gateway.providers.azure.baseUrl}; empty for file-level problems
 * @param message  what is wrong, phrased for an operator
 * @param severity {@link Severity#ERROR} makes the file invalid; {@link Severity#WARNING} is printed but accepted
 */
public record ConfigProblem(String path, String message, Severity severity) {

  public enum Severity { ERROR, WARNING }

  public static ConfigProblem error(String path, String message) {
    return new ConfigProblem(path, message, Severity.ERROR);
  }

  public static ConfigProblem warning(String path, String message) {
    return new ConfigProblem(path, message, Severity.WARNING);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** The line the CLI prints, e.g. {@code ✖ gateway.port: must be an integer}. */
  public String toLine() {
    String mark = isError() ? "✖" : "⚠";
    return path.isEmpty() ? mark + " " + message : mark + " " + path + ": " + message;
  }
}
