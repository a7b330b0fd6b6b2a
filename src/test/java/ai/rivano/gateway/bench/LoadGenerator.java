package ai.rivano.gateway.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Closed-loop HTTP load against one target (the stub directly, or the gateway): keep-alive Vert.x clients, all
 * driven from ONE event-loop context of the benchmark JVM, each virtual user sending its next request as soon as
 * the previous answer is complete. Latency is client-measured from just before the request is issued to the last
 * byte of the body (JSON) or, for SSE, to the first complete {@code data:} line (time to first event) and to the
 * end of the stream. Every answer is checked; failures are counted, never recorded as latencies.
 */
final class LoadGenerator implements AutoCloseable {

  /** Where requests go and what a correct answer looks like there. */
  record Target(String name, int port, String path, String apiKey, boolean expectGatewayHeaders) {
  }

  /**
   * What one phase measured. {@code ttfe} and {@code eventGaps} (time between consecutive {@code data:} events at
   * the client: where a guardrail holds text back, events arrive bunched) are null except for SSE phases.
   */
  static final class Result {
    final Histogram latency = newHistogram();
    final Histogram ttfe;
    final Histogram eventGaps;
    long ok;
    long errors;
    String firstError;
    long elapsedNanos;

    Result(boolean sse) {
      this.ttfe = sse ? newHistogram() : null;
      this.eventGaps = sse ? newHistogram() : null;
    }

    double rps() {
      return elapsedNanos == 0 ? 0 : ok * 1e9 / elapsedNanos;
    }

    void error(String why) {
      errors++;
      if (firstError == null) {
        firstError = why;
      }
    }
  }

  /** 1 µs .. 60 s in nanoseconds, 4 significant digits (≈ 2 µs resolution at 20 ms). */
  static Histogram newHistogram() {
    return new Histogram(1_000L, 60_000_000_000L, 4);
  }

  private static final int MAX_ERRORS_PER_PHASE = 1_000;

  private final Vertx vertx;
  private final Context context;
  private final Target target;
  private final HttpClient single;
  private final HttpClient pooled;
  private final Buffer jsonBody;
  private final Buffer sseBody;
  private final int expectedJsonLength;
  private final int sseEvents;

