package ai.rivano.gateway.routing.relay;

import io.vertx.core.Vertx;

/**
 * "Nothing for longer than {@code limitMs}" as one timer, re-armed only when it fires: {@link #touch()} is a
 * field write, so a stream pays nothing per chunk for its clock. Paused while the client applies back-pressure,
 * so a slow reader is never mistaken for a stalled upstream.
 */
public final class IdleClock {

  private final Vertx vertx;
  private final Runnable onExpiry;
  private long limitNanos;
  private long lastTouch;
  private long timerId = -1;
  private boolean paused;
  private boolean stopped;

  public IdleClock(Vertx vertx, long limitMs, Runnable onExpiry) {
    this.vertx = vertx;
    this.onExpiry = onExpiry;
    restart(limitMs);
  }

  /** Starts counting afresh with a new limit (e.g. from the first-event clock to the idle clock). */
  public void restart(long limitMs) {
    this.limitNanos = limitMs * 1_000_000L;
    this.lastTouch = System.nanoTime();
    this.paused = false;
    arm(limitMs);
  }

  public void touch() {
    lastTouch = System.nanoTime();
  }

  public void pause() {
    paused = true;
  }

  public void resume() {
    if (paused) {
      paused = false;
      touch();
    }
  }

  public void stop() {
    stopped = true;
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
  }

  private void arm(long delayMs) {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
    timerId = vertx.setTimer(Math.max(1, delayMs), id -> fire());
  }

  private void fire() {
    timerId = -1;
    if (stopped) {
      return;
    }
    long idle = System.nanoTime() - lastTouch;
    if (paused || idle < limitNanos) {
      arm(paused ? limitNanos / 1_000_000L : (limitNanos - idle) / 1_000_000L + 1);
      return;
    }
    stopped = true;
    onExpiry.run();
  }
}
