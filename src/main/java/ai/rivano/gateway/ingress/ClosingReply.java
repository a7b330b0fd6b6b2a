package ai.rivano.gateway.ingress;

import ai.rivano.gateway.errors.GatewayError;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Closing the connection after a gateway-made error: the request was cut short (413, 503 before its body was
 * read, 408) or its framing cannot be trusted (400), so whatever the client sends next on this socket is not a
 * request. {@code Connection: close} alone does not end an HTTP/1.1 connection in Vert.x; the socket is closed
 * (Vert.x flushes the answer first), and nothing more is read from it.
 *
 * <p>A client still uploading when the answer goes out would lose it to the reset that closing a socket with
 * unread data causes, so for answers given mid-upload the close lingers, as nginx's {@code lingering_close} does:
 * what the client still sends is read and dropped, and the socket closes when the body ends, after
 * {@link #LINGER_BYTES} more bytes, or after {@link #LINGER_MS}, whichever comes first. Nothing is kept.
 */
final class ClosingReply {

  static final long LINGER_MS = 5_000;
  static final long LINGER_BYTES = 16L * 1024 * 1024;

  private ClosingReply() {
  }

  /** For requests refused before they have a pipeline (connection cap, framing): answers, then closes. */
  static void send(Exchange exchange, GatewayError error, String message, boolean linger) {
    exchange.response.putHeader(HttpHeaders.CONNECTION, "close");
    exchange.fail(error, message);
    close(exchange.request, linger);
  }

  /**
   * Closes {@code request}'s connection once the error written for it is out.
   *
   * @param linger the client may still be sending a body: let it finish (bounded) before closing
   */
  static void close(HttpServerRequest request, boolean linger) {
    HttpConnection connection = request.connection();
    Context context = Vertx.currentContext();
    if (!linger || request.isEnded() || context == null) {
      connection.close();
      return;
    }
    long[] dropped = {0};
    long timer = context.owner().setTimer(LINGER_MS, id -> connection.close());
    Runnable close = () -> {
      context.owner().cancelTimer(timer);
      connection.close();
    };
    request.handler(chunk -> {
      dropped[0] += chunk.length();
      if (dropped[0] > LINGER_BYTES) {
        close.run();
      }
    });
    request.endHandler(v -> close.run());
    request.resume();
  }
}
