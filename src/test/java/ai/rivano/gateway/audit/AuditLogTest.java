package ai.rivano.gateway.audit;

import ai.rivano.gateway.config.MiddlewareConfig;
import ai.rivano.gateway.config.MiddlewareConfig.AuditSink;
import ai.rivano.gateway.testing.Futures;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditLogTest {

  static Vertx vertx;

  @TempDir
  Path dir;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    Futures.await(vertx.close());
  }

  private static MiddlewareConfig config(AuditSink sink, Path file) {
    MiddlewareConfig d = MiddlewareConfig.defaults();
    return new MiddlewareConfig(d.pii(), d.injection(), sink, file == null ? d.auditFile() : file.toString(), d.cache(),
        d.cacheTtlSeconds(), d.cacheMaxEntries(), d.rateLimit());
  }

  private static List<JsonObject> jsonLines(Path file) throws IOException {
    String text = Files.readString(file);
    assertTrue(text.isEmpty() || text.endsWith("\n"), "the file ends with a whole line");
    List<JsonObject> lines = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isEmpty()) {
        lines.add(new JsonObject(line));
      }
    }
    return lines;
  }

  @Test
  void fileSinkAppendsOneJsonObjectPerLineWithEveryDocumentedField() throws IOException {
    Path file = dir.resolve("logs/audit/rivano-audit.jsonl"); // parent directories do not exist yet
    AuditLog log = AuditLog.create(vertx, config(AuditSink.FILE, file));
    Futures.await(log.open());
    log.record(AuditRecords.full());
    log.record(AuditRecords.numbered(2));
    Futures.await(log.close());

    List<JsonObject> lines = jsonLines(file);
    assertEquals(2, lines.size());
    JsonObject full = lines.get(0);
    assertEquals("trace_0123456789abcdef", full.getString("id"));
    assertEquals("success", full.getString("status"));
    assertEquals(1200L, full.getLong("input_tokens"));
    assertEquals(350L, full.getLong("output_tokens"));
    assertEquals(0.00885, full.getDouble("cost_usd"));
    assertEquals(842L, full.getLong("duration_ms"));
    assertEquals(0.42, full.getDouble("injection_score"));
    assertEquals(new JsonArray().add("email").add("phone"), full.getJsonArray("pii_detected"));
    assertEquals(new JsonArray()
            .add(new JsonObject().put("name", "redact-pii").put("action", "redact"))
            .add(new JsonObject().put("name", "warn-big").put("action", "warn")),
        full.getJsonArray("policies_fired"));
    assertEquals("anthropic", full.getString("model_provider"));
    assertEquals("claude-sonnet-4-5-20250929", full.getString("model_name"));
    assertEquals("2026-12-02T10:15:30.123Z", full.getString("created_at"));
    assertEquals("billing-bot", full.getString("agent"));
    assertEquals("/v1/chat/completions", full.getString("path"));
    assertEquals(200, full.getInteger("http_status"));
    assertEquals("redacted", full.getString("decision"));
    assertEquals(true, full.getBoolean("fallback_used"));
    assertEquals(false, full.getBoolean("cached"));
    assertEquals(true, full.getBoolean("stream"));
    assertEquals("node-a", full.getString("node"));
    assertEquals(new JsonArray()
            .add(new JsonObject().put("provider", "openai").put("outcome", "http_503").put("duration_ms", 120))
            .add(new JsonObject().put("provider", "anthropic").put("outcome", "ok").put("duration_ms", 700)),
        full.getJsonArray("attempts"));
    assertEquals(21, full.size(), "no field beyond the documented ones: " + full.fieldNames());

    JsonObject limited = lines.get(1);
    assertEquals("trace_2", limited.getString("id"));
    assertEquals("rate_limited", limited.getString("decision"));
    assertEquals(429, limited.getInteger("http_status"));
    assertTrue(limited.containsKey("cost_usd") && limited.getValue("cost_usd") == null, "unknown cost is null");
    assertTrue(limited.containsKey("injection_score") && limited.getValue("injection_score") == null);
    assertTrue(limited.containsKey("agent") && limited.getValue("agent") == null);
    assertEquals(new JsonArray(), limited.getJsonArray("attempts"));
    assertEquals(2, log.written());
    assertEquals(0, log.dropped());
  }

  @Test
  void whatTheClientSentIsGuardedQueryCutAgentCappedListsNeverNull() {
    AuditRecord record = new AuditRecord("trace_1", "success", 0, 0, null, 1, null, null, null, "google",
        "gemini-2.5-flash", AuditRecords.CREATED, "a".repeat(500),
        "/v1beta/models/gemini-2.5-flash:generateContent?key=AIza-secret", 200, AuditRecord.Decision.ALLOWED,
        false, false, false, "n", null);
    JsonObject json = record.toJson();
    assertEquals("/v1beta/models/gemini-2.5-flash:generateContent", json.getString("path"));
    assertEquals(AuditRecord.MAX_AGENT_CHARS, json.getString("agent").length());
    assertEquals(new JsonArray(), json.getJsonArray("pii_detected"));
    assertEquals(new JsonArray(), json.getJsonArray("policies_fired"));
    assertEquals(new JsonArray(), json.getJsonArray("attempts"));
    assertFalse(json.encode().contains("AIza-secret"));
  }

  @Test
  void anExistingFileIsAppendedToAndLinesAppearWithoutWaitingForClose() throws IOException {
    Path file = dir.resolve("audit.jsonl");
    Files.writeString(file, "{\"id\":\"from-before\"}\n");
    AuditLog log = AuditLog.create(vertx, config(AuditSink.FILE, file));
    Futures.await(log.open());
    log.record(AuditRecords.numbered(1));
    await().atMost(Duration.ofSeconds(10)).until(() -> jsonLines(file).size() == 2);
    assertEquals("from-before", jsonLines(file).get(0).getString("id"));
    assertEquals("trace_1", jsonLines(file).get(1).getString("id"));
    assertEquals(1, log.written());
    Futures.await(log.close());
  }

  @Test
  void aFileThatCannotBeOpenedIsOneLineNamingTheKey() throws IOException {
    Path notADirectory = dir.resolve("plain-file");
    Files.writeString(notADirectory, "x");
    AuditLog underAFile = AuditLog.create(vertx, config(AuditSink.FILE, notADirectory.resolve("audit.jsonl")));
    RuntimeException e = assertThrows(RuntimeException.class, () -> Futures.await(underAFile.open()));
    assertEquals("gateway.middleware.auditFile: cannot open the audit file for appending: " + notADirectory
        + " exists and is not a directory", e.getMessage());

    AuditLog onADirectory = AuditLog.create(vertx, config(AuditSink.FILE, dir));
    e = assertThrows(AuditLog.AuditLogException.class, () -> Futures.await(onADirectory.open()));
    assertEquals("gateway.middleware.auditFile: cannot open the audit file for appending: it is a directory",
        e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void stdoutSinkPrintsWholeLinesEvenWithOtherOutputInterleaved() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream stdout = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    AuditLog log = AuditLog.toStream(vertx, stdout, 10_000);
    assertEquals("stdout", log.sink());
    Futures.await(log.open());
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      int base = t * 1000;
      threads[t] = new Thread(() -> {
        for (int i = 0; i < 500; i++) {
          log.record(AuditRecords.numbered(base + i));
          if (i % 50 == 0) {
            stdout.println("Gateway running on http://localhost:8080");
          }
        }
      });
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join(10_000);
    }
    Futures.await(log.close());

    int records = 0;
    for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
      if (line.startsWith("Gateway running")) {
        assertEquals("Gateway running on http://localhost:8080", line);
      } else {
        assertTrue(new JsonObject(line).getString("id").startsWith("trace_"), line);
        records++;
      }
    }
    assertEquals(2000, records);
    assertEquals(2000, log.written());
  }

  @Test
  void configuredStdoutGoesToStandardOutput() {
    assertEquals("stdout", AuditLog.create(vertx, config(AuditSink.STDOUT, null)).sink());
  }

  @Test
  void offWritesNothingButSubscribersStillSeeEveryRecord() {
    Path file = dir.resolve("never.jsonl");
    AuditLog log = AuditLog.create(vertx, config(AuditSink.OFF, file));
    List<AuditRecord> seen = new ArrayList<>();
    log.subscribe(seen::add);
    Futures.await(log.open());
    log.record(AuditRecords.numbered(1));
    log.record(AuditRecords.numbered(2));
    Futures.await(log.close());
    assertEquals(List.of("trace_1", "trace_2"), seen.stream().map(AuditRecord::id).toList());
    assertFalse(Files.exists(file));
    assertEquals(new JsonObject().put("sink", "off").put("written", 0L).put("dropped", 0L).put("queued", 0)
        .put("capacity", 0), log.stats());
  }

  @Test
  void aFailingSubscriberDoesNotReachTheRequestOrTheOtherSubscribers() throws IOException {
    Path file = dir.resolve("audit.jsonl");
    AuditLog log = AuditLog.create(vertx, config(AuditSink.FILE, file));
    List<String> seen = new CopyOnWriteArrayList<>();
    log.subscribe(r -> {
      throw new IllegalStateException("ingest buffer broken");
    });
    log.subscribe(r -> seen.add(r.id()));
    Futures.await(log.open());
    log.record(AuditRecords.numbered(7));
    Futures.await(log.close());
    assertEquals(List.of("trace_7"), seen);
    assertEquals(1, jsonLines(file).size());
  }

  /** A sink whose writes wait for {@link #release}: a disk that stopped answering. */
  static final class StuckOutput implements AuditOutput {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger lines = new AtomicInteger();

    @Override
    public void open() {
    }

    @Override
    public void write(byte[] bytes, int length) throws IOException {
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted");
      }
      for (int i = 0; i < length; i++) {
        if (bytes[i] == '\n') {
          lines.incrementAndGet();
        }
      }
    }

    @Override
    public void close() {
    }

    @Override
    public String describe() {
      return "file";
    }
  }

  @Test
  void aStuckSinkFillsTheBoundedQueueAndCountsDropsWhileRecordNeverBlocks() throws Exception {
    StuckOutput stuck = new StuckOutput();
    AuditLog log = new AuditLog(vertx, stuck, 1000, Duration.ofSeconds(10));
    Futures.await(log.open());
    try {
      log.record(AuditRecords.numbered(0));
      assertTrue(stuck.entered.await(10, TimeUnit.SECONDS), "the writer took the first record and is stuck");

      // 1000 fill the queue, 4000 more are dropped; if record() waited for room this would never finish
      assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
        for (int i = 1; i <= 5000; i++) {
          log.record(AuditRecords.numbered(i));
        }
      });
      assertEquals(1000, log.queued());
      assertEquals(4000, log.dropped());
      assertEquals(0, log.written());
      assertEquals(new JsonObject().put("sink", "file").put("written", 0L).put("dropped", 4000L).put("queued", 1000)
          .put("capacity", 1000), log.stats());
    } finally {
      stuck.release.countDown();
    }
    Futures.await(log.close());
    assertEquals(1001, log.written(), "once the disk answers, everything queued is written");
    assertEquals(1001, stuck.lines.get());
    assertEquals(4000, log.dropped());
    assertEquals(0, log.queued());
  }

  @Test
  void closeGivesUpOnAStuckSinkWithinItsBoundAndCountsWhatWasLeft() {
    StuckOutput stuck = new StuckOutput();
    AuditLog log = new AuditLog(vertx, stuck, 100, Duration.ofMillis(200));
    Futures.await(log.open());
    for (int i = 0; i < 50; i++) {
      log.record(AuditRecords.numbered(i));
    }
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> Futures.await(log.close()));
    assertEquals(0, log.written());
    assertEquals(50, log.dropped(), "the batch in the stuck write and the queued rest");
    assertEquals(0, log.queued());

    log.record(AuditRecords.numbered(99));
    assertEquals(51, log.dropped(), "a record after close is counted, not lost silently");
    assertEquals(0, log.queued());
  }

  /**
   * A steady trickle of records (one every millisecond, like a gateway at 1,000 requests a second) is written in
   * batches, not one write per record: the writer lingers after a batch's first record. Without the linger every
   * record was its own write, plus a wake-up of the writer from the event loop.
   */
  @Test
  void aSteadyTrickleOfRecordsIsWrittenInBatches() throws Exception {
    List<Integer> writes = new CopyOnWriteArrayList<>();
    AuditOutput counting = new AuditOutput() {
      @Override
      public void open() {
      }

      @Override
      public void write(byte[] lines, int length) {
        int n = 0;
        for (int i = 0; i < length; i++) {
          n += lines[i] == '\n' ? 1 : 0;
        }
        writes.add(n);
      }

      @Override
      public void close() {
      }

      @Override
      public String describe() {
        return "counting";
      }
    };
    AuditLog log = new AuditLog(vertx, counting, 1000, Duration.ofSeconds(10));
    Futures.await(log.open());
    int records = 200;
    for (int i = 0; i < records; i++) {
      log.record(AuditRecords.numbered(i));
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // pacing the producer
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> log.written() == records);
    Futures.await(log.close());
    assertEquals(records, writes.stream().mapToInt(Integer::intValue).sum());
    assertTrue(writes.size() <= records / 2, () -> writes.size() + " writes for " + records + " records: " + writes);
  }

  @Test
  void aWriteThatFailsHalfwayLeavesOnlyWholeLinesAndIsCounted() throws IOException {
    Path file = dir.resolve("full-disk.jsonl");
    List<FailingChannel> channels = new ArrayList<>();
    FileOutput output = new FileOutput(file, p -> {
      FailingChannel channel = new FailingChannel(FileChannel.open(p, StandardOpenOption.CREATE,
          StandardOpenOption.WRITE, StandardOpenOption.APPEND));
      channels.add(channel);
      return channel;
    });
    AuditLog log = new AuditLog(vertx, output, 100, Duration.ofSeconds(10));
    Futures.await(log.open());
    log.record(AuditRecords.numbered(1));
    await().atMost(Duration.ofSeconds(10)).until(() -> log.written() == 1);

    channels.get(0).failing = true;
    log.record(AuditRecords.full());
    await().atMost(Duration.ofSeconds(10)).until(() -> log.dropped() == 1);
    channels.get(0).failing = false;

    log.record(AuditRecords.numbered(3));
    Futures.await(log.close());
    List<JsonObject> lines = jsonLines(file); // every line parses: the half-written one was rolled back
    assertEquals(List.of("trace_1", "trace_3"), lines.stream().map(j -> j.getString("id")).toList());
    assertEquals(2, log.written());
    assertEquals(1, log.dropped());
  }

  @Test
  void openProblemsReadAsOneLine() {
    assertEquals("cannot open the audit file for appending: permission denied",
        AuditLog.openProblem(new java.nio.file.AccessDeniedException("/var/log/rivano/audit.jsonl")));
    assertEquals("cannot open the audit file for appending: read-only file system",
        AuditLog.openProblem(new java.nio.file.FileSystemException("/x", null, "Read-only file system")));
  }
}
