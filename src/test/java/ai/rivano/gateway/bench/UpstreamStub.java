package ai.rivano.gateway.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fake OpenAI upstream for the benchmark: {@code POST /v1/chat/completions} on 127.0.0.1.
 *
 * <ul>
 *   <li>{@code "stream": false} (or absent): answers a fixed {@code chat.completion} JSON after a fixed latency.</li>
 *   <li>{@code "stream": true}: after the fixed latency sends the head and the first {@code chat.completion.chunk}
 *       event (role), then {@code sseEvents} content events at {@code sseIntervalMs}, the last carrying
 *       {@code finish_reason: "stop"}, then {@code data: [DONE]}.</li>
 * </ul>
 *
 * <p>Per-request overrides (headers, forwarded by the gateway like any other): {@code x-bench-latency-ms},
 * {@code x-bench-sse-events}, {@code x-bench-sse-interval-ms}. The stub insists on
 * {@code Authorization: Bearer sk-bench} (401 otherwise), which proves the gateway swapped the client's key.
 *
 * <p>Injected faults (the soak run, {@link SoakMix}): {@code x-bench-fault} selects one of {@link Fault}, applied on
 * every attempt that reaches the stub, except on paths under {@code /nofault/}: a fallback provider whose base URL
 * points there is the healthy provider the gateway fails over to.
 *
 * <p>Run standalone ({@code main}) in its own JVM, it prints {@code UPSTREAM_STUB_PORT <port>} once listening.
 */
public final class UpstreamStub {

  public static final String API_KEY = "sk-bench";
  public static final String LATENCY_HEADER = "x-bench-latency-ms";
  public static final String SSE_EVENTS_HEADER = "x-bench-sse-events";
  public static final String SSE_INTERVAL_HEADER = "x-bench-sse-interval-ms";
  public static final String FAULT_HEADER = "x-bench-fault";
  public static final String PORT_LINE = "UPSTREAM_STUB_PORT ";
  /** Base path of the healthy provider: faults are never injected under it. */
  public static final String NO_FAULT_PREFIX = "/nofault/";
  /** A {@link Fault#CUT} stream sends this many content events before the connection is closed. */
  public static final int CUT_AFTER_EVENTS = 3;
  /** The {@code Retry-After} of an injected 429, in seconds. */
  public static final String RETRY_AFTER_SECONDS = "1";

  /** What an injected fault does to the attempt. */
  public enum Fault {
    /** 500 with an OpenAI-style error body. */
    HTTP_500,
    /** 429 with {@code Retry-After: 1}. */
    HTTP_429,
    /** The connection is reset once the request is read, before any response head. */
    RESET,
    /** A stream: the head, the role event and {@link #CUT_AFTER_EVENTS} content events, then the connection is reset. */
    CUT;

    /** The header value that selects it. */
    public String header() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Fault of(String header) {
      return header == null ? null : valueOf(header.trim().toUpperCase(java.util.Locale.ROOT));
    }
  }

