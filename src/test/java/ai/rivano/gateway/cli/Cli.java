package ai.rivano.gateway.cli;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code rivano-gateway} as a real process through the launcher script ({@code rivano.launcher}) with the
 * shaded jar ({@code rivano.jar}, passed as {@code RIVANO_GATEWAY_JAR}), in a given working directory.
 */
final class Cli {

  static final Path LAUNCHER = Path.of(System.getProperty("rivano.launcher", "deploy/bin/rivano-gateway")).toAbsolutePath();
  static final Path JAR = Path.of(System.getProperty("rivano.jar", "target/rivano-gateway.jar")).toAbsolutePath();
  static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build(); // default version: tries an h2c upgrade, which the gateway declines

  private Cli() {
  }

  /** The result of a command that ran to completion. */
  record Result(int exitCode, String stdout, String stderr) {
    List<String> outLines() {
      return stdout.isEmpty() ? List.of() : List.of(stdout.split("\\R"));
    }

    List<String> errLines() {
      return stderr.isEmpty() ? List.of() : List.of(stderr.split("\\R"));
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
  }

  static ProcessBuilder builder(Path workDir, List<String> command, Map<String, String> env) {
    ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
    pb.environment().put("RIVANO_GATEWAY_JAR", JAR.toString());
    pb.environment().putAll(env);
    return pb;
  }

  static List<String> launcher(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(LAUNCHER.toString());
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** Runs a command that ends on its own (validate, status, stop, a refused start). */
  static Result run(Path workDir, String... args) {
    return run(workDir, Map.of(), launcher(args));
  }

  static Result run(Path workDir, Map<String, String> env, List<String> command) {
    try {
      Path out = Files.createTempFile("rivano-cli", ".out");
      Path err = Files.createTempFile("rivano-cli", ".err");
      Process p = builder(workDir, command, env)
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("command did not end within 60 s: " + command);
      }
      Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** A long-running process (the gateway) whose output is collected line by line as it arrives. */
  static final class Running implements AutoCloseable {
    final Process process;
    final List<String> stdout = Collections.synchronizedList(new ArrayList<>());
    final List<String> stderr = Collections.synchronizedList(new ArrayList<>());

    private final Thread outPump;
    private final Thread errPump;

    Running(Process process) {
      this.process = process;
      outPump = pump(process.getInputStream(), stdout);
      errPump = pump(process.getErrorStream(), stderr);
    }

    private static Thread pump(java.io.InputStream in, List<String> sink) {
      Thread t = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) {
            sink.add(line);
          }
        } catch (IOException ignored) {
          // process ended
        }
      }, "cli-output");
      t.setDaemon(true);
      t.start();
      return t;
    }

    long pid() {
      return process.pid();
    }

    /**
     * SIGTERM, as systemd, Docker or {@code kill} send it. Through the {@link ProcessHandle}: {@link Process#destroy()}
     * would also close our ends of its pipes, losing whatever it prints while it shuts down.
     */
    void sigterm() {
      process.toHandle().destroy();
    }

    /** Waits for the given stdout line (fails early if the process dies first). */
    Running awaitLine(String line) {
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
        if (!process.isAlive() && !stdout.contains(line)) {
          throw new AssertionError("process exited with " + process.exitValue() + " before printing \"" + line
              + "\"\nstdout: " + stdout + "\nstderr: " + stderr);
        }
        return stdout.contains(line);
      });
      return this;
    }

    int awaitExit() {
      try {
        if (!process.waitFor(45, TimeUnit.SECONDS)) {
          throw new AssertionError("process " + pid() + " still alive after 45 s; stdout " + stdout + " stderr " + stderr);
        }
        // Its output is complete once the pipes reach end of stream.
        outPump.join(10_000);
        errPump.join(10_000);
        return process.exitValue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }

    @Override
    public void close() {
      if (process.isAlive()) {
        process.destroy();
        try {
          if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          process.destroyForcibly();
        }
      }
    }
  }

  static Running spawn(Path workDir, Map<String, String> env, List<String> command) {
    try {
      return new Running(builder(workDir, command, env).start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code rivano-gateway start --port N --file rivano.yaml}, waiting until it accepts traffic. */
  static Running start(Path workDir, int port) {
    return spawn(workDir, Map.of(), launcher("start", "--port", Integer.toString(port), "--file", "rivano.yaml"))
        .awaitLine("Gateway running on http://localhost:" + port);
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An echo-provider config bound to loopback only (tests talk to 127.0.0.1 and nothing else). */
  static String echoConfig() {
    return """
        gateway:
          host: 127.0.0.1
          port: ${PORT:-8080}
          providers:
            echo: { isPrimary: true }
        """;
  }

  static Path write(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      return Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpRequest chat(int port, String content) {
    String body = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}";
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
        .timeout(Duration.ofSeconds(20))
        .header("content-type", "application/json")
        .header("authorization", "Bearer sk-client")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }
}
