package ai.rivano.gateway.audit;

import java.io.IOException;

/**
 * Where audit lines go. Called from the audit writer thread only, never from an event loop, so an
 * implementation may block. {@link #write} receives whole lines (each ending in {@code \n}) and must leave the
 * destination holding whole lines only, even when it fails: a reader of the log never sees half a record.
 */
interface AuditOutput {

  /** Makes the destination writable (opens the file). Called once, before the first write. */
  void open() throws IOException;

  /** Writes {@code length} bytes of whole lines and hands them to the OS (no buffering left behind). */
  void write(byte[] lines, int length) throws IOException;

  /** Releases the destination; the last write has returned. */
  void close() throws IOException;

  /** For status and messages: {@code stdout}, {@code file}. Never a secret. */
  String describe();
}
