package ai.rivano.gateway.routing.malformed;

import ai.rivano.gateway.routing.translate.WireFormat;
import ai.rivano.gateway.testing.StrictProviders;
import ai.rivano.gateway.testing.TestGateway;
import ai.rivano.gateway.testing.UpstreamStub;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The malformed-body corpus and the gateway it is sent through: every client dialect (OpenAI chat, Anthropic
 * messages, Gemini generateContent) against every provider kind (the built-in echo, and strict OpenAI-, Anthropic-
 * and Gemini-format upstreams on loopback that answer bad bodies with their own 400, as the real APIs do).
 */
final class MalformedBodies {

  /** Every request must be answered within this; a hang shows up as a timeout, not a stuck build. */
  static final Duration BOUND = Duration.ofSeconds(5);

  enum Dialect {
    OPENAI(WireFormat.OPENAI_CHAT, "/v1/chat/completions",
        "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
    ANTHROPIC(WireFormat.ANTHROPIC_MESSAGES, "/v1/messages",
        "{\"model\":\"claude-x\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
    GEMINI(WireFormat.GEMINI, "/v1beta/models/gemini-2.5-flash:generateContent",
        "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}");

    final WireFormat format;
    final String path;
    final String valid;

    Dialect(WireFormat format, String path, String valid) {
      this.format = format;
      this.path = path;
      this.valid = valid;
    }
  }

  /** The provider kinds, by the name the request addresses with {@code X-Rivano-Provider}, and their dialect. */
  enum Provider {
    ECHO(null), OPENAI(Dialect.OPENAI), ANTHROPIC(Dialect.ANTHROPIC), GOOGLE(Dialect.GEMINI);

    final Dialect speaks;

    Provider(Dialect speaks) {
      this.speaks = speaks;
    }

    String header() {
      return name().toLowerCase();
    }

    /** The gateway translates between {@code dialect} and this provider (echo answers in any dialect). */
    boolean translates(Dialect dialect) {
      return speaks != null && speaks != dialect;
    }
  }

  /** One malformed body for one dialect; {@code parses} is false when it is not JSON at all. */
  record Case(String name, Dialect dialect, byte[] body) {
    boolean parses() {
      try {
        io.vertx.core.json.Json.decodeValue(io.vertx.core.buffer.Buffer.buffer(body));
        return true;
      } catch (RuntimeException e) {
        return false;
      }
    }

    @Override
    public String toString() {
      return dialect + ": " + name;
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** What came back, or that nothing did within {@link #BOUND}. */
  record Outcome(int status, String body, boolean timedOut) {
    @Override
    public String toString() {
      return timedOut ? "no answer within " + BOUND.toSeconds() + " s" : status + " " + body;
    }
  }

  private MalformedBodies() {
  }

  // ---- the corpus ----------------------------------------------------------------------------------------------

  static List<Case> corpus() {
    List<Case> cases = new ArrayList<>();
    for (Dialect dialect : Dialect.values()) {
      cases.addAll(unreadable(dialect));
    }
    String openAi = Dialect.OPENAI.valid;
    add(cases, Dialect.OPENAI, "stream is a string, after leading whitespace", "\r\n  " + with(openAi, "stream", "\"true\""));
    add(cases, Dialect.OPENAI, "stream is a string", with(openAi, "stream", "\"true\""));
    add(cases, Dialect.OPENAI, "stream is a number", with(openAi, "stream", "1"));
    add(cases, Dialect.OPENAI, "stream_options is a string", with(with(openAi, "stream", "true"), "stream_options", "\"yes\""));
    add(cases, Dialect.OPENAI, "include_usage is a string",
        with(with(openAi, "stream", "true"), "stream_options", "{\"include_usage\":\"true\"}"));
    add(cases, Dialect.OPENAI, "model is a number", with(openAi, "model", "42"));
    add(cases, Dialect.OPENAI, "messages is a string", with(openAi, "messages", "\"hi\""));
    add(cases, Dialect.OPENAI, "messages is an object", with(openAi, "messages", "{}"));
    add(cases, Dialect.OPENAI, "a message is a number", with(openAi, "messages", "[1]"));
    add(cases, Dialect.OPENAI, "role is a number", with(openAi, "messages", "[{\"role\":5,\"content\":\"hi\"}]"));
    add(cases, Dialect.OPENAI, "content is a number", with(openAi, "messages", "[{\"role\":\"user\",\"content\":5}]"));
    add(cases, Dialect.OPENAI, "a text part's text is a number",
        with(openAi, "messages", "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":5}]}]"));
    add(cases, Dialect.OPENAI, "temperature is a string", with(openAi, "temperature", "\"hot\""));
    add(cases, Dialect.OPENAI, "max_tokens is a string", with(openAi, "max_tokens", "\"10\""));
    add(cases, Dialect.OPENAI, "tools is a string", with(openAi, "tools", "\"x\""));
    add(cases, Dialect.OPENAI, "a tool is a number", with(openAi, "tools", "[1]"));

    String anthropic = Dialect.ANTHROPIC.valid;
    add(cases, Dialect.ANTHROPIC, "stream is a string", with(anthropic, "stream", "\"true\""));
    add(cases, Dialect.ANTHROPIC, "model is a number", with(anthropic, "model", "42"));
    add(cases, Dialect.ANTHROPIC, "max_tokens is a string", with(anthropic, "max_tokens", "\"100\""));
    add(cases, Dialect.ANTHROPIC, "messages is a string", with(anthropic, "messages", "\"hi\""));
    add(cases, Dialect.ANTHROPIC, "a message is a number", with(anthropic, "messages", "[1]"));
    add(cases, Dialect.ANTHROPIC, "role is a number", with(anthropic, "messages", "[{\"role\":5,\"content\":\"hi\"}]"));
    add(cases, Dialect.ANTHROPIC, "content is a number",
        with(anthropic, "messages", "[{\"role\":\"user\",\"content\":5}]"));
    add(cases, Dialect.ANTHROPIC, "system is a number", with(anthropic, "system", "5"));
    add(cases, Dialect.ANTHROPIC, "a system block is a number", with(anthropic, "system", "[1]"));
    add(cases, Dialect.ANTHROPIC, "tools is a string", with(anthropic, "tools", "\"x\""));

    String gemini = Dialect.GEMINI.valid;
    add(cases, Dialect.GEMINI, "contents is a string", with(gemini, "contents", "\"hi\""));
    add(cases, Dialect.GEMINI, "a content is a number", with(gemini, "contents", "[1]"));
    add(cases, Dialect.GEMINI, "parts is a string", with(gemini, "contents", "[{\"role\":\"user\",\"parts\":\"hi\"}]"));
    add(cases, Dialect.GEMINI, "a part's text is a number",
        with(gemini, "contents", "[{\"role\":\"user\",\"parts\":[{\"text\":5}]}]"));
    add(cases, Dialect.GEMINI, "generationConfig is a string", with(gemini, "generationConfig", "\"x\""));
    return cases;
  }

  /** Bodies no dialect can read: not JSON, not an object, cut, padded, invalid UTF-8, nested beyond reason. */
  private static List<Case> unreadable(Dialect dialect) {
    List<Case> cases = new ArrayList<>();
    String valid = dialect.valid;
    add(cases, dialect, "not JSON", "hello");
    add(cases, dialect, "empty", "");
    add(cases, dialect, "only whitespace", "  \n ");
    add(cases, dialect, "cut in half", valid.substring(0, valid.length() / 2));
    add(cases, dialect, "a closing brace too many", valid + "}");
    add(cases, dialect, "two objects", valid + valid);
    add(cases, dialect, "a JSON array", "[" + valid + "]");
    add(cases, dialect, "a JSON string", "\"hi\"");
    add(cases, dialect, "a JSON number", "42");
    add(cases, dialect, "JSON null", "null");
    add(cases, dialect, "a NUL byte inside", valid.replace("hi", "h\u0000i").replace("\"hi\"", "\"h\u0000i\""));
    add(cases, dialect, "nested 5000 deep", "[".repeat(5000) + "]".repeat(5000));
    cases.add(new Case("invalid UTF-8", dialect, concat(valid.substring(0, valid.length() - 2).getBytes(StandardCharsets.UTF_8),
        new byte[] {(byte) 0xff, (byte) 0xfe, '"', '}', '}'})));
    return cases;
  }

  private static void add(List<Case> cases, Dialect dialect, String name, String body) {
    cases.add(new Case(name, dialect, body.getBytes(StandardCharsets.UTF_8)));
  }

  /** {@code json} with {@code field} set to the JSON text {@code value} (any type). */
  static String with(String json, String field, String value) {
    return new JsonObject(json).put(field, Json.decodeValue(value)).encode();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  // ---- the gateway under test ------------------------------------------------------------------------------------

  /** Strict upstreams of every format and a gateway that can reach each of them and echo. */
  static final class Setup implements AutoCloseable {
    final Vertx vertx = Vertx.vertx();
    final UpstreamStub openAi = UpstreamStub.start(vertx, StrictProviders.openAi());
    final UpstreamStub anthropic = UpstreamStub.start(vertx, StrictProviders.anthropic());
    final UpstreamStub gemini = UpstreamStub.start(vertx, StrictProviders.gemini());
    final TestGateway gateway = TestGateway.start(vertx, """
        gateway:
          providers:
            echo: { isPrimary: true }
            openai: { apiKey: sk-test, baseUrl: "%s", maxRetries: 0 }
            anthropic: { apiKey: sk-ant-test, baseUrl: "%s", maxRetries: 0 }
            google: { apiKey: goog-test, baseUrl: "%s", maxRetries: 0 }
          middleware: { rateLimit: 0 }
        """.formatted(openAi.baseUrl(), anthropic.baseUrl(), gemini.baseUrl()));
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(BOUND).build();

    /** Requests the upstreams have received so far, all together. */
    int forwarded() {
      return openAi.count() + anthropic.count() + gemini.count();
    }

    Outcome send(Case c, Provider provider) {
      return send(c.dialect(), provider, c.body());
    }

    Outcome send(Dialect dialect, Provider provider, byte[] body) {
      HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.url(dialect.path)))
          .timeout(BOUND)
          .header("content-type", "application/json")
          .header("X-Rivano-Provider", provider.header())
          .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        return new Outcome(response.statusCode(), response.body(), false);
      } catch (HttpTimeoutException e) {
        return new Outcome(0, "", true);
      } catch (IOException e) {
        return new Outcome(-1, "connection failed: " + e, false);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }

    @Override
    public void close() {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  /** A clear 400: a JSON error object with a message, and no Java internals. Null when it is one, else why not. */
  static String notAClear400(Outcome outcome) {
    if (outcome.timedOut() || outcome.status() != 400) {
      return "expected a 400, got " + outcome;
    }
    try {
      JsonObject body = new JsonObject(outcome.body());
      Object error = body.getValue("error");
      String message = error instanceof JsonObject e && e.getValue("message") instanceof String m ? m : null;
      if (message == null || message.isBlank()) {
        return "a 400 without an error message: " + outcome.body();
      }
      if (outcome.body().contains("java.") || outcome.body().contains("Exception")) {
        return "Java internals in the error: " + outcome.body();
      }
      return null;
    } catch (RuntimeException e) {
      return "a 400 whose body is not a JSON error: " + outcome.body();
    }
  }

}
