package ai.rivano.gateway.cli;

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

  public static void main(String[] args) {
    Logging.quietLibraries();
    System.exit(new CommandLine(new RivanoGateway()).execute(args));
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: start, stop, status or validate");
  }
}
