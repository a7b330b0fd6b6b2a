package ai.rivano.gateway.cli;

import ai.rivano.gateway.config.ConfigLoader;
import ai.rivano.gateway.config.ConfigProblem;
import ai.rivano.gateway.config.GatewayConfig;
import ai.rivano.gateway.config.InvalidConfigException;
import io.vertx.core.Vertx;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

/** Loads the config for {@code start} and {@code validate} alike and prints problems the same way. */
final class ConfigReader {

  private ConfigReader() {
  }

  /** @return the config, or null after printing every problem (one line each) to {@code err} */
  static GatewayConfig read(Vertx vertx, Path file, java.util.Map<String, String> environment, PrintStream out,
                            PrintStream err) {
    List<ConfigProblem> warnings = new ArrayList<>();
    try {
      GatewayConfig config = new ConfigLoader(vertx, environment, warnings).load(file)
          .toCompletionStage().toCompletableFuture().get();
      warnings.forEach(w -> err.println(w.toLine()));
      return config;
    } catch (ExecutionException e) {
      warnings.forEach(w -> err.println(w.toLine()));
      if (e.getCause() instanceof InvalidConfigException invalid) {
        invalid.problems().forEach(p -> err.println(p.toLine()));
      } else {
        err.println("✖ cannot read " + file + ": " + e.getCause().getMessage());
      }
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
