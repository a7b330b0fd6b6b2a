package ai.rivano.gateway.pipeline;

import io.vertx.core.Context;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The streams this node is relaying right now, so a drain that runs out of time can end each one properly: with
 * the client's dialect's SSE error event (an SDK raises an error) instead of a bare TCP close (which an SDK may
 * take for a truncated but complete answer). Each stream is ended on its own event loop.
 */
public final class LiveStreams {

  private final Map<ClientExit.StreamOut, Context> open = new ConcurrentHashMap<>();

  void add(ClientExit.StreamOut stream, Context context) {
    open.put(stream, context);
  }

  void remove(ClientExit.StreamOut stream) {
    open.remove(stream);
  }

  public int size() {
    return open.size();
  }

  /** Ends every open stream with an error event (and stops its upstream). */
  public void abortAll(int status, String message) {
    open.forEach((stream, context) -> context.runOnContext(v -> stream.abort(status, message)));
  }
}
