package ai.rivano.gateway.cli;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node's memory under concurrent large bodies, on the built jar started by the launcher with its production
 * flags ({@code -Xmx256m -XX:+ExitOnOutOfMemoryError}): 24 concurrent bodies of 9 MB (just under the default
 * {@code maxBodyBytes}) once raised hundreds of {@code OutOfMemoryError}s and killed the JVM. Every request must be
 * answered 200 (complete) or 503 {@code overloaded}, the process must survive, and {@code /health} must be 200 after.
 */
class BufferBudgetIT {

  private static final int CONCURRENT = 24;
  private static final int BODY_BYTES = 9 * 1000 * 1000;

  @TempDir
  Path dir;

  private Vertx vertx;
  private HttpServer upstream;
  private final AtomicInteger upstreamCalls = new AtomicInteger();

  @BeforeEach
  void startUpstream() throws Exception {
    vertx = Vertx.vertx();
    // An OpenAI-format upstream that reads each body to the end (without keeping it) and answers a completion.
    String completion = new JsonObject().put("id", "chatcmpl-big").put("object", "chat.completion")
        .put("model", "gpt-4o").put("choices", new io.vertx.core.json.JsonArray().add(new JsonObject()
            .put("index", 0).put("finish_reason", "stop")
            .put("message", new JsonObject().put("role", "assistant").put("content", "ok")))).encode();
    String message = new JsonObject().put("id", "msg_big").put("type", "message").put("role", "assistant")
        .put("model", "claude-x").put("stop_reason", "end_turn")
        .put("content", new io.vertx.core.json.JsonArray().add(new JsonObject().put("type", "text").put("text", "ok")))
        .put("usage", new JsonObject().put("input_tokens", 1).put("output_tokens", 1)).encode();
    upstream = vertx.createHttpServer().requestHandler(request -> {
      request.handler(chunk -> { });
      request.endHandler(v -> {
        upstreamCalls.incrementAndGet();
        request.response().putHeader("content-type", "application/json")
            .end(request.path().endsWith("/messages") ? message : completion);
      });
    }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stopUpstream() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /**
   * Through each way a body is handled: relayed as is to a provider of the client's dialect, translated for one of
   * another dialect (parsed, rewritten, re-encoded), and answered by echo (parsed, and echoed back whole).
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"openai", "anthropic", "echo"})
  void concurrentLargeBodiesGet200Or503AndTheNodeStaysHealthy(String provider) throws Exception {
    int port = Cli.freePort();
    Cli.write(dir.resolve("rivano.yaml"), """
        gateway:
          host: 127.0.0.1
          providers:
            %s
          middleware: { rateLimit: 0 }
        """.formatted(provider.equals("echo") ? "echo: {}"
        : provider + ": { apiKey: sk-test, baseUrl: \"http://127.0.0.1:" + upstream.actualPort() + "\" }"));
    byte[] body = chatBody(BODY_BYTES);
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();

    try (Cli.Running gateway = Cli.spawn(dir, Map.of(), Cli.launcher("start", "--port", Integer.toString(port),
        "--file", "rivano.yaml")).awaitLine("Gateway running on http://localhost:" + port)) {
      List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
      for (int i = 0; i < CONCURRENT; i++) {
        calls.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
            .timeout(Duration.ofSeconds(90)).header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString()));
      }
      int ok = 0;
      int overloaded = 0;
      List<String> unexpected = new ArrayList<>();
      for (CompletableFuture<HttpResponse<String>> call : calls) {
        try {
          HttpResponse<String> response = call.get(120, TimeUnit.SECONDS);
          if (response.statusCode() == 200 && new JsonObject(response.body()).getJsonArray("choices") != null) {
            ok++;
          } else if (response.statusCode() == 503 && response.body().contains("\"code\":\"overloaded\"")
              && response.headers().firstValue("retry-after").isPresent()) {
            overloaded++;
          } else {
            unexpected.add(response.statusCode() + " " + response.body());
          }
        } catch (Exception e) {
          unexpected.add(e.toString());
        }
      }
      System.out.println("BufferBudgetIT " + provider + ": " + ok + " x 200, " + overloaded + " x 503 overloaded, unexpected " + unexpected);
      assertTrue(gateway.process.isAlive(), "the JVM survived; stderr: " + gateway.stderr);
      assertEquals(List.of(), unexpected, ok + " × 200, " + overloaded + " × 503 overloaded, and these");
      assertEquals(CONCURRENT, ok + overloaded);
      assertTrue(ok > 0, "some bodies fit the budget and were served");
      assertEquals(provider.equals("echo") ? 0 : ok, upstreamCalls.get(), "only requests answered 200 reached a provider");
      assertEquals(200, Cli.get(port, "/health").statusCode(), "healthy afterwards");
      HttpResponse<String> small = Cli.HTTP.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + port + "/v1/chat/completions")).timeout(Duration.ofSeconds(20))
          .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(chatBody(1000)))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, small.statusCode(), "the budget was given back: " + small.body());
      assertFalse(String.join("\n", gateway.stdout).contains("OutOfMemoryError")
          || String.join("\n", gateway.stderr).contains("OutOfMemoryError"), "no OutOfMemoryError: " + gateway.stderr);
      gateway.sigterm();
      assertEquals(0, gateway.awaitExit());
    }
  }

  /**
   * Large answers: 4 concurrent 60 MB JSON answers (embedding batches) were each buffered whole before they were
   * relayed, and ran the node out of memory with clients getting truncated 200s. An answer that outgrows the
   * budget is now streamed through: every client gets the whole answer (or a 503), and the node survives.
   */
  @Test
  void concurrentLargeAnswersAreStreamedThroughCompleteAndTheNodeStaysHealthy() throws Exception {
    int answerBytes = 60 * 1000 * 1000;
    byte[] answer = embeddings(answerBytes);
    HttpServer big = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(b ->
            request.response().putHeader("content-type", "application/json").end(io.vertx.core.buffer.Buffer.buffer(answer))))
        .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    int port = Cli.freePort();
    Cli.write(dir.resolve("rivano.yaml"), """
        gateway:
          host: 127.0.0.1
          providers:
            openai: { apiKey: sk-test, baseUrl: "http://127.0.0.1:%d/v1" }
          middleware: { rateLimit: 0 }
        """.formatted(big.actualPort()));
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    try (Cli.Running gateway = Cli.spawn(dir, Map.of(), Cli.launcher("start", "--port", Integer.toString(port),
        "--file", "rivano.yaml")).awaitLine("Gateway running on http://localhost:" + port)) {
      List<CompletableFuture<HttpResponse<byte[]>>> calls = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        calls.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/embeddings"))
            .timeout(Duration.ofSeconds(120)).header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"text-embedding-3-small\",\"input\":[\"a\"]}"))
            .build(), HttpResponse.BodyHandlers.ofByteArray()));
      }
      int whole = 0;
      List<String> unexpected = new ArrayList<>();
      for (CompletableFuture<HttpResponse<byte[]>> call : calls) {
        try {
          HttpResponse<byte[]> response = call.get(180, TimeUnit.SECONDS);
          if (response.statusCode() == 200 && java.util.Arrays.equals(answer, response.body())) {
            whole++;
          } else if (response.statusCode() != 503) {
            unexpected.add(response.statusCode() + " with " + response.body().length + " bytes");
          }
        } catch (Exception e) {
          unexpected.add(e.toString());
        }
      }
      assertTrue(gateway.process.isAlive(), "the JVM survived; stderr: " + gateway.stderr);
      assertEquals(List.of(), unexpected, "never a truncated 200");
      assertEquals(4, whole, "every answer streamed through whole");
      assertEquals(200, Cli.get(port, "/health").statusCode(), "healthy afterwards");
      assertFalse(String.join("\n", gateway.stderr).contains("OutOfMemoryError"), "no OutOfMemoryError");
      gateway.sigterm();
      assertEquals(0, gateway.awaitExit());
    } finally {
      big.close();
    }
  }

  /** A syntactically valid embeddings answer of about {@code bytes} bytes. */
  private static byte[] embeddings(int bytes) {
    String prefix = "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[";
    String suffix = "0.5]}],\"model\":\"text-embedding-3-small\"}";
    StringBuilder out = new StringBuilder(bytes + 64).append(prefix);
    while (out.length() < bytes - suffix.length()) {
      out.append("0.0123456789,");
    }
    return out.append(suffix).toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** A valid chat request of about {@code bytes} bytes (one long user message). */
  private static byte[] chatBody(int bytes) {
    String prefix = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"";
    String suffix = "\"}]}";
    return (prefix + "x".repeat(bytes - prefix.length() - suffix.length()) + suffix).getBytes(StandardCharsets.US_ASCII);
  }
}
