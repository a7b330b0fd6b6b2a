package ai.rivano.gateway.observability;

import ai.rivano.gateway.config.ConfigValidator;
import ai.rivano.gateway.config.GatewayConfig;
import ai.rivano.gateway.routing.failover.ProviderCircuits;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One line per operational event, each carrying its trace id, in the text and JSON layouts the gateway writes; the
 * trace id is scoped to the work it belongs to (never left behind on an event loop); circuits log their changes.
 */
@ExtendWith(VertxExtension.class)
class EventsTest {

  private LogCapture logs;

  @BeforeEach
  void capture() {
    logs = new LogCapture(Level.INFO);
  }

  @AfterEach
  void release() {
    logs.close();
  }

  private List<ILoggingEvent> events() {
    return logs.events().stream().filter(e -> e.getLoggerName().equals(Events.LOG.getName())).toList();
  }

  private static String render(ILoggingEvent event, LogSettings.Format format) {
    Encoder<ILoggingEvent> encoder = LogSetup.encoder((LoggerContext) LoggerFactory.getILoggerFactory(), format);
    return new String(encoder.encode(event), StandardCharsets.UTF_8);
  }

  @Test
  void everyEventIsOneLineWithItsTraceIdInTextAndJson() {
    Events.retry("trace_1", "openai", 1, "http_503", 85);
    Events.failover("trace_2", "openai", "anthropic", "http_503");
    Events.rescue("trace_3", "openai", "anthropic", 42, "stream_cut");
    Events.streamAborted("trace_4", "openai", "stalled for more than 300 ms");
    Events.upstreamError("trace_5", "openai", 503, "http_503");
    Events.gatewayError("trace_6", 500, "bug while preparing the request", new IllegalStateException("boom"));
    Events.configReloaded("rivano.yaml", "3 policies");

    List<ILoggingEvent> lines = events();
    assertEquals(List.of("retry", "failover", "rescue", "stream_aborted", "upstream_error", "gateway_error",
        "config_reload"), lines.stream().map(e -> field(e, "event")).toList());
    for (int i = 0; i < 6; i++) {
      ILoggingEvent line = lines.get(i);
      String trace = "trace_" + (i + 1);
      assertEquals(trace, field(line, "trace_id"));
      String text = render(line, LogSettings.Format.TEXT);
      assertTrue(text.contains("trace_id=\"" + trace + "\""), text);
      JsonObject json = new JsonObject(render(line, LogSettings.Format.JSON));
      assertEquals(trace, json.getString("trace_id"), json.encode());
      assertEquals(field(line, "event"), json.getString("event"));
      assertEquals("ai.rivano.gateway.events", json.getString("logger_name"));
    }
    assertEquals(Level.INFO, lines.get(0).getLevel());
    assertEquals(Level.WARN, lines.get(1).getLevel());
    JsonObject retry = new JsonObject(render(lines.get(0), LogSettings.Format.JSON));
    assertEquals("openai", retry.getString("provider"));
    assertEquals(85, retry.getInteger("delay_ms"));
    assertEquals("retry openai #1 in 85 ms after http_503", retry.getString("message"));
    ILoggingEvent error = lines.get(5);
    assertEquals(Level.ERROR, error.getLevel());
    JsonObject errorJson = new JsonObject(render(error, LogSettings.Format.JSON));
    assertTrue(errorJson.getString("stack_trace").contains("IllegalStateException: boom"), errorJson.encode());
    assertTrue(render(error, LogSettings.Format.TEXT).contains("java.lang.IllegalStateException: boom"));
  }

  @Test
  void aTraceIdIsScopedToItsWorkAndNeverLeftOnTheThread() {
    Log.inTrace("trace_outer", () -> {
      Events.upstreamError(null, "openai", 0, "reset");
      Log.inTrace("trace_inner", () -> Events.upstreamError("trace_inner", "openai", 0, "timeout"));
      assertEquals("trace_outer", Log.currentTraceId(), "restored after a nested scope");
    });
    assertNull(MDC.get(Log.TRACE_ID));
    assertThrows(IllegalStateException.class, () -> Log.inTrace("trace_boom", () -> {
      throw new IllegalStateException("x");
    }));
    assertNull(MDC.get(Log.TRACE_ID), "not leaked by an exception");

    List<ILoggingEvent> lines = events();
    assertEquals("trace_outer", lines.get(0).getMDCPropertyMap().get(Log.TRACE_ID));
    assertNull(field(lines.get(0), "trace_id"), "from the MDC: printed once, not twice");
    assertEquals("trace_inner", lines.get(1).getMDCPropertyMap().get(Log.TRACE_ID));
    String text = render(lines.get(0), LogSettings.Format.TEXT);
    assertEquals(1, text.split("trace_outer", -1).length - 1, text);
    assertEquals("trace_outer", new JsonObject(render(lines.get(0), LogSettings.Format.JSON)).getString("trace_id"));
  }

