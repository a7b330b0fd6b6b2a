package ai.rivano.gateway.bench;

import ai.rivano.gateway.bench.SoakMix.Kind;
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

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The soak's clients: an open-loop stream of requests at a fixed rate (arrivals do not wait for answers, as real
 * traffic does not), in the proportions and order of {@link SoakMix}, each answer checked against its kind
 * ({@link SoakAnswer#verdict}) and counted by outcome. Everything runs on one event loop of the soak's Vert.x, so the
 * counters need no locks; they are read once the traffic has {@link #stop stopped}.
 *
 * <p>The number of requests in flight is capped ({@code maxInFlight}): a gateway that stops answering must not
 * turn into an unbounded pile of client connections. An arrival that finds the cap reached is not sent and is
 * counted as {@link #shed()}, which fails the run (the rate was not sustained).
 */
final class SoakTraffic {

  /** Per kind: count by outcome, expected outcomes first, plus a few examples of unexpected answers. */
  static final class Tally {
    final Map<String, Long> expected = new LinkedHashMap<>();
    final Map<String, Long> unexpected = new LinkedHashMap<>();
    final java.util.List<String> examples = new java.util.ArrayList<>();
    /** Request start to the answer's end (or, for an abandoned stream, to the client leaving), in ns. */
    final org.HdrHistogram.Histogram latency = LoadGenerator.newHistogram();

    long sent() {
      return total(expected) + total(unexpected);
    }

    long unexpectedCount() {
      return total(unexpected);
    }

    static long total(Map<String, Long> m) {
      return m.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private static final int MAX_EXAMPLES = 5;
  private static final long TICK_MS = 5;

  private final Vertx vertx;
  private final Context context;
  private final HttpClient client;
  private final int maxInFlight;
  private final SoakMix.Schedule schedule = new SoakMix.Schedule();
  private final Map<Kind, Tally> tallies = new EnumMap<>(Kind.class);
  private final Buffer jsonBody = LoadGenerator.requestBody(false);
  private final Buffer streamBody = LoadGenerator.requestBody(true);
  private long timer = -1;
  private boolean closedLoop;
  private long completed;
  private double rate;
  private long startNanos;
  private long issued;
  private long shed;
  private long inFlight;
  private long seq;
  private Promise<Void> drained;

  /** @param firstSeq the first request's sequence number (its trace id): distinct per phase, so no id repeats */
  SoakTraffic(Vertx vertx, int gatewayPort, int maxInFlight, long firstSeq) {
    this.seq = firstSeq;
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.maxInFlight = maxInFlight;
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
            .setDefaultHost("127.0.0.1").setDefaultPort(gatewayPort).setConnectTimeout(5_000).setKeepAliveTimeout(30),
        new PoolOptions().setHttp1MaxSize(maxInFlight).setMaxWaitQueueSize(-1));
    for (Kind k : Kind.values()) {
      tallies.put(k, new Tally());
    }
  }

  /** Starts sending {@code requestsPerSecond} requests a second until {@link #stop}. */
  void start(double requestsPerSecond) {
    context.runOnContext(v -> {
      rate = requestsPerSecond;
      startNanos = System.nanoTime();
      timer = vertx.setPeriodic(TICK_MS, id -> tick());
    });
  }

  /**
   * Closed loop instead: {@code users} clients, each sending its next request as soon as it has the answer to the
   * previous one. Used to find the mix's capacity (the rate at which answers come back when nobody waits).
   */
  void startClosedLoop(int users) {
    context.runOnContext(v -> {
      closedLoop = true;
      startNanos = System.nanoTime();
      for (int i = 0; i < users; i++) {
        issued++;
        send(schedule.next(), seq++);
      }
    });
  }

  /** Stops sending; completes once every request in flight has its answer. */
  Future<Void> stop() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      vertx.cancelTimer(timer);
      drained = done;
      if (inFlight == 0) {
        done.tryComplete();
      }
    });
    return done.future();
  }

  /** Closes the client's connections (the gateway then holds none for this client). */
  Future<Void> close() {
    return client.close();
  }

  private void tick() {
    long due = (long) (rate * (System.nanoTime() - startNanos) / 1e9);
    while (issued < due) {
      issued++;
      if (inFlight >= maxInFlight) {
        shed++;
        continue;
      }
      Kind kind = schedule.next();
      send(kind, seq++);
    }
  }

  private void send(Kind kind, long n) {
    inFlight++;
    long t0 = System.nanoTime();
    SoakAnswer answer = new SoakAnswer();
    client.request(options(kind, n))
        .compose(req -> req.send(kind.stream ? streamBody : jsonBody))
        .onComplete(ar -> {
          if (ar.failed()) {
            answer.failure = String.valueOf(ar.cause());
            finish(kind, answer, t0);
            return;
          }
          HttpClientResponse resp = ar.result();
          answer.status = resp.statusCode();
          answer.provider = resp.getHeader("X-Rivano-Provider");
          answer.retryAfter = resp.getHeader(HttpHeaders.RETRY_AFTER);
          answer.contentType = resp.getHeader(HttpHeaders.CONTENT_TYPE);
          if (answer.contentType != null && answer.contentType.startsWith("text/event-stream")) {
            readStream(kind, resp, answer, t0);
          } else {
            resp.body().onComplete(body -> {
              if (body.succeeded()) {
                answer.body = body.result();
              } else {
                answer.failure = String.valueOf(body.cause());
              }
              finish(kind, answer, t0);
            });
          }
        });
  }

  private void readStream(Kind kind, HttpClientResponse resp, SoakAnswer answer, long t0) {
    boolean[] finished = {false};
    Runnable end = () -> {
      if (!finished[0]) {
        finished[0] = true;
        finish(kind, answer, t0);
      }
    };
    resp.handler(chunk -> {
      answer.stream.feed(chunk);
      if (kind == Kind.ABANDONED && !answer.abandoned && answer.stream.contentEvents >= SoakMix.ABANDON_AFTER_EVENTS) {
        answer.abandoned = true; // the user closed the tab: the connection goes, mid-stream
        resp.request().connection().close();
        end.run();
      }
    });
    resp.exceptionHandler(err -> {
      if (!answer.abandoned) {
        answer.failure = String.valueOf(err);
      }
      end.run();
    });
    resp.endHandler(v -> end.run());
  }

  private void finish(Kind kind, SoakAnswer answer, long t0) {
    long elapsed = System.nanoTime() - t0;
    answer.elapsedMs = elapsed / 1_000_000;
    SoakAnswer.Verdict verdict = answer.verdict(kind);
    Tally tally = tallies.get(kind);
    tally.latency.recordValue(Math.max(1_000, Math.min(elapsed, 60_000_000_000L)));
    (verdict.expected() ? tally.expected : tally.unexpected).merge(verdict.outcome(), 1L, Long::sum);
    if (!verdict.expected() && tally.examples.size() < MAX_EXAMPLES) {
      tally.examples.add(answer.describe());
    }
    inFlight--;
    completed++;
    if (drained != null) {
      if (inFlight == 0) {
        drained.tryComplete();
      }
    } else if (closedLoop) {
      issued++;
      send(schedule.next(), seq++);
    }
  }

  private RequestOptions options(Kind kind, long n) {
    RequestOptions o = new RequestOptions().setMethod(HttpMethod.POST).setURI(kind.route.path)
        .setIdleTimeout(30_000)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.ACCEPT, kind.stream ? "text/event-stream" : "application/json")
        .putHeader(HttpHeaders.AUTHORIZATION, "Bearer sk-client-key-the-gateway-replaces")
        .putHeader(HttpHeaders.USER_AGENT, "OpenAI/Java 4.1.0")
        .putHeader("traceparent", "00-" + SoakMix.traceId(kind, n) + "-"
            + String.format(Locale.ROOT, "%016x", ThreadLocalRandom.current().nextLong() | 1L) + "-01");
    if (kind.fault != null) {
      o.putHeader(UpstreamStub.FAULT_HEADER, kind.fault.header());
    }
    if (kind == Kind.ABANDONED) {
      o.putHeader(UpstreamStub.SSE_EVENTS_HEADER, Integer.toString(SoakMix.ABANDONED_STREAM_EVENTS));
      o.putHeader(UpstreamStub.SSE_INTERVAL_HEADER, Long.toString(SoakMix.ABANDONED_STREAM_INTERVAL_MS));
    } else if (kind.stream) {
      o.putHeader(UpstreamStub.SSE_EVENTS_HEADER, Integer.toString(SoakMix.STREAM_EVENTS));
    }
    return o;
  }

  // ---- read on the traffic's event loop while running, from anywhere once stopped ----

  Future<long[]> progress() {
    Promise<long[]> p = Promise.promise();
    context.runOnContext(v -> p.complete(new long[] {issued, inFlight, shed, unexpected(), completed}));
    return p.future();
  }

  long sent() {
    return tallies.values().stream().mapToLong(Tally::sent).sum();
  }

  long unexpected() {
    return tallies.values().stream().mapToLong(Tally::unexpectedCount).sum();
  }

  long shed() {
    return shed;
  }

  double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  Map<Kind, Tally> tallies() {
    return tallies;
  }
}
