package ai.rivano.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code start}, {@code status}, the refusals of {@code start}, and SIGTERM, against one gateway process started
 * through the launcher in a temp directory (shared by the ordered tests; the last one stops it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliLifecycleIT {

  @TempDir
  static Path dir;

  private int port;
  private Cli.Running gateway;

  @BeforeAll
  void startGateway() {
    Cli.write(dir.resolve("rivano.yaml"), Cli.echoConfig());
    port = Cli.freePort();
    gateway = Cli.start(dir, port);
  }

  @AfterAll
  void stopGateway() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  @Order(1)
  void startWritesPidFileWithTheProcessPid() throws IOException {
    assertTrue(gateway.stdout.contains("Gateway running on http://localhost:" + port), gateway.stdout::toString);
    Path pidFile = dir.resolve(".rivano-gateway.pid");
    assertTrue(Files.exists(pidFile));
    // The launcher execs the JVM, so the PID we spawned is the gateway's own.
    assertEquals(Long.toString(gateway.pid()), Files.readString(pidFile).trim());
  }

  @Test
  @Order(2)
  void healthAnswersTheDocumentedShapeWithRivanoHeaders() throws Exception {
    HttpResponse<String> r = Cli.get(port, "/health");
    assertEquals(200, r.statusCode());
    JsonObject body = new JsonObject(r.body());
    assertEquals(Set.of("status", "uptime", "provider", "cloudSync"), body.fieldNames(), r.body());
    assertEquals("ok", body.getString("status"));
    assertTrue(body.getValue("uptime") instanceof Number, r.body());
    assertTrue(body.getLong("uptime") >= 0);
    assertEquals("echo", body.getString("provider"));
    assertEquals(Boolean.FALSE, body.getBoolean("cloudSync"));
    assertRivanoHeaders(r, "echo");
  }

  @Test
  @Order(3)
  void proxiedRequestThenStatusPrintsTheSevenLines() throws Exception {
    HttpResponse<String> chat = Cli.HTTP.send(Cli.chat(port, "hello gateway"), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, chat.statusCode(), chat.body());
    assertTrue(chat.body().contains("hello gateway"), chat.body());
    assertRivanoHeaders(chat, "echo");

    Cli.Result status = Cli.run(dir, "status", "--port", Integer.toString(port));
    assertEquals(0, status.exitCode(), status::toString);
    List<String> lines = status.outLines();
    assertEquals(7, lines.size(), status::toString);
    assertEquals("Gateway status: running", lines.get(0));
    assertEquals("PID: " + Files.readString(dir.resolve(".rivano-gateway.pid")).trim(), lines.get(1));
    assertEquals("PID: " + gateway.pid(), lines.get(1));
    assertEquals("Port: " + port, lines.get(2));
    assertTrue(lines.get(3).matches("Uptime: (\\d+s|\\d+m \\d+s|\\d+h \\d+m|\\d+d \\d+h)"), lines.get(3));
    assertEquals("Requests: 1 (100.0% success)", lines.get(4));
    assertEquals("Provider: echo (primary)", lines.get(5));
    assertEquals("Cloud sync: disabled", lines.get(6));
  }

  @Test
  @Order(4)
  void statusEndpointIsNotReachableThroughAProxy() throws Exception {
    HttpResponse<String> r = Cli.HTTP.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("http://127.0.0.1:" + port + "/_rivano/status"))
        .header("X-Forwarded-For", "203.0.113.7").GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(404, r.statusCode(), r.body());
  }

  @Test
  @Order(5)
  void secondStartInTheSameDirectoryIsRefused() throws Exception {
    Cli.Result second = Cli.run(dir, "start", "--port", Integer.toString(Cli.freePort()), "--file", "rivano.yaml");
    assertEquals(1, second.exitCode(), second::toString);
    assertEquals(1, second.errLines().size(), second::toString);
    assertTrue(second.stderr().contains("already running") && second.stderr().contains(Long.toString(gateway.pid())),
        second::toString);
    assertFalse(second.stdout().contains("Gateway running"), second::toString);
    // The first gateway's pid file is untouched and it still serves.
    assertEquals(Long.toString(gateway.pid()), Files.readString(dir.resolve(".rivano-gateway.pid")).trim());
    assertEquals(200, Cli.get(port, "/health").statusCode());
  }

  @Test
  @Order(6)
  void startRefusesATakenPort(@TempDir Path other) throws IOException {
    Cli.write(other.resolve("rivano.yaml"), Cli.echoConfig());
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Cli.Result r = Cli.run(other, "start", "--port", Integer.toString(taken.getLocalPort()), "--file", "rivano.yaml");
      assertEquals(1, r.exitCode(), r::toString);
      assertEquals(List.of("✖ port " + taken.getLocalPort() + " is already in use (or not permitted) on 127.0.0.1"),
          r.errLines(), r::toString);
      assertFalse(Files.exists(other.resolve(".rivano-gateway.pid")));
    }
  }

  @Test
  @Order(7)
  void startRefusesAnInvalidConfigWithTheValidateLine(@TempDir Path other) {
    Cli.write(other.resolve("rivano.yaml"), """
        gateway:
          host: 127.0.0.1
          prot: 8080
          providers:
            echo: {}
        """);
    Cli.Result validate = Cli.run(other, "validate", "--file", "rivano.yaml");
    assertEquals(1, validate.exitCode(), validate::toString);
    assertEquals(1, validate.errLines().size(), validate::toString);
    String line = validate.errLines().get(0);
    assertTrue(line.startsWith("✖ gateway.prot: unknown key"), line);
    assertTrue(line.contains("did you mean"), line);

    Cli.Result start = Cli.run(other, "start", "--port", Integer.toString(Cli.freePort()), "--file", "rivano.yaml");
    assertEquals(1, start.exitCode(), start::toString);
    assertEquals(List.of(line), start.errLines(), start::toString);
    assertFalse(start.stdout().contains("Gateway running"), start::toString);
    assertFalse(Files.exists(other.resolve(".rivano-gateway.pid")));
  }

  /** The systemd / Docker path: SIGTERM straight to the process, no {@code stop} command. */
  @Test
  @Order(100)
  void sigtermDrainsAndExitsZeroRemovingThePidFile() {
    assertTrue(gateway.process.isAlive(), () -> "gateway died early: " + gateway.stdout + gateway.stderr);
    gateway.sigterm();
    assertEquals(0, gateway.awaitExit(), () -> "stdout " + gateway.stdout + " stderr " + gateway.stderr);
    assertTrue(gateway.stdout.contains("Gateway stopped"), () -> gateway.stdout + " / " + gateway.stderr);
    assertFalse(Files.exists(dir.resolve(".rivano-gateway.pid")));
    Cli.Result status = Cli.run(dir, "status", "--port", Integer.toString(port));
    assertEquals(3, status.exitCode(), status::toString);
    assertEquals(List.of("Gateway status: stopped"), status.outLines());
  }

  static void assertRivanoHeaders(HttpResponse<?> r, String provider) {
    assertEquals(provider, r.headers().firstValue("X-Rivano-Provider").orElse(null), r.headers().toString());
    assertTrue(r.headers().firstValue("X-Rivano-Latency").orElse("").matches("\\d+"), r.headers().toString());
    assertTrue(r.headers().firstValue("X-Rivano-Trace-Id").orElse("").matches("trace_[0-9a-z]+"),
        r.headers().toString());
  }
}
