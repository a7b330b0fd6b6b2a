package ai.rivano.gateway.pipeline;

import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Closes a connection now, whatever is queued on it. Vert.x's {@code close()} (and {@code reset()} on HTTP/1.x)
 * flushes the queued bytes first and closes once they are written, which never happens when the client stopped
 * reading: that is the one case where the gateway must not wait. Vert.x's own handler in the Netty pipeline turns
 * every close into that flushing shutdown, so the close starts from that handler's context (Netty passes it on
 * toward the socket, past the handler); Vert.x still sees the channel go inactive and runs its close handlers.
 * {@code ConnectionBase} is an implementation class: if a later Vert.x changes it, the fallback is the flushing
 * close, and {@code SlowReaderTest} fails.
 */
final class HardClose {

  private HardClose() {
  }

  static void now(HttpConnection connection) {
    if (connection instanceof ConnectionBase base) {
      base.channelHandlerContext().close();
    } else {
      connection.close();
    }
  }
}
