package ai.rivano.gateway.audit;

import ai.rivano.gateway.testing.Behaviors;
import ai.rivano.gateway.testing.Http;
import ai.rivano.gateway.testing.SseText;
import ai.rivano.gateway.testing.TestGateway;
import ai.rivano.gateway.testing.UpstreamStub;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit trail through the real HTTP path: one JSON line per request (answered, streamed, failed over, rate
 * limited, refused), read back from the file and checked field by field, with usage from the provider (streams
 * included) and a cost from the price table, and no key or message text in any line.
 */
@ExtendWith(VertxExtension.class)
class AuditTrailTest {

  private static final String OPENAI_KEY = "sk-openai-audit-0123456789";
  private static final String ANTHROPIC_KEY = "sk-ant-audit-0123456789";
  private static final String SECRET_TEXT = "my very private question about the merger";

  @TempDir
  Path dir;
  private Vertx vertx;
  private UpstreamStub openai;
  private UpstreamStub anthropic;
  private Http http;
  private Path auditFile;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    openai = UpstreamStub.start(vertx, Behaviors.openAiChat("gpt-4o-2024-08-06", "the answer"));
    anthropic = UpstreamStub.start(vertx, Behaviors.anthropicChat("claude-sonnet-4-5-20250929", "from claude"));
    http = new Http(vertx);
    auditFile = dir.resolve("audit.jsonl");
  }

  private TestGateway gateway(String middlewareExtra) {
    return TestGateway.start(vertx, """
        gateway:
          providers:
            openai:    { apiKey: %s, baseUrl: "%s/v1", isPrimary: true, maxRetries: 0 }
            anthropic: { apiKey: %s, baseUrl: "%s", isFallback: true, models: { "*": "claude-sonnet-4-5" } }
          middleware: { audit: file, auditFile: "%s"%s }
        """.formatted(OPENAI_KEY, openai.baseUrl(), ANTHROPIC_KEY, anthropic.baseUrl(), auditFile, middlewareExtra));
  }

  private List<JsonObject> records(int expected) throws IOException {
    await().atMost(Duration.ofSeconds(10)).until(() -> lines().size() >= expected);
    List<JsonObject> out = new ArrayList<>();
    for (String line : lines()) {
      out.add(new JsonObject(line));
    }
    assertEquals(expected, out.size(), "one record per request");
    return out;
  }

  private List<String> lines() throws IOException {
    return Files.exists(auditFile) ? Files.readAllLines(auditFile) : List.of();
  }

  @Test
  void anAnsweredRequestIsRecordedFieldByField() throws IOException {
    TestGateway gateway = gateway(", rateLimit: 0");
    Http.Response r = http.postJson(gateway.url("/v1/chat/completions"), Http.chatRequest("gpt-4o", SECRET_TEXT),
        Http.headers("X-Rivano-Agent", "billing-bot"));
    assertEquals(200, r.status());

    JsonObject record = records(1).get(0);
    assertEquals(r.header("X-Rivano-Trace-Id"), record.getString("id"));
    assertEquals("success", record.getString("status"));
    assertEquals(9L, record.getLong("input_tokens"));
    assertEquals(12L, record.getLong("output_tokens"));
    assertTrue(record.getDouble("cost_usd") > 0, "gpt-4o is in the price table: " + record);
    assertTrue(record.getLong("duration_ms") >= 0);
    assertEquals("openai", record.getString("model_provider"));
    assertEquals("gpt-4o", record.getString("model_name"));
    assertTrue(Instant.parse(record.getString("created_at")).isBefore(Instant.now().plusSeconds(1)));
    assertEquals("billing-bot", record.getString("agent"));
    assertEquals("/v1/chat/completions", record.getString("path"));
    assertEquals(200, record.getInteger("http_status"));
    assertEquals("allowed", record.getString("decision"));
    assertFalse(record.getBoolean("fallback_used"));
    assertFalse(record.getBoolean("cached"));
    assertFalse(record.getBoolean("stream"));
    assertTrue(record.getString("node").endsWith(":" + gateway.port()), record.getString("node"));
    assertEquals(new JsonArray(), record.getJsonArray("pii_detected"));
    assertEquals(new JsonArray(), record.getJsonArray("policies_fired"));
    JsonArray attempts = record.getJsonArray("attempts");
    assertEquals(1, attempts.size());
    assertEquals("openai", attempts.getJsonObject(0).getString("provider"));
    assertEquals("ok", attempts.getJsonObject(0).getString("outcome"));
    assertNeverContent(lines());
  }

  @Test
  void aFailoverStreamIsRecordedWithTheFallbackAndTheProvidersUsage() throws IOException {
    openai.byDefault(Behaviors.status(503, null));
    anthropic.byDefault(Behaviors.anthropicSse("claude-sonnet-4-5-20250929", List.of("Hello ", "there."), 2, -1, -1));
    TestGateway gateway = gateway(", rateLimit: 0");

    Http.Streamed s = http.stream(gateway.url("/v1/chat/completions"),
        Http.chatRequest("gpt-4o", SECRET_TEXT).put("stream", true), null);
    assertEquals("Hello there.", SseText.openAiText(s.body()));
    assertFalse(s.body().contains("\"usage\""), "the client did not ask for usage: " + s.body());

    JsonObject record = records(1).get(0);
    assertEquals("success", record.getString("status"));
    assertTrue(record.getBoolean("stream"));
    assertTrue(record.getBoolean("fallback_used"));
    assertEquals("anthropic", record.getString("model_provider"));
    assertEquals("claude-sonnet-4-5", record.getString("model_name"));
    assertTrue(record.getLong("input_tokens") > 0 && record.getLong("output_tokens") > 0,
        "usage read from the provider's own events even though the client did not ask: " + record);
    JsonArray attempts = record.getJsonArray("attempts");
    assertEquals("http_503", attempts.getJsonObject(0).getString("outcome"));
    assertEquals("anthropic", attempts.getJsonObject(attempts.size() - 1).getString("provider"));
    assertNeverContent(lines());
  }

  @Test
  void anOpenAiStreamIsAskedForUsageThatTheClientDoesNotSee() throws IOException {
    List<String> events = new ArrayList<>(Behaviors.openAiStreamEvents("gpt-4o-2024-08-06", List.of("a", "b"), false));
    events.add(new JsonObject().put("id", "chatcmpl-test").put("object", "chat.completion.chunk").put("choices", new JsonArray())
        .put("usage", new JsonObject().put("prompt_tokens", 7).put("completion_tokens", 2).put("total_tokens", 9)).encode());
    events.add("[DONE]");
    openai.byDefault(Behaviors.sseData(events, 0, 1, -1, -1));
    TestGateway gateway = gateway(", rateLimit: 0");

    Http.Streamed s = http.stream(gateway.url("/v1/chat/completions"),
        Http.chatRequest("gpt-4o", "hi").put("stream", true), null);
    assertEquals("ab", SseText.openAiText(s.body()));
    assertFalse(s.body().contains("\"usage\""), s.body());
    assertTrue(openai.last().json().getJsonObject("stream_options").getBoolean("include_usage"));
    JsonObject record = records(1).get(0);
    assertEquals(7L, record.getLong("input_tokens"));
    assertEquals(2L, record.getLong("output_tokens"));

    // A client that asks for usage gets the chunk.
    Http.Streamed asked = http.stream(gateway.url("/v1/chat/completions"), Http.chatRequest("gpt-4o", "hi")
        .put("stream", true).put("stream_options", new JsonObject().put("include_usage", true)), null);
    assertTrue(asked.body().contains("\"prompt_tokens\":7"), asked.body());
  }

  @Test
  void refusedRequestsAreRecordedToo() throws IOException {
    TestGateway gateway = gateway(", rateLimit: 1");
    assertEquals(200, http.postJson(gateway.url("/v1/chat/completions"), Http.chatRequest("gpt-4o", "hi")).status());
    Http.Response limited = http.postJson(gateway.url("/v1/chat/completions"), Http.chatRequest("gpt-4o", "hi"));
    assertEquals(429, limited.status());

    List<JsonObject> records = records(2);
    JsonObject rateLimited = records.get(1);
    assertEquals(limited.header("X-Rivano-Trace-Id"), rateLimited.getString("id"));
    assertEquals("rate_limited", rateLimited.getString("decision"));
    assertEquals("error", rateLimited.getString("status"));
    assertEquals(429, rateLimited.getInteger("http_status"));
    assertEquals(0, rateLimited.getJsonArray("attempts").size());
    assertNull(rateLimited.getValue("cost_usd"));
  }

  @Test
  void anUnreadableBodyIsRecordedAsAnErrorWithoutItsContent() throws IOException {
    TestGateway gateway = gateway(", rateLimit: 0");
    Http.Response r = http.send(HttpMethod.POST, gateway.url("/v1/chat/completions"),
        Http.headers("content-type", "application/json"), Buffer.buffer("{\"messages\": \"" + SECRET_TEXT));
    assertEquals(400, r.status());
    JsonObject record = records(1).get(0);
    assertEquals(400, record.getInteger("http_status"));
    assertEquals("error", record.getString("status"));
    assertNeverContent(lines());
  }

  @Test
  void aCachedAnswerIsAHitAuditedAsCached() throws IOException {
    TestGateway gateway = gateway(", rateLimit: 0, cache: true");
    JsonObject request = Http.chatRequest("gpt-4o", "what is 2+2?").put("temperature", 0);

    Http.Response first = http.postJson(gateway.url("/v1/chat/completions"), request.copy());
    Http.Response second = http.postJson(gateway.url("/v1/chat/completions"), request.copy());
    Http.Response other = http.postJson(gateway.url("/v1/chat/completions"), request.copy().put("temperature", 1));

    assertEquals("MISS", first.header("X-Rivano-Cache"));
    assertEquals("HIT", second.header("X-Rivano-Cache"));
    assertEquals("MISS", other.header("X-Rivano-Cache"), "another sampling parameter is another answer");
    assertEquals(first.json().getJsonArray("choices"), second.json().getJsonArray("choices"));
    assertEquals("openai", second.header("X-Rivano-Provider"));
    assertEquals(2, openai.count(), "the hit never reached the provider");

    List<JsonObject> records = records(3);
    assertFalse(records.get(0).getBoolean("cached"));
    assertTrue(records.get(1).getBoolean("cached"));
    assertEquals(0.0, records.get(1).getDouble("cost_usd"), "nothing was billed for a hit");
    assertEquals(12L, records.get(1).getLong("output_tokens"));

    Http.Streamed stream = http.stream(gateway.url("/v1/chat/completions"), request.copy().put("stream", true), null);
    assertNull(stream.header("X-Rivano-Cache"), "streams are never cached");
  }

  /** No line carries a configured key or the text of a message. */
  private static void assertNeverContent(List<String> lines) {
    for (String line : lines) {
      assertFalse(line.contains(OPENAI_KEY) || line.contains(ANTHROPIC_KEY), line);
      assertFalse(line.contains(SECRET_TEXT) || line.contains("the answer") || line.contains("Hello"), line);
    }
  }
}
