package ai.rivano.gateway.config;

import io.vertx.core.Vertx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Writes YAML to a temp file and loads it through {@link ConfigLoader} with an injected environment. */
final class ConfigHarness {

  /** What one load produced: the config (null when invalid) and the printed lines. */
  record Result(GatewayConfig config, List<String> errors, List<String> warnings) {

    boolean valid() {
      return config != null;
    }

    List<String> allLines() {
      List<String> all = new ArrayList<>(warnings);
      all.addAll(errors);
      return all;
    }
  }

  private ConfigHarness() {
  }

  static Result load(Vertx vertx, Path dir, String yaml, Map<String, String> env) throws IOException {
    Path file = Files.createTempFile(dir, "rivano-", ".yaml");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return loadFile(vertx, file, env);
  }

  static Result loadFile(Vertx vertx, Path file, Map<String, String> env) {
    List<ConfigProblem> warnings = new ArrayList<>();
    try {
      GatewayConfig config = new ConfigLoader(vertx, env, warnings).load(file)
          .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      return new Result(config, List.of(), lines(warnings));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof InvalidConfigException invalid) {
        return new Result(null, lines(invalid.problems()), lines(warnings));
      }
      throw new AssertionError("unexpected failure", e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("config did not load in time", e);
    }
  }

  private static List<String> lines(List<ConfigProblem> problems) {
    return problems.stream().map(ConfigProblem::toLine).toList();
  }
}
