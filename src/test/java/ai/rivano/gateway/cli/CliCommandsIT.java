package ai.rivano.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code validate}, {@code stop} and {@code status} when no gateway is involved, as real processes. */
class CliCommandsIT {

  @TempDir
  Path dir;

  @Test
  void validatePrintsTheFilesOwnNameAndExitsZero() {
    Cli.write(dir.resolve("x.yaml"), Cli.echoConfig());
    Cli.Result r = Cli.run(dir, "validate", "--file", "x.yaml");
    assertEquals(0, r.exitCode(), r::toString);
    assertEquals(List.of("✔ x.yaml is valid"), r.outLines());
  }

  @Test
  void validateOfAbsolutePathPrintsOnlyTheFileName() {
    Path file = Cli.write(dir.resolve("etc/rivano/rivano.yaml"), Cli.echoConfig());
    Cli.Result r = Cli.run(dir, "validate", "--file", file.toString());
    assertEquals(0, r.exitCode(), r::toString);
    assertEquals(List.of("✔ rivano.yaml is valid"), r.outLines());
  }

  @Test
  void validateWithoutFileUsesRivanoYamlInTheWorkingDirectory() {
    Cli.Result missing = Cli.run(dir, "validate");
    assertEquals(1, missing.exitCode(), missing::toString);
    assertTrue(missing.stderr().startsWith("✖"), missing::toString);
    assertTrue(missing.stderr().contains("rivano.yaml"), missing::toString);

    Cli.write(dir.resolve("rivano.yaml"), Cli.echoConfig());
    Cli.Result r = Cli.run(dir, "validate");
    assertEquals(0, r.exitCode(), r::toString);
    assertEquals(List.of("✔ rivano.yaml is valid"), r.outLines());
  }

  @Test
  void validateListsEveryProblemWithItsPathAndExitsOne() {
    Cli.write(dir.resolve("x.yaml"), """
        gateway:
          port: 99999
          providers:
            openai:
              apiKey: ${RIVANO_TEST_UNDEFINED_KEY}
        """);
    Cli.Result r = Cli.run(dir, "validate", "--file", "x.yaml");
    assertEquals(1, r.exitCode(), r::toString);
    assertFalse(r.stdout().contains("is valid"), r::toString);
    assertTrue(r.errLines().size() >= 2, r::toString);
    assertTrue(r.errLines().stream().allMatch(l -> l.startsWith("✖ ") || l.startsWith("⚠ ")), r::toString);
    assertTrue(r.stderr().contains("gateway.port"), r::toString);
    assertTrue(r.stderr().contains("RIVANO_TEST_UNDEFINED_KEY"), r::toString);
  }

  @Test
  void stopWithoutPidFileExitsOneWithAMessage() {
    Cli.Result r = Cli.run(dir, "stop");
    assertEquals(1, r.exitCode(), r::toString);
    assertEquals(1, r.errLines().size(), r::toString);
    assertTrue(r.stderr().contains("not running") && r.stderr().contains(".rivano-gateway.pid"), r::toString);
  }

  @Test
  void stopWithStalePidFileExitsOneAndRemovesIt() throws Exception {
    Process dead = new ProcessBuilder("true").start();
    assertTrue(dead.waitFor(10, TimeUnit.SECONDS));
    Path pidFile = Cli.write(dir.resolve(".rivano-gateway.pid"), dead.pid() + "\n");
    Cli.Result r = Cli.run(dir, "stop");
    assertEquals(1, r.exitCode(), r::toString);
    assertTrue(r.stderr().contains("stale") && r.stderr().contains(Long.toString(dead.pid())), r::toString);
    assertFalse(Files.exists(pidFile));
  }

  @Test
  void statusWithNothingListeningSaysStoppedAndExitsThree() {
    Cli.Result r = Cli.run(dir, "status", "--port", Integer.toString(Cli.freePort()));
    assertEquals(3, r.exitCode(), r::toString);
    assertEquals(List.of("Gateway status: stopped"), r.outLines());
  }

  @Test
  void statusAndStartDefaultToPort8080() {
    // Port 8080 itself is never bound in tests; the defaults are checked in the help text.
    Cli.Result status = Cli.run(dir, "status", "--help");
    assertEquals(0, status.exitCode(), status::toString);
    assertTrue(status.stdout().contains("--port=<port>") && status.stdout().contains("(default: 8080)"), status::toString);
    Cli.Result start = Cli.run(dir, "start", "--help");
    assertEquals(0, start.exitCode(), start::toString);
    assertTrue(start.stdout().contains("default 8080"), start::toString);
    assertTrue(start.stdout().contains("./rivano.yaml"), start::toString);
  }

  @Test
  void badUsageExitsTwo() {
    Cli.Result r = Cli.run(dir, Map.of(), Cli.launcher("frobnicate"));
    assertEquals(2, r.exitCode(), r::toString);
    Cli.Result none = Cli.run(dir, Map.of(), Cli.launcher());
    assertEquals(2, none.exitCode(), none::toString);
  }
}
