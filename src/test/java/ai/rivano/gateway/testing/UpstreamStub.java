package ai.rivano.gateway.testing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on 127.0.0.1 playing an LLM provider: it records every request it receives and answers
 * with scripted {@link Behavior}s (one per request from a queue, then the default), which speak the providers'
 * wire formats or inject faults. See {@link Behaviors}.
 */
public final class UpstreamStub {

  /** What the stub received. */
  public record Received(String method, String uri, MultiMap headers, Buffer body, long atNanos) {
    public JsonObject json() {
      return body.toJsonObject();
    }
  }

  /** How the stub answers one request. */
  @FunctionalInterface
  public interface Behavior {
    void answer(Vertx vertx, HttpServerRequest request, Buffer body);
  }

  private final Vertx vertx;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Queue<Behavior> script = new ConcurrentLinkedQueue<>();
  private volatile Behavior fallback;
  private HttpServer server;

  private UpstreamStub(Vertx vertx, Behavior fallback) {
    this.vertx = vertx;
    this.fallback = fallback;
  }

  public static UpstreamStub start(Vertx vertx, Behavior fallback) {
    UpstreamStub stub = new UpstreamStub(vertx, fallback);
    stub.server = Futures.await(vertx.createHttpServer().requestHandler(stub::handle).listen(0, "127.0.0.1"));
    return stub;
  }

  private void handle(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      received.add(new Received(request.method().name(), request.uri(), MultiMap.caseInsensitiveMultiMap()
          .addAll(request.headers()), body, System.nanoTime()));
      Behavior next = script.poll();
      (next != null ? next : fallback).answer(vertx, request, body);
    });
  }

  /** Answers the next requests with these behaviours, in order; afterwards the default applies again. */
  public UpstreamStub then(Behavior... behaviors) {
    script.addAll(List.of(behaviors));
    return this;
  }

  public UpstreamStub byDefault(Behavior behavior) {
    this.fallback = behavior;
    return this;
  }

  public int port() {
    return server.actualPort();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  public List<Received> received() {
    return received;
  }

  public Received last() {
    return received.get(received.size() - 1);
  }

  public int count() {
    return received.size();
  }

  public void reset() {
    received.clear();
    script.clear();
  }

  public Future<Void> close() {
    return server.close();
  }

  static void later(Vertx vertx, long delayMs, Runnable action) {
    if (delayMs <= 0) {
      action.run();
    } else {
      vertx.setTimer(delayMs, id -> action.run());
    }
  }

  static boolean gone(HttpServerResponse response) {
    return response.closed() || response.ended();
  }

  static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }
}
