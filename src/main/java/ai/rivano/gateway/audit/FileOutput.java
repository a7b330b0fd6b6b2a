package ai.rivano.gateway.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * JSON Lines appended to {@code auditFile}. Missing parent directories are created. The file is opened in
 * append mode, so lines go to the end even when another tool (logrotate's {@code copytruncate}) truncated it.
 *
 * <p>A write that fails halfway (disk full) is rolled back: the file is truncated to the size it had before
 * the batch, so it never ends in half a line and later lines stay parseable.
 */
final class FileOutput implements AuditOutput {

  /** Opens the channel; a seam so a test can put a failing channel underneath. */
  interface ChannelOpener {
    FileChannel open(Path path) throws IOException;
  }

  private final Path path;
  private final ChannelOpener opener;
  private FileChannel channel;

  FileOutput(Path path) {
    this(path, p -> FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND));
  }

  FileOutput(Path path, ChannelOpener opener) {
    this.path = path.toAbsolutePath().normalize();
    this.opener = opener;
  }

  @Override
  public void open() throws IOException {
    Path parent = path.getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      Files.createDirectories(parent);
    }
    if (Files.isDirectory(path)) {
      throw new IOException("it is a directory");
    }
    channel = opener.open(path);
  }

  @Override
  public void write(byte[] lines, int length) throws IOException {
    long before = channel.size();
    ByteBuffer buffer = ByteBuffer.wrap(lines, 0, length);
    try {
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    } catch (IOException e) {
      rollBack(before, e);
      throw e;
    }
  }

  private void rollBack(long size, IOException cause) {
    try {
      if (channel.size() > size) {
        channel.truncate(size);
      }
    } catch (IOException truncateFailed) {
      cause.addSuppressed(truncateFailed);
    }
  }

  @Override
  public void close() throws IOException {
    if (channel != null) {
      try {
        channel.force(false); // the last lines survive a power cut after a clean shutdown
      } finally {
        channel.close();
      }
    }
  }

  @Override
  public String describe() {
    return "file";
  }

  Path path() {
    return path;
  }
}
