package ai.rivano.gateway.audit;

import java.io.IOException;
import java.io.PrintStream;

/**
 * {@code audit: stdout}: one JSON object per line on standard output. Each batch is one {@code write} and one
 * flush under the stream's own lock, so a line is never interleaved with other output printed through the same
 * {@link PrintStream} (the gateway's own messages); application logs go to stderr.
 */
final class StreamOutput implements AuditOutput {

  private final PrintStream out;

  StreamOutput(PrintStream out) {
    this.out = out;
  }

  @Override
  public void open() {
  }

  @Override
  public void write(byte[] lines, int length) throws IOException {
    synchronized (out) {
      out.write(lines, 0, length);
      out.flush();
    }
    // PrintStream swallows I/O errors; checkError reports them (a closed pipe, a full disk behind a redirect).
    if (out.checkError()) {
      throw new IOException("standard output is not writable");
    }
  }

  @Override
  public void close() {
    out.flush();
  }

  @Override
  public String describe() {
    return "stdout";
  }
}