  @Test
  void onAnEventLoopTheNextTaskDoesNotInheritTheTraceId(Vertx vertx) throws Exception {
    var context = vertx.getOrCreateContext();
    CompletableFuture<String> seenByNext = new CompletableFuture<>();
    context.runOnContext(v -> Log.traced("trace_a", (Void x) -> Events.retry(null, "openai", 1, "reset", 10))
        .handle(null));
    context.runOnContext(v -> seenByNext.complete(String.valueOf(MDC.get(Log.TRACE_ID))));
    assertEquals("null", seenByNext.get(10, TimeUnit.SECONDS));
    await().atMost(Duration.ofSeconds(5)).until(() -> !events().isEmpty());
    assertEquals("trace_a", events().get(0).getMDCPropertyMap().get(Log.TRACE_ID));
  }

  @Test
  void circuitsLogOpeningHalfOpeningAndClosingWithTheTripOfTheTrace(Vertx vertx) throws Exception {
    GatewayConfig config = new ConfigValidator(Map.of()).validate(new JsonObject("""
        {"gateway": {"providers": {"openai": {"apiKey": "sk-x",
          "failover": {"circuitBreaker": {"failures": 1, "halfOpenAfterMs": 200}}}}}}"""), "t.yaml", new ArrayList<>());
    ProviderCircuits circuits = new ProviderCircuits(vertx, config);
    List<String> states = new java.util.concurrent.CopyOnWriteArrayList<>();
    circuits.onStateChange((provider, state) -> states.add(provider + ":" + state));

    CompletableFuture<Void> failed = new CompletableFuture<>();
    vertx.runOnContext(v -> circuits.execute("openai", "trace_trip", verdict -> vertx.setTimer(10,
        t -> verdict.fail("injected"))).onComplete(r -> failed.complete(null)));
    failed.get(10, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(10)).until(() -> circuits.state("openai").equals("half-open"));
    CompletableFuture<Void> probed = new CompletableFuture<>();
    vertx.runOnContext(v -> circuits.execute("openai", "trace_probe", verdict -> vertx.setTimer(10,
        t -> verdict.complete())).onComplete(r -> probed.complete(null)));
    probed.get(10, TimeUnit.SECONDS);

    assertEquals(List.of("openai:open", "openai:half-open", "openai:closed"), states);
    List<ILoggingEvent> lines = events();
    assertEquals(List.of("circuit_open", "circuit_half_open", "circuit_closed"),
        lines.stream().map(e -> field(e, "event")).toList());
    assertEquals(Level.WARN, lines.get(0).getLevel());
    assertEquals("trace_trip", field(lines.get(0), "trace_id"), "the open line names the attempt that tripped it");
    assertEquals("trace_probe", field(lines.get(2), "trace_id"), "and the close line the probe");
    assertEquals("1", field(lines.get(0), "failures"));
  }

  @Test
  void systemLoggerLinesGoThroughTheSameBackend() {
    System.getLogger("ai.rivano.gateway.audit").log(System.Logger.Level.WARNING, "audit file not writable");
    assertTrue(logs.events().stream().anyMatch(e -> e.getLoggerName().equals("ai.rivano.gateway.audit")
        && e.getLevel() == Level.WARN && e.getFormattedMessage().equals("audit file not writable")),
        "System.Logger (audit, cloud sync) reaches Logback, so it has our format, level and destination");
  }

  private static String field(ILoggingEvent event, String key) {
    if (event.getKeyValuePairs() == null) {
      return null;
    }
    return event.getKeyValuePairs().stream().filter(kv -> kv.key.equals(key)).map(kv -> String.valueOf(kv.value))
        .findFirst().orElse(null);
  }

}
