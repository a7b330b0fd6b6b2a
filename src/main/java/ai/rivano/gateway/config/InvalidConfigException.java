package ai.rivano.gateway.config;

import java.util.List;

/** Thrown when a configuration file has at least one error; carries every problem found, not just the first. */
public final class InvalidConfigException extends RuntimeException {

  private final List<ConfigProblem> problems;

  public InvalidConfigException(List<ConfigProblem> problems) {
    super(problems.isEmpty() ? "invalid configuration" : problems.get(0).toLine(), null, false, false);
    this.problems = List.copyOf(problems);
  }

  public List<ConfigProblem> problems() {
    return problems;
  }
}
