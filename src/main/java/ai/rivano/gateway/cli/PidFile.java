package ai.rivano.gateway.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code .rivano-gateway.pid} in the current directory: written by {@code start}, read by {@code stop}. A pid
 * file whose process is gone, or is not a gateway (the PID was reused), is stale.
 */
final class PidFile {

  static final String NAME = ".rivano-gateway.pid";

  private final Path path;

  PidFile(Path directory) {
    this.path = directory.resolve(NAME);
  }

  static PidFile inWorkingDirectory() {
    return new PidFile(Path.of("").toAbsolutePath());
  }

  Path path() {
    return path;
  }

  boolean exists() {
    return Files.exists(path);
  }

  /** The recorded PID, if the file exists and holds a number. */
  Optional<Long> read() {
    try {
      return Optional.of(Long.parseLong(Files.readString(path, StandardCharsets.UTF_8).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The live gateway process the file names, if any. */
  Optional<ProcessHandle> liveGateway() {
    return read().flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive).filter(PidFile::looksLikeGateway);
  }

  void write(long pid) throws IOException {
    Files.writeString(path, pid + "\n", StandardCharsets.UTF_8);
  }

  /** Removes the file only if it still names {@code pid} (another gateway may have taken it over). */
  void deleteIfOwnedBy(long pid) {
    if (read().map(p -> p == pid).orElse(false)) {
      deleteQuietly();
    }
  }

  void deleteQuietly() {
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // best effort: a leftover file is detected as stale next time
    }
  }

  private static boolean looksLikeGateway(ProcessHandle process) {
    return process.info().commandLine().map(cmd -> cmd.contains("rivano") || cmd.contains("ai.rivano")).orElse(true);
  }
}