  LoadGenerator(Vertx vertx, Target target, int connections, int sseEvents) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.target = target;
    this.sseEvents = sseEvents;
    HttpClientOptions options = new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
        .setPipelining(false).setDefaultHost("127.0.0.1").setDefaultPort(target.port())
        .setConnectTimeout(5_000).setKeepAliveTimeout(300);
    this.single = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(1));
    this.pooled = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(connections)
        .setMaxWaitQueueSize(-1));
    this.jsonBody = requestBody(false);
    this.sseBody = requestBody(true);
    this.expectedJsonLength = UpstreamStub.COMPLETION.length();
  }

  Target target() {
    return target;
  }

  /**
   * A chat-completions request shaped like what the OpenAI SDK sends, about 1 KB: a system prompt and a user turn
   * of ordinary prose (what every guardrail has to read on every request; it contains nothing they act on).
   */
  static Buffer requestBody(boolean stream) {
    JsonObject body = new JsonObject()
        .put("model", "gpt-4o-mini")
        .put("messages", new JsonArray()
            .add(new JsonObject().put("role", "system").put("content", "You are a concise assistant for the Rivano "
                + "benchmark. Answer in plain English, keep it short, and say so when you are not sure."))
            .add(new JsonObject().put("role", "user").put("content", USER_PROMPT)))
        .put("temperature", 0.2)
        .put("max_tokens", 64)
        .put("stream", stream);
    if (stream) {
      body.put("stream_options", new JsonObject().put("include_usage", false));
    }
    return body.toBuffer();
  }

  private static final String USER_PROMPT = "Our platform team routes every model call of the company through one "
      + "gateway. Product teams keep asking why they cannot call the providers directly, since the gateway sits on "
      + "the path of every request and every streamed token. Summarise in one paragraph why a gateway should add "
      + "as little latency as possible, what it gives back in exchange (one endpoint, failover between providers "
      + "when one of them has an outage, limits per team, redaction of personal data before it leaves the network, "
      + "an audit trail of who asked what and what it cost), and how a team can check for itself that the gateway "
      + "is not the slow part of their application. Mention time to first token for streamed answers, the tail of "
      + "the latency distribution rather than the average, and the cost in CPU per request at peak traffic. Keep "
      + "the tone factual, avoid marketing words, and end with one sentence a manager could repeat in a meeting.";

  private RequestOptions options(long latencyMs, boolean stream) {
    RequestOptions o = new RequestOptions().setMethod(HttpMethod.POST).setURI(target.path())
        .setIdleTimeout(15_000)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.ACCEPT, stream ? "text/event-stream" : "application/json")
        .putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + target.apiKey())
        .putHeader(HttpHeaders.USER_AGENT, "OpenAI/Java 4.1.0")
        .putHeader("x-stainless-lang", "java")
        .putHeader("x-stainless-package-version", "4.1.0")
        .putHeader("x-stainless-os", "Linux")
        .putHeader("x-stainless-arch", "x64")
        .putHeader("x-stainless-runtime", "JRE")
        .putHeader("x-stainless-retry-count", "0");
    if (latencyMs >= 0) {
      o.putHeader(UpstreamStub.LATENCY_HEADER, Long.toString(latencyMs));
    }
    return o;
  }

  /** {@code users} closed-loop users sending JSON requests for {@code durationMs}; client pool of 1 when users == 1. */
  Future<Result> json(int users, long durationMs, long latencyMs) {
    return run(users, durationMs, false, latencyMs);
  }

  /** One user, one connection, streaming requests for {@code durationMs}. */
  Future<Result> sse(long durationMs, long latencyMs) {
    return run(1, durationMs, true, latencyMs);
  }

  private Future<Result> run(int users, long durationMs, boolean sse, long latencyMs) {
    Promise<Result> done = Promise.promise();
    context.runOnContext(v -> {
      Result result = new Result(sse);
      HttpClient client = users == 1 ? single : pooled;
      RequestOptions options = options(latencyMs, sse);
      long start = System.nanoTime();
      long deadline = start + durationMs * 1_000_000L;
      AtomicInteger running = new AtomicInteger(users);
      Runnable userDone = () -> {
        if (running.decrementAndGet() == 0) {
          result.elapsedNanos = System.nanoTime() - start;
          done.complete(result);
        }
      };
      for (int i = 0; i < users; i++) {
        loop(client, options, sse, deadline, result, userDone, true);
      }
    });
    return done.future();
  }

  private void loop(HttpClient client, RequestOptions options, boolean sse, long deadline, Result result,
                    Runnable userDone, boolean first) {
    // Every user sends at least one request, however short the phase (the smoke check relies on it).
    if (!first && (System.nanoTime() >= deadline || result.errors >= MAX_ERRORS_PER_PHASE)) {
      userDone.run();
      return;
    }
    Runnable next = () -> loop(client, options, sse, deadline, result, userDone, false);
    long t0 = System.nanoTime();
    if (sse) {
      streamOnce(client, options, t0, result, next);
    } else {
      client.request(options)
          .compose(req -> req.send(jsonBody))
          .compose(resp -> {
            String problem = checkHead(resp, "application/json");
            return resp.body().map(body -> problem != null ? problem
                : body.length() != expectedJsonLength ? "body length " + body.length() + " != " + expectedJsonLength
                : null);
          })
          .onComplete(ar -> {
            long t1 = System.nanoTime();
            if (ar.failed()) {
              result.error(String.valueOf(ar.cause()));
            } else if (ar.result() != null) {
              result.error(ar.result());
            } else {
              result.ok++;
              result.latency.recordValue(t1 - t0);
            }
            next.run();
          });
    }
  }

  private void streamOnce(HttpClient client, RequestOptions options, long t0, Result result, Runnable next) {
    client.request(options).compose(req -> req.send(sseBody)).onComplete(ar -> {
      if (ar.failed()) {
        result.error(String.valueOf(ar.cause()));
        next.run();
        return;
      }
      HttpClientResponse resp = ar.result();
      String problem = checkHead(resp, "text/event-stream");
      SseScan scan = new SseScan(t0);
      resp.handler(scan::feed);
      resp.exceptionHandler(err -> scan.failure = String.valueOf(err));
      resp.endHandler(v -> {
        long t1 = System.nanoTime();
        String why = problem != null ? problem
            : scan.failure != null ? scan.failure
            : !scan.done ? "stream ended without [DONE]"
            : scan.dataLines != sseEvents + 2 ? "saw " + scan.dataLines + " data lines, expected " + (sseEvents + 2)
            : null;
        if (why != null) {
          result.error(why);
        } else {
          result.ok++;
          result.ttfe.recordValue(scan.firstEventNanos - t0);
          scan.recordGaps(result.eventGaps);
          result.latency.recordValue(t1 - t0);
        }
        next.run();
      });
    });
  }

  private String checkHead(HttpClientResponse resp, String contentType) {
    if (resp.statusCode() != 200) {
      return "HTTP " + resp.statusCode();
    }
    String ct = resp.getHeader(HttpHeaders.CONTENT_TYPE);
    if (ct == null || !ct.startsWith(contentType)) {
      return "content-type " + ct;
    }
    if (target.expectGatewayHeaders() && !"openai".equals(resp.getHeader("X-Rivano-Provider"))) {
      return "missing X-Rivano-Provider: openai";
    }
    return null;
  }

  /** Splits the SSE byte stream into lines across chunk boundaries; notes when the first data line completes. */
  private static final class SseScan {
    private final long t0;
    private final StringBuilder line = new StringBuilder(256);
    long firstEventNanos;
    long lastEventNanos;
    private long[] gaps = new long[16];
    private int gapCount;
    int dataLines;
    boolean done;
    String failure;

    SseScan(long t0) {
      this.t0 = t0;
    }

    void feed(Buffer chunk) {
      long now = System.nanoTime();
      int n = chunk.length();
      for (int i = 0; i < n; i++) {
        byte b = chunk.getByte(i);
        if (b == '\n') {
          endLine(now);
        } else if (b != '\r') {
          line.append((char) b);
        }
      }
    }

    void recordGaps(Histogram into) {
      for (int i = 0; i < gapCount; i++) {
        into.recordValue(gaps[i]);
      }
    }

    private void endLine(long now) {
      if (line.length() >= 5 && line.charAt(0) == 'd' && line.indexOf("data:") == 0) {
        if (dataLines++ == 0) {
          firstEventNanos = now;
        } else {
          if (gapCount == gaps.length) {
            gaps = java.util.Arrays.copyOf(gaps, gapCount * 2);
          }
          gaps[gapCount++] = now - lastEventNanos;
        }
        lastEventNanos = now;
        if ("data: [DONE]".contentEquals(line)) {
          done = true;
        }
      }
      line.setLength(0);
    }
  }

  @Override
  public void close() {
    single.close().await();
    pooled.close().await();
  }
}
