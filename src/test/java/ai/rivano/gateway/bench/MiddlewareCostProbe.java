package ai.rivano.gateway.bench;

import ai.rivano.gateway.audit.AuditLog;
import ai.rivano.gateway.audit.AuditRecord;
import ai.rivano.gateway.audit.Pricing;
import ai.rivano.gateway.audit.UsageMeter;
import ai.rivano.gateway.config.MiddlewareConfig;
import ai.rivano.gateway.middleware.cache.CacheKey;
import ai.rivano.gateway.routing.translate.TokenUsage;
import ai.rivano.gateway.routing.translate.WireFormat;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * CPU cost per call of the audit and cache components on the request path, single-threaded, after warm-up:
 * the median of 5 rounds, in thread CPU time. A probe for docs/guardrails.md, not a test and not the end-to-end benchmark (which
 * measures what a client sees); run it with the benchmark's classpath:
 * {@code java -cp target/test-classes:target/classes:$(cat target/bench/classpath.txt) ai.rivano.gateway.bench.MiddlewareCostProbe}.
 */
public final class MiddlewareCostProbe {

  private static final int ROUNDS = 5;
  private static final int CALLS = 200_000;
  private static long sink;
  /** CPU time of this thread, not wall time: on a shared machine the wall clock also counts waiting for a core. */
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private MiddlewareCostProbe() {
  }

  public static void main(String[] args) throws Exception {
    JsonObject body = oneKilobyteBody();
    System.out.printf(Locale.ROOT, "request body: %d bytes%n", body.encode().length());
    report("CacheKey.of, 1 KB chat body", i -> sink += CacheKey.of("openai", "/v1/chat/completions", body, null)
        .length());

    String delta = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\","
        + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\" brown\"},\"finish_reason\":null}]}";
    String usageChunk = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\","
        + "\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":3,\"total_tokens\":12}}";
    UsageMeter meter = new UsageMeter(WireFormat.OPENAI_CHAT);
    report("UsageMeter.onEventData, text delta (no usage)", i -> meter.onEventData(delta));
    report("UsageMeter.onEventData, usage chunk (parsed)", i -> meter.onEventData(usageChunk));
    JsonObject parsedUsage = new JsonObject(usageChunk);
    report("UsageMeter.onEvent, usage chunk already parsed", i -> meter.onEvent(parsedUsage));

    Pricing pricing = Pricing.builtIn();
    TokenUsage usage = new TokenUsage(1200, 350, 1024, 0);
    report("Pricing.costUsd, dated model name", i -> sink += pricing.costUsd("claude-sonnet-4-5-20250929", usage)
        .hashCode());

    AuditRecord record = new AuditRecord("trace_0123456789abcdef", "success", 1200, 350, 0.00885, 842, 0.42,
        List.of("email"), List.of(new AuditRecord.PolicyFired("redact-pii", "redact")), "openai", "gpt-4o",
        Instant.now(), "bot", "/v1/chat/completions", 200, AuditRecord.Decision.REDACTED, false, false, false, "n1",
        List.of(new AuditRecord.Attempt("openai", "ok", 800)));
    com.fasterxml.jackson.core.JsonFactory json = new com.fasterxml.jackson.core.JsonFactory();
    java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(1024);
    report("AuditRecord.writeJson (writer thread)", i -> {
      line.reset();
      try (com.fasterxml.jackson.core.JsonGenerator out = json.createGenerator(line)) {
        record.writeJson(out);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      sink += line.size();
    });
    report("for scale: JsonObject.encode() of the same 1 KB body", i -> sink += body.encode().length());

    Vertx vertx = Vertx.vertx();
    Path dir = Files.createTempDirectory("rivano-audit-probe");
    MiddlewareConfig d = MiddlewareConfig.defaults();
    AuditLog log = AuditLog.create(vertx, new MiddlewareConfig(d.pii(), d.injection(), MiddlewareConfig.AuditSink.FILE,
        dir.resolve("audit.jsonl").toString(), false, 300, 1000, 0));
    log.open().toCompletionStage().toCompletableFuture().get();
    writerThroughput(log, record);
    report("AuditLog.record, file sink (event-loop side)", i -> log.record(record));
    log.close().toCompletionStage().toCompletableFuture().get();
    System.out.printf(Locale.ROOT, "audit file: %d written, %d dropped (the loop above offers far faster than any disk)%n",
        log.written(), log.dropped());
    vertx.close().toCompletionStage().toCompletableFuture().get();
    System.out.println(sink == 42 ? "" : "done");
  }

  /** Wall time for the writer to empty a full queue (encode + write), best of 5: records per second it sustains. */
  private static void writerThroughput(AuditLog log, AuditRecord record) throws InterruptedException {
    double best = 0;
    for (int round = 0; round < 5; round++) {
      long before = log.written();
      long start = System.nanoTime();
      for (int i = 0; i < AuditLog.DEFAULT_CAPACITY; i++) {
        log.record(record);
      }
      while (log.written() < before + AuditLog.DEFAULT_CAPACITY && System.nanoTime() - start < 30_000_000_000L) {
        Thread.sleep(1);
      }
      best = Math.max(best, (log.written() - before) / ((System.nanoTime() - start) / 1e9));
    }
    System.out.printf(Locale.ROOT, "%-54s best   %7.0f records/s%n", "audit writer thread, file sink", best);
  }

  private static void report(String what, IntConsumer call) {
    for (int i = 0; i < CALLS; i++) { // warm-up: let the JIT compile the path
      call.accept(i);
    }
    double[] nanos = new double[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
      long start = THREADS.getCurrentThreadCpuTime();
      for (int i = 0; i < CALLS; i++) {
        call.accept(i);
      }
      nanos[r] = (THREADS.getCurrentThreadCpuTime() - start) / (double) CALLS;
    }
    Arrays.sort(nanos);
    System.out.printf(Locale.ROOT, "%-54s median %7.2f us/call (rounds %.2f..%.2f)%n", what, nanos[ROUNDS / 2] / 1000,
        nanos[0] / 1000, nanos[ROUNDS - 1] / 1000);
  }

  /** A typical chat request of about 1 KB: system prompt, a short exchange, one tool, sampling parameters. */
  static JsonObject oneKilobyteBody() {
    return new JsonObject("""
        {"model":"gpt-4o","temperature":0.7,"top_p":1,"max_tokens":512,"seed":7,"user":"user-42",
         "messages":[
          {"role":"system","content":"You are a support assistant for an online bookshop. Answer briefly and politely. If the question is about an order, ask for the order number first. Never invent delivery dates."},
          {"role":"user","content":"Hello, I ordered two books last week and only one arrived. The parcel looked intact. What should I do now?"},
          {"role":"assistant","content":"I am sorry to hear that. Could you give me your order number so I can check the shipment?"},
          {"role":"user","content":"Sure, it is BK-2291-7734. The missing one is the cookbook."}],
         "tools":[{"type":"function","function":{"name":"lookup_order","description":"Find an order by its number",
           "parameters":{"type":"object","properties":{"order_number":{"type":"string","description":"like BK-1234-5678"}},
           "required":["order_number"]}}}],
         "tool_choice":"auto","response_format":{"type":"text"}}""");
  }
}
