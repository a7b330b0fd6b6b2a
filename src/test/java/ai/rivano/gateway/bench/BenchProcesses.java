package ai.rivano.gateway.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The processes a benchmark run starts, shared by {@link GatewayBenchmark} and {@link SoakRun}: the upstream stub in
 * its own JVM, and real gateways through {@code deploy/bin/rivano-gateway start} (the launcher's own JVM flags unless
 * {@code RIVANO_JAVA_OPTS} is given), each in its own directory holding its config, pid file and log.
 */
final class BenchProcesses {

  /** A started stub: its process and the port it reported. */
  record Stub(Process process, int port) {
    long pid() {
      return process.pid();
    }
  }

  private BenchProcesses() {
  }

  /** Starts {@link UpstreamStub} in its own JVM (this JVM's classpath) and waits for the port it reports. */
  static Stub startStub(Path log, String javaOpts, List<String> stubArgs) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(javaBin());
    cmd.addAll(splitOpts(javaOpts));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), UpstreamStub.class.getName()));
    cmd.addAll(stubArgs);
    Process process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("stub exited: " + tail(log));
      }
      for (String line : Files.readAllLines(log)) {
        if (line.startsWith(UpstreamStub.PORT_LINE)) {
          return new Stub(process, Integer.parseInt(line.substring(UpstreamStub.PORT_LINE.length()).trim()));
        }
      }
      Thread.sleep(50);
    }
    process.destroy();
    throw new IllegalStateException("stub did not report its port within 30 s: " + tail(log));
  }

  /**
   * {@code rivano-gateway start} in {@code dir} with its {@code rivano.yaml}, output to {@code dir/gateway.log}.
   *
   * @param javaOpts {@code RIVANO_JAVA_OPTS}, or null for the launcher's defaults
   */
  static Process launchGateway(Path launcher, Path jar, Path dir, int port, String javaOpts) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "start", "--port", Integer.toString(port),
        "--file", "rivano.yaml").directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("gateway.log").toFile());
    if (javaOpts != null) {
      pb.environment().put("RIVANO_JAVA_OPTS", javaOpts);
    } else {
      pb.environment().remove("RIVANO_JAVA_OPTS");
    }
    pb.environment().put("RIVANO_GATEWAY_JAR", jar.toString());
    return pb.start();
  }

  /** Waits for "Gateway running" and the pid file; returns the PID it names. */
  static long awaitRunning(Process process, Path dir) throws Exception {
    Path pidFile = dir.resolve(".rivano-gateway.pid");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("gateway exited with " + process.exitValue() + ":\n"
            + tail(dir.resolve("gateway.log")));
      }
      if (Files.readString(dir.resolve("gateway.log")).contains("Gateway running on") && Files.exists(pidFile)) {
        return Long.parseLong(Files.readString(pidFile).trim());
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("gateway not ready within 120 s:\n" + tail(dir.resolve("gateway.log")));
  }

  /** {@code rivano-gateway stop} in {@code dir}; says how it went, for the report. */
  static String stopGateway(Path launcher, Path dir, Process gateway) throws Exception {
    Path out = dir.resolve("stop.log");
    Process stop = new ProcessBuilder(launcher.toString(), "stop").directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    boolean exited = stop.waitFor(60, TimeUnit.SECONDS) && gateway.waitFor(30, TimeUnit.SECONDS);
    String text = Files.readString(out).trim();
    if (!exited) {
      return "⚠ gateway did not stop within 90 s (" + text + ")";
    }
    return "`rivano-gateway stop` → \"" + text + "\", exit " + stop.exitValue()
        + "; gateway exit code " + gateway.exitValue();
  }

  /** Ends {@code p} (SIGTERM, then SIGKILL after 20 s) if it is still running. */
  static void destroy(Process p) {
    if (p != null && p.isAlive()) {
      p.destroy();
      try {
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort
    }
  }

  static String javaBin() {
    // The same java the launcher uses: $JAVA_HOME/bin/java, else the one on PATH.
    String home = System.getenv("JAVA_HOME");
    return home == null || home.isBlank() ? "java" : Path.of(home, "bin", "java").toString();
  }

  static List<String> splitOpts(String opts) {
    return opts.isBlank() ? List.of() : List.of(opts.trim().split("\\s+"));
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  static String loadavg() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "n/a";
    }
  }

  static String cpuModel() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines.filter(l -> l.startsWith("model name")).findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("n/a");
    } catch (IOException e) {
      return "n/a";
    }
  }

  /** Runs a short command and returns its output (stdout and stderr), or "n/a". */
  static String run(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      p.waitFor(10, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      return "n/a";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "n/a";
    }
  }

  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }
}