  /** The text of the content events of a complete stream of {@code events} events: "tok1 tok2 … tokN ". */
  public static String streamText(int events) {
    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= events; i++) {
      text.append("tok").append(i).append(' ');
    }
    return text.toString();
  }

  /** The fixed non-streaming answer; the benchmark checks the relayed body has exactly this length. */
  public static final Buffer COMPLETION = new JsonObject()
      .put("id", "chatcmpl-bench0000000000000000000000")
      .put("object", "chat.completion")
      .put("created", 1_700_000_000L)
      .put("model", "gpt-4o-mini-2024-07-18")
      .put("system_fingerprint", "fp_bench")
      .put("choices", new JsonArray().add(new JsonObject()
          .put("index", 0)
          .put("message", new JsonObject().put("role", "assistant")
              .put("content", "Hello! This is a fixed answer from the Rivano benchmark upstream stub.")
              .putNull("refusal"))
          .putNull("logprobs")
          .put("finish_reason", "stop")))
      .put("usage", new JsonObject().put("prompt_tokens", 12).put("completion_tokens", 16).put("total_tokens", 28))
      .toBuffer();

  public record Settings(String host, int port, long latencyMs, int sseEvents, long sseIntervalMs, int instances) {
    static Settings from(Map<String, String> args) {
      return new Settings(args.getOrDefault("host", "127.0.0.1"),
          Integer.parseInt(args.getOrDefault("port", "0")),
          Long.parseLong(args.getOrDefault("latency-ms", "20")),
          Integer.parseInt(args.getOrDefault("sse-events", "10")),
          Long.parseLong(args.getOrDefault("sse-interval-ms", "2")),
          Integer.parseInt(args.getOrDefault("instances", "2")));
    }
  }

  private UpstreamStub() {
  }

  public static void main(String[] argv) throws Exception {
    Settings settings = Settings.from(Args.parse(argv));
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Math.max(1, settings.instances())));
    int port;
    try {
      port = start(vertx, settings).await();
    } catch (RuntimeException e) {
      System.out.println("stub failed to start: " + e);
      System.exit(1);
      return;
    }
    System.out.println(PORT_LINE + port);
    System.out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close().await()));
    Thread.currentThread().join();
  }

  /**
   * Deploys {@code instances} server verticles sharing one port (Vert.x balances connections between them);
   * completes with the port. Port 0 picks a free loopback port first: instances listening on port 0 would not
   * share one random port.
   */
  public static Future<Integer> start(Vertx vertx, Settings settings) {
    int port;
    try {
      port = settings.port() != 0 ? settings.port() : freePort();
    } catch (java.io.IOException e) {
      return Future.failedFuture(e);
    }
    AtomicLong bound = new AtomicLong();
    return vertx.deployVerticle(() -> new StubVerticle(settings, port, bound),
            new DeploymentOptions().setInstances(Math.max(1, settings.instances())))
        .map(id -> (int) bound.get());
  }

  static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static final class StubVerticle extends VerticleBase {
    private final Settings settings;
    private final int port;
    private final AtomicLong bound;

    StubVerticle(Settings settings, int port, AtomicLong bound) {
      this.settings = settings;
      this.port = port;
      this.bound = bound;
    }

    @Override
    public Future<?> start() {
      // SO_LINGER 0: a connection the stub closes (the reset and cut faults) is aborted with a TCP reset, as a crashing
      // upstream's or a fault injector's would be, rather than closed in order.
      HttpServer server = vertx.createHttpServer(new HttpServerOptions()
          .setHost(settings.host()).setPort(port).setTcpNoDelay(true).setReuseAddress(true).setSoLinger(0));
      server.requestHandler(this::handle);
      return server.listen().onSuccess(s -> bound.set(s.actualPort()));
    }

    private void handle(HttpServerRequest request) {
      if (!request.path().endsWith("/chat/completions")) {
        error(request.response(), 404, "not_found", "unknown path " + request.path());
        return;
      }
      if (!("Bearer " + API_KEY).equals(request.getHeader(HttpHeaders.AUTHORIZATION))) {
        error(request.response(), 401, "invalid_api_key", "Incorrect API key provided");
        return;
      }
      long latency = longHeader(request, LATENCY_HEADER, settings.latencyMs());
      int events = (int) longHeader(request, SSE_EVENTS_HEADER, settings.sseEvents());
      long interval = longHeader(request, SSE_INTERVAL_HEADER, settings.sseIntervalMs());
      Fault fault;
      try {
        fault = request.path().startsWith(NO_FAULT_PREFIX) ? null : Fault.of(request.getHeader(FAULT_HEADER));
      } catch (IllegalArgumentException e) {
        error(request.response(), 400, "invalid_fault", "unknown " + FAULT_HEADER);
        return;
      }
      request.body().onSuccess(body -> {
        boolean stream;
        try {
          stream = body.length() > 0 && body.toJsonObject().getBoolean("stream", false);
        } catch (RuntimeException e) {
          error(request.response(), 400, "invalid_json", "body is not JSON");
          return;
        }
        HttpServerResponse response = request.response();
        if (fault != null && fault != Fault.CUT) {
          later(latency, () -> inject(request, fault));
        } else if (stream) {
          int last = fault == Fault.CUT ? Math.min(CUT_AFTER_EVENTS, events) : events;
          later(latency, () -> stream(request, events, last, interval));
        } else {
          later(latency, () -> response.putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
              .putHeader("openai-processing-ms", Long.toString(latency))
              .end(COMPLETION));
        }
      });
    }

    private void inject(HttpServerRequest request, Fault fault) {
      HttpServerResponse response = request.response();
      switch (fault) {
        case HTTP_500 -> error(response, 500, "server_error", "injected fault: internal error");
        case HTTP_429 -> {
          response.putHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
          error(response, 429, "rate_limit_exceeded", "injected fault: rate limited");
        }
        default -> request.connection().close();
      }
    }

    /** Sends events 1..{@code last} of a stream of {@code events}; a stream cut short ({@code last < events}) is closed. */
    private void stream(HttpServerRequest request, int events, int last, long interval) {
      HttpServerResponse response = request.response();
      if (response.closed()) {
        return;
      }
      response.setChunked(true)
          .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
          .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
      response.write(chunk(new JsonObject().put("role", "assistant").put("content", ""), null));
      next(request, 1, events, last, interval);
    }

    private void next(HttpServerRequest request, int i, int events, int last, long interval) {
      HttpServerResponse response = request.response();
      if (i > last) {
        if (last < events) {
          request.connection().close();
        } else {
          response.end(Buffer.buffer("data: [DONE]\n\n"));
        }
        return;
      }
      later(interval, () -> {
        if (response.closed()) {
          return;
        }
        response.write(chunk(new JsonObject().put("content", "tok" + i + " "), i == events ? "stop" : null));
        next(request, i + 1, events, last, interval);
      });
    }

    private void later(long ms, Runnable action) {
      if (ms <= 0) {
        action.run();
      } else {
        vertx.setTimer(ms, id -> action.run());
      }
    }

    private static Buffer chunk(JsonObject delta, String finishReason) {
      JsonObject choice = new JsonObject().put("index", 0).put("delta", delta).putNull("logprobs");
      if (finishReason == null) {
        choice.putNull("finish_reason");
      } else {
        choice.put("finish_reason", finishReason);
      }
      JsonObject event = new JsonObject()
          .put("id", "chatcmpl-bench0000000000000000000000")
          .put("object", "chat.completion.chunk")
          .put("created", 1_700_000_000L)
          .put("model", "gpt-4o-mini-2024-07-18")
          .put("system_fingerprint", "fp_bench")
          .put("choices", new JsonArray().add(choice));
      return Buffer.buffer("data: ").appendBuffer(event.toBuffer()).appendString("\n\n");
    }

    private static void error(HttpServerResponse response, int status, String code, String message) {
      response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .end(new JsonObject().put("error", new JsonObject().put("message", message)
              .put("type", "invalid_request_error").put("code", code)).toBuffer());
    }

    private static long longHeader(HttpServerRequest request, String name, long dflt) {
      String v = request.getHeader(name);
      return v == null ? dflt : Long.parseLong(v.trim());
    }
  }
}
