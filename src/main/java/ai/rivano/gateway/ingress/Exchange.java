package ai.rivano.gateway.ingress;

import ai.rivano.gateway.errors.GatewayError;
import ai.rivano.gateway.routing.translate.WireFormat;
import ai.rivano.gateway.stats.RequestCounters;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * An answer the gateway makes on an admin route ({@code /health}, the loopback status). It stamps the
 * {@code X-Rivano-*} headers promised on every response just before the head is written. Proxied requests go
 * through the pipeline's {@code ClientExit} instead, which stamps the same headers.
 */
final class Exchange {

  static final String PROVIDER_HEADER = "X-Rivano-Provider";
  static final String LATENCY_HEADER = "X-Rivano-Latency";
  static final String TRACE_HEADER = "X-Rivano-Trace-Id";

  final HttpServerRequest request;
  final HttpServerResponse response;
  final long startNanos = System.nanoTime();
  final String traceId = ai.rivano.gateway.pipeline.TraceContext.from(null).rivanoId();
  WireFormat clientFormat = WireFormat.OPENAI_CHAT;
  String provider;
  private final RequestCounters counters;
  private boolean counted;

  Exchange(HttpServerRequest request, String provider, RequestCounters counters) {
    this.request = request;
    this.response = request.response();
    this.provider = provider;
    this.counters = counters;
    response.headersEndHandler(v -> response.headers()
        .set(PROVIDER_HEADER, this.provider)
        .set(LATENCY_HEADER, Long.toString((System.nanoTime() - startNanos) / 1_000_000))
        .set(TRACE_HEADER, traceId));
  }

  public HttpServerRequest request() {
    return request;
  }

  public HttpServerResponse response() {
    return response;
  }

  public WireFormat clientFormat() {
    return clientFormat;
  }

  public void servedBy(String name) {
    this.provider = name;
  }

  /** Counts once; null counters (health, status) are not proxied requests and are not counted. */
  public void completed(boolean success) {
    if (!counted && counters != null) {
      counted = true;
      counters.record(success);
    }
  }

  void json(int status, JsonObject body) {
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(status).putHeader("content-type", "application/json").end(body.toBuffer());
  }

  public void fail(GatewayError error, String message) {
    completed(false);
    if (response.headWritten()) {
      // Too late for a status code: the client already has a 200 head; cut the connection so it cannot
      // mistake a partial body for a complete one.
      request.connection().close();
      return;
    }
    json(error.status(), error.body(clientFormat, message));
  }

}
