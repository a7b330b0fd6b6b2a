package ai.rivano.gateway.cloud;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;

/**
 * The last good remote policy set on disk, so that a restart during an outage still enforces it. Blocking file
 * I/O: callers run it on a worker thread, never on an event loop.
 *
 * <p>Written as a whole to a temporary file in the same directory, forced to disk, then renamed over the old one
 * ({@code ATOMIC_MOVE}): a crash or a full disk mid-write leaves the previous file intact, never half a file.
 */
final class PolicyCache {

  private static final int FORMAT = 1;

  /**
   * One persisted set.
   *
   * @param baseUrl  the control plane it came from: a set from another control plane is not enforced
   * @param policies the remote policies as accepted (invalid ones already left out or kept at their last good
   *                 version), in the control plane's shape
   */
  record Entry(String etag, long fetchedAtMillis, String baseUrl, JsonArray policies) {

    JsonObject toJson() {
      return new JsonObject().put("format", FORMAT).put("etag", etag)
          .put("fetchedAt", Instant.ofEpochMilli(fetchedAtMillis).toString()).put("baseUrl", baseUrl)
          .put("policies", policies);
    }

    static Entry fromJson(JsonObject json) {
      if (json.getInteger("format", 0) != FORMAT || !(json.getValue("policies") instanceof JsonArray policies)) {
        throw new IllegalStateException("not a Rivano policy cache (format " + FORMAT + ")");
      }
      return new Entry(json.getString("etag"), Instant.parse(json.getString("fetchedAt")).toEpochMilli(),
          json.getString("baseUrl"), policies);
    }
  }

  private final Path file;

  PolicyCache(Path file) {
    this.file = file.toAbsolutePath().normalize();
  }

  Path file() {
    return file;
  }

  /** The persisted set, or empty when there is no file. Fails with a one-line reason when it cannot be used. */
  Optional<Entry> read() {
    try {
      return Optional.of(Entry.fromJson(new JsonObject(Files.readString(file, StandardCharsets.UTF_8))));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file + ": " + e.getMessage());
    } catch (DecodeException | ClassCastException | IllegalStateException | java.time.DateTimeException
             | NullPointerException e) {
      throw new IllegalStateException(file + " is not a usable policy cache (" + e.getMessage() + ")");
    }
  }

  void write(Entry entry) throws IOException {
    Path dir = file.getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer bytes = ByteBuffer.wrap(entry.toJson().encodePrettily().getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        channel.force(true);
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING); // same directory: only exotic file systems
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
