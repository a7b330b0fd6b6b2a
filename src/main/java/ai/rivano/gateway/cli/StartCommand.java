package ai.rivano.gateway.cli;

import ai.rivano.gateway.config.GatewayConfig;
import ai.rivano.gateway.node.GatewayNode;
import ai.rivano.gateway.observability.GatewayMetrics;
import ai.rivano.gateway.observability.LogSettings;
import ai.rivano.gateway.observability.LogSetup;
import ai.rivano.gateway.observability.StartupSummary;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code rivano-gateway start [--port N] [--file PATH]}: runs the gateway in the foreground until SIGTERM or
 * SIGINT, then drains and exits 0. Refuses to start (exit 1, one line per reason) on an invalid config, a taken
 * port, or a pid file naming a live gateway.
 */
@Command(name = "start", mixinStandardHelpOptions = true, versionProvider = Version.class, description = "Start the gateway in the foreground.")
final class StartCommand implements Callable<Integer> {

  @Option(names = "--port", paramLabel = "<port>", description = "Override the port from the config file (default 8080)")
  Integer port;

  @picocli.CommandLine.ParentCommand
  RivanoGateway parent;

  @Option(names = "--file", paramLabel = "<path>", defaultValue = "./rivano.yaml",
      description = "Path to the config file (default: ${DEFAULT-VALUE})")
  Path file;

  @Option(names = "--log-format", paramLabel = "<fmt>",
      description = "Log lines on stderr: text (default) or json; also RIVANO_LOG_FORMAT")
  String logFormat;

  @Option(names = "--log-level", paramLabel = "<lvl>",
      description = "trace, debug, info (default), warn, error; also RIVANO_LOG_LEVEL")
  String logLevel;

  private final CountDownLatch stopRequested = new CountDownLatch(1);

  @Override
  public Integer call() throws Exception {
    if (port != null && (port < 1 || port > 65_535)) {
      System.err.println("✖ --port must be between 1 and 65535, got " + port);
      return 1;
    }
    LogSettings logSettings;
    try {
      // flags and environment apply before anything logs; the file's settings once it is read
      logSettings = LogSettings.resolve(logFormat, logLevel, parent.environment(), null);
    } catch (IllegalArgumentException e) {
      System.err.println("✖ " + e.getMessage());
      return 1;
    }
    LogSetup.apply(logSettings);
    PidFile pidFile = PidFile.inWorkingDirectory();
    Optional<ProcessHandle> running = pidFile.liveGateway();
    if (running.isPresent()) {
      System.err.println("✖ a gateway is already running (PID " + running.get().pid() + ", see " + pidFile.path() + ")");
      return 1;
    }
    Vertx vertx = VertxFactory.standalone();
    GatewayConfig config = ConfigReader.read(vertx, file, parent.environment(), System.out, System.err);
    if (config == null) {
      vertx.close();
      return 1;
    }
    if (port != null) {
      config = config.withPort(port);
    }
    logSettings = LogSettings.resolve(logFormat, logLevel, parent.environment(), config.logging());
    LogSetup.apply(logSettings);
    // the instance that read the config knew nothing of it: the node's own is clustered and/or instrumented
    GatewayMetrics metrics = GatewayMetrics.create(config);
    if (config.cluster().enabled() || metrics.enabled()) {
      vertx.close();
      try {
        vertx = VertxFactory.forNode(config, metrics);
      } catch (ExecutionException | RuntimeException e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        System.err.println("✖ " + (config.cluster().enabled() ? "cannot join the cluster: " : "cannot start: ")
            + cause.getMessage());
        return 1;
      }
    }
    GatewayNode node;
    try {
      node = GatewayNode.start(vertx, config, metrics).toCompletionStage().toCompletableFuture().get();
    } catch (ExecutionException e) {
      System.err.println("✖ " + e.getCause().getMessage());
      vertx.close();
      return 1;
    }
    long pid = ProcessHandle.current().pid();
    try {
      pidFile.write(pid);
    } catch (IOException e) {
      System.err.println("✖ cannot write " + pidFile.path() + ": " + e.getMessage());
      vertx.close();
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> pidFile.deleteIfOwnedBy(pid)));
    Signal.handle(new Signal("TERM"), signal -> stopRequested.countDown());
    Signal.handle(new Signal("INT"), signal -> stopRequested.countDown());
    StartupSummary.log(Version.number(), config, logSettings);
    System.out.println("Gateway running on http://localhost:" + node.port());
    System.out.flush();

    stopRequested.await();
    System.out.println("Draining in-flight requests (up to " + config.shutdownTimeoutMs() + " ms)…");
    try {
      node.drain().toCompletionStage().toCompletableFuture()
          .get(config.shutdownTimeoutMs() + 5_000, TimeUnit.MILLISECONDS);
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      System.err.println("⚠ shutdown did not complete cleanly; exiting");
    }
    pidFile.deleteIfOwnedBy(pid);
    System.out.println("Gateway stopped");
    return 0;
  }
}
