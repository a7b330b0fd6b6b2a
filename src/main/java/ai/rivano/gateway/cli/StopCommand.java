package ai.rivano.gateway.cli;

import picocli.CommandLine.Command;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code rivano-gateway stop}: SIGTERM to the PID in {@code ./.rivano-gateway.pid}, then waits until the gateway
 * has drained and exited. Exit 1 with no pid file or a stale one (which it removes).
 */
@Command(name = "stop", mixinStandardHelpOptions = true, versionProvider = Version.class, description = "Stop the gateway started from this directory (drains in-flight requests).")
final class StopCommand implements Callable<Integer> {

  /** Longer than any sane shutdownTimeoutMs; past it we report rather than hang forever. */
  private static final long MAX_WAIT_SECONDS = 15 * 60;

  @Override
  public Integer call() throws Exception {
    PidFile pidFile = PidFile.inWorkingDirectory();
    if (!pidFile.exists()) {
      System.err.println("Gateway is not running (no " + PidFile.NAME + " in " + pidFile.path().getParent() + ")");
      return 1;
    }
    Optional<ProcessHandle> gateway = pidFile.liveGateway();
    if (gateway.isEmpty()) {
      System.err.println("Gateway is not running (stale " + PidFile.NAME + " for PID "
          + pidFile.read().map(String::valueOf).orElse("?") + " removed)");
      pidFile.deleteQuietly();
      return 1;
    }
    ProcessHandle process = gateway.get();
    process.destroy(); // SIGTERM
    try {
      process.onExit().get(MAX_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      System.err.println("Gateway (PID " + process.pid() + ") is still draining after " + MAX_WAIT_SECONDS + " s");
      return 1;
    }
    System.out.println("Gateway stopped");
    return 0;
  }
}
