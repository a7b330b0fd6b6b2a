package ai.rivano.gateway.cloud;

import ai.rivano.gateway.testing.Futures;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * A real HTTP server on 127.0.0.1 playing the Rivano control plane: {@code GET /api/policies} answers the current
 * policies as {@code {"data":[…]}} with an ETag (and 304 to a matching {@code If-None-Match}); {@code POST
 * /api/traces/ingest} takes batches. Every request is recorded; faults are injected per endpoint.
 */
final class ControlPlaneStub {

  /** A request as received. */
  record Seen(String method, String path, String query, MultiMap headers, Buffer body, long atNanos) {
    JsonObject json() {
      return body.toJsonObject();
    }
  }

  /** Answers one request instead of the normal behaviour. */
  interface Fault extends BiConsumer<HttpServerRequest, Buffer> {
  }

  private final Vertx vertx;
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private volatile JsonArray policies = new JsonArray();
  private volatile int version = 1;
  private volatile Fault policiesFault;
  private volatile Fault ingestFault;
  private HttpServer server;
  private int port;

  private ControlPlaneStub(Vertx vertx) {
    this.vertx = vertx;
  }

  static ControlPlaneStub start(Vertx vertx) {
    ControlPlaneStub stub = new ControlPlaneStub(vertx);
    stub.listen(0);
    return stub;
  }

  private void listen(int onPort) {
    server = Futures.await(vertx.createHttpServer(new HttpServerOptions().setReuseAddress(true))
        .requestHandler(this::handle).listen(onPort, "127.0.0.1"));
    port = server.actualPort();
  }

  private void handle(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      seen.add(new Seen(request.method().name(), request.path(), request.query(),
          MultiMap.caseInsensitiveMultiMap().addAll(request.headers()), body, System.nanoTime()));
      boolean policyCall = request.path().equals("/api/policies");
      Fault fault = policyCall ? policiesFault : ingestFault;
      if (fault != null) {
        fault.accept(request, body);
      } else if (policyCall) {
        String etag = etag();
        if (etag.equals(request.getHeader("If-None-Match"))) {
          request.response().setStatusCode(304).putHeader("ETag", etag).end();
        } else {
          request.response().putHeader("ETag", etag).putHeader("Content-Type", "application/json")
              .end(new JsonObject().put("data", policies).encode());
        }
      } else if (request.path().equals("/api/traces/ingest")) {
        request.response().setStatusCode(202).end();
      } else {
        request.response().setStatusCode(404).end();
      }
    });
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  String etag() {
    return "\"v" + version + "\"";
  }

  /** Publishes a new policy list (a new ETag). */
  ControlPlaneStub policies(JsonArray list) {
    policies = list.copy();
    version++;
    return this;
  }

  ControlPlaneStub policiesFault(Fault fault) {
    policiesFault = fault;
    return this;
  }

  ControlPlaneStub ingestFault(Fault fault) {
    ingestFault = fault;
    return this;
  }

  /** Refuses connections (outage). */
  void down() {
    Futures.await(server.close());
  }

  /** Listens again on the same port. */
  void up() {
    listen(port);
  }

  List<Seen> seen() {
    return List.copyOf(seen);
  }

  List<Seen> policyCalls() {
    return seen.stream().filter(s -> s.path().equals("/api/policies")).toList();
  }

  List<Seen> ingestCalls() {
    return seen.stream().filter(s -> s.path().equals("/api/traces/ingest")).toList();
  }

  // ---- faults ----

  static Fault status(int code, String... headers) {
    return (request, body) -> {
      var response = request.response().setStatusCode(code);
      for (int i = 0; i < headers.length; i += 2) {
        response.putHeader(headers[i], headers[i + 1]);
      }
      response.end();
    };
  }

  static Fault body(String text) {
    return (request, body) -> request.response().putHeader("ETag", "\"broken\"")
        .putHeader("Content-Type", "application/json").end(text);
  }

  /** Accepts the request and never answers. */
  static Fault hang() {
    return (request, body) -> { };
  }

  static JsonObject policy(String name, String pattern) {
    return new JsonObject().put("name", name).put("phase", "request").put("action", "block")
        .put("condition", new JsonObject().put("type", "content_pattern").put("pattern", pattern).put("field", "messages"));
  }
}
