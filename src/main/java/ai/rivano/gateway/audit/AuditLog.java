package ai.rivano.gateway.audit;

import ai.rivano.gateway.config.MiddlewareConfig;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The audit logger (SPEC §6): one JSON line per request to stdout or a file, or nothing ({@code audit: off}).
 *
 * <p>{@link #record} runs on an event loop for every request, so it only offers the record to a bounded queue
 * (capacity {@value #DEFAULT_CAPACITY} by default) and returns: no I/O, no JSON encoding, no lock held longer
 * than the queue's own. One dedicated writer thread drains the queue, encodes the records and writes each batch
 * it took (up to {@value #MAX_BATCH} records) with one write. After the first record of a batch the writer lingers
 * {@value #LINGER_MS} ms before it takes the rest: without that, under load every record cost a write, a wake-up of
 * the writer from the request's event loop and a park (three system calls per request, about a tenth of a busy
 * gateway's CPU); with it a busy gateway writes a few dozen records per write, and a lingering writer is not waiting
 * on the queue, so offering a record wakes no one. Lines reach the OS at most {@value #LINGER_MS} ms after their
 * request ended. A dedicated
 * thread rather than Vert.x worker tasks because the worker pool's queue is unbounded and shared with other
 * blocking work, and because one writer keeps lines in arrival order without locking.
 *
 * <p>Nothing is lost silently: when the queue is full (a slow or stuck disk) the record is counted in
 * {@link #dropped()}; a batch whose write fails (disk full) is counted there too and the writer backs off
 * (100 ms doubling to 5 s). The counts are logged from the writer thread at most once a minute and are
 * reported by {@link #stats()} for {@code status} and {@code /health}.
 *
 * <p>Subscribers ({@link #subscribe}) see every record, whatever the sink, {@code off} included: cloud sync
 * forwards the same metadata independently of the local log.
 */
public final class AuditLog {

  public static final int DEFAULT_CAPACITY = 10_000;
  public static final Duration DEFAULT_CLOSE_BOUND = Duration.ofSeconds(5);
  static final int MAX_BATCH = 512;
  private static final long IDLE_WAKE_MS = 100;
  /** How long the writer lets a batch gather after its first record (see the class comment). */
  static final long LINGER_MS = 5;
  private static final long MIN_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(5);
  private static final long REPORT_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
  private static final System.Logger LOG = System.getLogger("ai.rivano.gateway.audit");

  private final Vertx vertx;
  private final AuditOutput output;
  private final String sink;
  private final int capacity;
  private final Duration closeBound;
  private final ArrayBlockingQueue<AuditRecord> queue;
  private final List<Consumer<AuditRecord>> subscribers = new CopyOnWriteArrayList<>();
  private final LongAdder written = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder subscriberFailures = new LongAdder();
  private volatile boolean closing;
  /** Set once the writer is gone, just before the final count of what is left: see {@link #record}. */
  private volatile boolean closed;
  private volatile long lastSubscriberWarning;
  private volatile Thread writer;

  /** The log {@code gateway.middleware} asks for; {@link #open()} must succeed before the node takes traffic. */
  public static AuditLog create(Vertx vertx, MiddlewareConfig config) {
    return switch (config.audit()) {
      case STDOUT -> new AuditLog(vertx, new StreamOutput(System.out), DEFAULT_CAPACITY, DEFAULT_CLOSE_BOUND);
      case FILE -> new AuditLog(vertx, new FileOutput(Path.of(config.auditFile())), DEFAULT_CAPACITY,
          DEFAULT_CLOSE_BOUND);
      case OFF -> new AuditLog(vertx, null, 0, DEFAULT_CLOSE_BOUND);
    };
  }

  /** Lines to {@code out} ({@code audit: stdout} with a stream a test controls). */
  static AuditLog toStream(Vertx vertx, PrintStream out, int capacity) {
    return new AuditLog(vertx, new StreamOutput(out), capacity, DEFAULT_CLOSE_BOUND);
  }

  /** @param output null for {@code audit: off} */
  AuditLog(Vertx vertx, AuditOutput output, int capacity, Duration closeBound) {
    this.vertx = vertx;
    this.output = output;
    this.sink = output == null ? "off" : output.describe();
    this.capacity = output == null ? 0 : capacity;
    this.closeBound = closeBound;
    this.queue = output == null ? null : new ArrayBlockingQueue<>(capacity);
  }

  /**
   * Opens the sink (creates missing parent directories, opens the file for appending) on a worker thread and
   * starts the writer. Fails with an {@link AuditLogException} whose message is one line naming the key and
   * the reason, for the start command to print before exiting 1.
   */
  public Future<Void> open() {
    if (output == null || writer != null) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> {
      try {
        output.open();
      } catch (IOException e) {
        throw new AuditLogException(openProblem(e));
      }
      writer = new Thread(this::drainLoop, "rivano-audit-writer");
      writer.setDaemon(true); // a disk that never answers must not keep the JVM alive; close() bounds the wait
      writer.start();
      return null;
    });
  }

  /**
   * Hands one request's record to the log and to the subscribers. Called on an event loop; never blocks and
   * never throws. The record's lists must not be changed afterwards (they are read on the writer thread).
   */
  public void record(AuditRecord record) {
    if (record == null) {
      return;
    }
    if (queue != null) {
      if (closing || !queue.offer(record)) {
        dropped.increment();
      } else if (closed && queue.remove(record)) {
        dropped.increment(); // raced with close(): the final count may have run before this offer
      }
    }
    for (Consumer<AuditRecord> subscriber : subscribers) {
      try {
        subscriber.accept(record);
      } catch (RuntimeException e) {
        subscriberFailed(e);
      }
    }
  }

  /**
   * Adds a consumer that sees every record, in {@link #record}'s thread (an event loop) and before it returns.
   * It must be cheap and must not block: copy what it needs into its own bounded buffer and return. An
   * exception it throws is counted and logged (at most once a minute), never propagated to the request.
   */
  public void subscribe(Consumer<AuditRecord> subscriber) {
    subscribers.add(subscriber);
  }

  /** Records written to the sink so far. */
  public long written() {
    return written.sum();
  }

  /** Records lost so far: queue full, write failed, or recorded after {@link #close()}. */
  public long dropped() {
    return dropped.sum();
  }

  /** Records waiting for the writer. */
  public int queued() {
    return queue == null ? 0 : queue.size();
  }

  /** {@code stdout}, {@code file} or {@code off}. */
  public String sink() {
    return sink;
  }

  /** For {@code /health} and {@code status}: {@code {"sink","written","dropped","queued","capacity"}}. */
  public JsonObject stats() {
    return new JsonObject().put("sink", sink).put("written", written()).put("dropped", dropped())
        .put("queued", queued()).put("capacity", capacity);
  }

  /**
   * Stops taking records and writes what is queued, waiting at most the close bound (5 s by default). Records
   * still queued when the bound runs out are counted as dropped. Call it after the HTTP server has drained,
   * so the last requests' records are in the queue. Never fails.
   */
  public Future<Void> close() {
    if (output == null) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> {
      closeAndWait();
      return null;
    });
  }

  private void closeAndWait() throws InterruptedException {
    closing = true;
    Thread thread = writer;
    if (thread != null) {
      thread.join(closeBound.toMillis());
      if (thread.isAlive()) {
        thread.interrupt(); // a file write blocked in the kernel is interruptible (the channel closes)
        thread.join(1000);
      }
    }
    closed = true;
    List<AuditRecord> left = new ArrayList<>();
    queue.drainTo(left);
    if (!left.isEmpty()) {
      dropped.add(left.size());
      LOG.log(System.Logger.Level.WARNING, "audit: {0} records still queued after {1} ms were dropped at shutdown",
          left.size(), closeBound.toMillis());
    }
    if (thread == null) {
      closeOutput();
    }
  }

  // ---- writer thread ----

  private void drainLoop() {
    List<AuditRecord> batch = new ArrayList<>(MAX_BATCH);
    LineBuffer lines = new LineBuffer();
    DropReporter reporter = new DropReporter();
    long backoff = 0;
    try {
      while (!(closing && queue.isEmpty())) {
        AuditRecord first = queue.poll(IDLE_WAKE_MS, TimeUnit.MILLISECONDS);
        if (first != null) {
          batch.add(first);
          if (!closing && queue.size() < MAX_BATCH - 1) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(LINGER_MS));
          }
          queue.drainTo(batch, MAX_BATCH - 1);
          backoff = writeBatch(batch, lines, reporter, backoff);
          batch.clear();
        }
        reporter.reportDrops(dropped.sum());
        if (backoff > 0 && !closing) {
          LockSupport.parkNanos(backoff);
        }
        if (Thread.interrupted()) {
          return;
        }
      }
    } catch (InterruptedException e) {
      // close() ran out of time; what is still queued is counted there
    } finally {
      closeOutput();
    }
  }

  /** @return the back-off before the next write: 0 after a success */
  private long writeBatch(List<AuditRecord> batch, LineBuffer lines, DropReporter reporter, long backoff) {
    lines.reset();
    int encoded = 0;
    for (AuditRecord record : batch) {
      try {
        lines.appendLine(record);
        encoded++;
      } catch (IOException | RuntimeException e) { // a record built with a null where a list belongs: a bug, counted
        dropped.increment();
        reporter.writeFailed("a record could not be encoded (" + e + ")");
      }
    }
    if (encoded == 0) {
      return backoff;
    }
    try {
      output.write(lines.bytes(), lines.length());
      written.add(encoded);
      return 0;
    } catch (IOException e) {
      dropped.add(encoded);
      reporter.writeFailed("writing to " + sink + " failed (" + e.getMessage() + ")");
      return backoff == 0 ? MIN_BACKOFF_NANOS : Math.min(MAX_BACKOFF_NANOS, backoff * 2);
    }
  }

  private void closeOutput() {
    try {
      output.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "audit: closing the {0} sink failed: {1}", sink, e.getMessage());
    }
  }

  private void subscriberFailed(RuntimeException e) {
    subscriberFailures.increment();
    long now = System.nanoTime();
    if (lastSubscriberWarning == 0 || now - lastSubscriberWarning >= REPORT_EVERY_NANOS) {
      lastSubscriberWarning = now;
      LOG.log(System.Logger.Level.WARNING, "audit: a record subscriber failed ({0} failures so far): {1}",
          subscriberFailures.sum(), e.toString());
    }
  }

  static String openProblem(IOException e) {
    String reason;
    if (e instanceof AccessDeniedException) {
      reason = "permission denied";
    } else if (e instanceof FileAlreadyExistsException exists) {
      reason = exists.getFile() + " exists and is not a directory";
    } else if (e instanceof NoSuchFileException) {
      reason = "no such file or directory";
    } else if (e instanceof FileSystemException fs && fs.getReason() != null) {
      reason = fs.getReason().toLowerCase();
    } else {
      reason = String.valueOf(e.getMessage());
    }
    return "cannot open the audit file for appending: " + reason.replace('\n', ' ');
  }

  /** Thrown (as the failure of {@link #open()}) when the sink cannot be opened; one line, the config key first. */
  public static final class AuditLogException extends RuntimeException {
    AuditLogException(String problem) {
      super("gateway.middleware.auditFile: " + problem, null, false, false);
    }
  }

  /**
   * A reusable byte buffer of whole lines for one batch (writer thread only). Records are encoded into it by
   * Jackson's streaming generator: no intermediate JsonObject, String or byte[] per record.
   */
  private static final class LineBuffer extends OutputStream {
    private static final JsonFactory JSON = JsonFactory.builder()
        .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
        .build();

    private byte[] bytes = new byte[64 * 1024];
    private int length;

    void reset() {
      length = 0;
    }

    void appendLine(AuditRecord record) throws IOException {
      int start = length;
      try (JsonGenerator out = JSON.createGenerator(this)) {
        record.writeJson(out);
      } catch (IOException | RuntimeException e) {
        length = start; // no half line in the batch
        throw e;
      }
      write('\n');
    }

    @Override
    public void write(int b) {
      ensure(1);
      bytes[length++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      ensure(len);
      System.arraycopy(b, off, bytes, length, len);
      length += len;
    }

    private void ensure(int more) {
      if (length + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
      }
    }

    byte[] bytes() {
      return bytes;
    }

    int length() {
      return length;
    }
  }

  /** Logs drops and write failures from the writer thread, at most once a minute each (never per record). */
  private final class DropReporter {
    private long reportedDrops;
    private long lastDropLog;
    private long lastFailureLog;
    private boolean failureLogged;

    void reportDrops(long drops) {
      long now = System.nanoTime();
      if (drops > reportedDrops && (reportedDrops == 0 || now - lastDropLog >= REPORT_EVERY_NANOS)) {
        LOG.log(System.Logger.Level.WARNING, "audit: {0} records dropped so far ({1} written, {2} queued of {3})",
            drops, written.sum(), queue.size(), capacity);
        reportedDrops = drops;
        lastDropLog = now;
      }
    }

    void writeFailed(String why) {
      long now = System.nanoTime();
      if (!failureLogged || now - lastFailureLog >= REPORT_EVERY_NANOS) {
        LOG.log(System.Logger.Level.WARNING, "audit: {0}", why);
        failureLogged = true;
        lastFailureLog = now;
      }
    }
  }
}
