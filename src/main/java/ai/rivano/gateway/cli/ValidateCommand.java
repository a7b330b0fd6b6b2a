package ai.rivano.gateway.cli;

import ai.rivano.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code rivano-gateway validate [--file PATH]}: checks the config without starting. Exit 0 valid, 1 invalid. */
@Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = Version.class, description = "Check the config file without starting the gateway.")
final class ValidateCommand implements Callable<Integer> {

  @picocli.CommandLine.ParentCommand
  RivanoGateway parent;

  @Option(names = "--file", paramLabel = "<path>", defaultValue = "./rivano.yaml",
      description = "Path to the config file (default: ${DEFAULT-VALUE})")
  Path file;

  @Override
  public Integer call() {
    Vertx vertx = Vertx.vertx();
    try {
      GatewayConfig config = ConfigReader.read(vertx, file, parent.environment(), System.out, System.err);
      if (config == null) {
        return 1;
      }
      System.out.println("✔ " + config.fileName() + " is valid");
      return 0;
    } finally {
      vertx.close();
    }
  }
}
