package ai.rivano.gateway.pipeline;

import io.vertx.core.Vertx;

/**
 * How long one answer may wait for its client to take bytes: nginx's {@code send_timeout}, measured between two
 * moments the client made progress, not over the whole answer. Armed only when the response's write queue is full
 * (the client stopped reading and the socket buffers are full), cancelled when it drains, so a slow reader that
 * keeps reading is never cut and an answer that flows costs nothing. On expiry the connection is closed: without
 * it, a client that stops reading holds a stream, its upstream connection and the provider's work forever (the
 * relay pauses the upstream and its idle clock while the client applies back-pressure).
 */
final class SendDeadline {

  private final long timeoutMs;
  private final Runnable onExpiry;
  private Vertx vertx;
  private long timerId = -1;

  SendDeadline(long timeoutMs, Runnable onExpiry) {
    this.timeoutMs = timeoutMs;
    this.onExpiry = onExpiry;
  }

  /** The client's queue is full: the clock runs until {@link #drained()}. Called on the request's event loop. */
  void waitingForDrain() {
    if (timerId != -1 || timeoutMs <= 0) {
      return;
    }
    vertx = Vertx.currentContext().owner();
    timerId = vertx.setTimer(timeoutMs, id -> {
      timerId = -1;
      onExpiry.run();
    });
  }

  /** The client took bytes again (or the answer is over). */
  void drained() {
    if (timerId != -1) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
  }
}
