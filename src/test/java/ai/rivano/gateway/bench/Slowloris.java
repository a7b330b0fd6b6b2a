package ai.rivano.gateway.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;

import java.nio.charset.StandardCharsets;

/**
 * One slowloris client: it opens a connection to the gateway and trickles a request head one byte at a time, never
 * finishing it. The gateway's header deadline ({@code headerTimeoutMs}) must close the connection, without an
 * answer (there is no request to answer); the client then reconnects, until stopped or {@code maxCycles} connections
 * have been made (a bounded loop).
 *
 * <p>A cycle is as expected when the gateway closed the connection between the deadline and the deadline plus
 * {@link #SLACK_MS}, and sent nothing. A connection still open after that is closed by the client and counted as
 * unexpected, as is a connection the gateway closed too early or answered.
 */
final class Slowloris {

  static final long SLACK_MS = 5_000;
  private static final long TRICKLE_MS = 250;
  private static final byte[] HEAD = ("POST /openai/v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      + "Content-Type: application/json\r\n" + "X-Slow: " + "a".repeat(10_000)).getBytes(StandardCharsets.US_ASCII);

  private final Vertx vertx;
  private final Context context;
  private final NetClient client;
  private final int port;
  private final long headerTimeoutMs;
  private final long maxCycles;
  private boolean stopped;
  private final Promise<Void> done = Promise.promise();
  long cycles;
  long closedInTime;
  long bytesSent;
  long minLifetimeMs = Long.MAX_VALUE;
  long maxLifetimeMs;
  String firstProblem;
  long problems;

  Slowloris(Vertx vertx, int port, long headerTimeoutMs, long maxCycles) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(5_000).setTcpNoDelay(true));
    this.port = port;
    this.headerTimeoutMs = headerTimeoutMs;
    this.maxCycles = maxCycles;
  }

  void start() {
    context.runOnContext(v -> connect());
  }

  /** Stops reconnecting and ends the current connection; completes when it is closed. */
  Future<Void> stop() {
    context.runOnContext(v -> stopped = true);
    return done.future().compose(v -> client.close());
  }

  private void connect() {
    if (stopped || cycles >= maxCycles) {
      done.tryComplete();
      return;
    }
    cycles++;
    client.connect(port, "127.0.0.1").onComplete(ar -> {
      if (ar.failed()) {
        problem("connect failed: " + ar.cause());
        vertx.setTimer(1_000, id -> connect());
        return;
      }
      new Cycle(ar.result()).run();
    });
  }

  private void problem(String why) {
    problems++;
    if (firstProblem == null) {
      firstProblem = why;
    }
  }

  /** One connection, from connect until the gateway (or, past the deadline, the client) closes it. */
  private final class Cycle {
    final NetSocket socket;
    final long opened = System.nanoTime();
    int next;
    long received;
    boolean closedByUs;
    long trickle;
    long watchdog;

    Cycle(NetSocket socket) {
      this.socket = socket;
    }

    void run() {
      socket.handler(data -> received += data.length());
      socket.exceptionHandler(err -> { }); // a reset by the gateway also ends in closeHandler
      socket.closeHandler(v -> closed());
      trickle = vertx.setPeriodic(TRICKLE_MS, id -> {
        if (next < HEAD.length) {
          socket.write(Buffer.buffer(new byte[] {HEAD[next++]}));
          bytesSent++;
        }
        if (stopped && !closedByUs) {
          closedByUs = true;
          socket.close();
        }
      });
      watchdog = vertx.setTimer(headerTimeoutMs + SLACK_MS, id -> {
        closedByUs = true;
        socket.close();
      });
    }

    private void closed() {
      vertx.cancelTimer(trickle);
      vertx.cancelTimer(watchdog);
      long lifetimeMs = (System.nanoTime() - opened) / 1_000_000;
      if (stopped && closedByUs) {
        cycles--; // interrupted by the end of the run: not a cycle to judge
      } else if (closedByUs) {
        problem("the gateway kept a trickling connection open for " + lifetimeMs + " ms");
      } else if (received > 0) {
        problem("the gateway answered a head that never ended (" + received + " bytes)");
      } else if (lifetimeMs < headerTimeoutMs - 500) {
        problem("closed after " + lifetimeMs + " ms, before the header deadline of " + headerTimeoutMs + " ms");
      } else {
        closedInTime++;
        minLifetimeMs = Math.min(minLifetimeMs, lifetimeMs);
        maxLifetimeMs = Math.max(maxLifetimeMs, lifetimeMs);
      }
      connect();
    }
  }
}
