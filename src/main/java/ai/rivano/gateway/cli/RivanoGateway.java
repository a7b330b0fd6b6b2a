package ai.rivano.gateway.cli;

import ai.rivano.gateway.observability.LogSetup;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code rivano-gateway}: the command line of the user's deployment page. Exit codes: 0 success, 1 failure
 * (invalid config, port taken, nothing to stop), 2 bad usage, 3 {@code status} found no gateway (LSB).
 */
@Command(name = "rivano-gateway",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Self-hosted LLM gateway.",
    subcommands = {StartCommand.class, StopCommand.class, StatusCommand.class, ValidateCommand.class})
public final class RivanoGateway implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  private final Map<String, String> environment;

  /** The environment {@code ${VAR}} references expand from: the process's own. */
  public RivanoGateway() {
    this(System.getenv());
  }

  /** With a given environment (tests run the real commands without touching the process environment). */
  public RivanoGateway(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  Map<String, String> environment() {
    return environment;
  }

  public static void main(String[] args) {
    LogSetup.bootstrap();
    System.exit(new CommandLine(new RivanoGateway()).execute(args));
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: start, stop, status or validate");
  }
}
