package ai.rivano.gateway.ingress;

import ai.rivano.gateway.errors.GatewayError;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/**
 * A gateway-made error after which the connection is closed: the request was cut short (413, 408, 503 before its
 * body was read) or its framing cannot be trusted (400), so whatever the client sends next on this socket is not a
 * request. {@code Connection: close} alone does not end an HTTP/1.1 connection in Vert.x; the socket is closed
 * once the answer is flushed, and nothing more is read from it.
 */
final class ClosingReply {

  private ClosingReply() {
  }

  static void send(Exchange exchange, GatewayError error, String message) {
    exchange.completed(false);
    HttpServerResponse response = exchange.response;
    HttpConnection connection = exchange.request.connection();
    if (response.headWritten() || response.ended() || response.closed()) {
      connection.close();
      return;
    }
    response.setStatusCode(error.status())
        .putHeader(HttpHeaders.CONNECTION, "close")
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(error.body(exchange.clientFormat, message).toBuffer())
        .onComplete(written -> connection.close());
  }
}
