package ai.rivano.gateway.ingress;

import ai.rivano.gateway.config.GatewayConfig;
import ai.rivano.gateway.config.IngressLimits;
import ai.rivano.gateway.errors.GatewayError;
import ai.rivano.gateway.routing.translate.WireFormat;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a client connection may hold, node-wide: a cap on open connections, and a deadline on every phase in which
 * the connection waits for the client. Without them one client held 200 half-open connections for minutes and file
 * descriptors grew until the process limit.
 *
 * <ul>
 *   <li>A new connection must deliver its first request head within {@code headerTimeoutMs}.</li>
 *   <li>Between requests (after a response has ended) a connection may idle for {@code keepAliveTimeoutMs}.</li>
 *   <li>While a request is being served there is no connection deadline here: the body has its own clocks
 *       ({@link RequestBodyReader}) and the answer the provider clocks; a long stream is not an idle connection.</li>
 *   <li>Over {@code maxConnections} a connection's first request gets 503 {@code overloaded} and the socket is
 *       closed; one that sends nothing is closed after a short grace.</li>
 * </ul>
 * Expired deadlines close the socket without an answer: there is no request to answer.
 *
 * <p>It also knows when each request ends (its response ended, or its connection closed), which is when the bytes
 * it holds in the {@link BufferBudget} go back ({@link #releaseAtEnd}). It owns the response's
 * {@code endHandler} and the connection's {@code closeHandler} for that; nothing else may set them.
 */
public final class ConnectionGuard {

  /** An over-the-cap connection that sends no request is closed this soon: it must not hold a descriptor long. */
  static final long OVER_CAP_GRACE_MS = 1_000;
  static final String RETRY_AFTER_SECONDS = "1";

  private final IngressLimits limits;
  private final String defaultProvider;
  private final AtomicInteger open = new AtomicInteger();
  private final Map<HttpConnection, Tracked> connections = new ConcurrentHashMap<>();

  public ConnectionGuard(GatewayConfig config) {
    this.limits = config.limits();
    this.defaultProvider = config.defaultProvider().name();
  }

  /** The server's connection handler: counts the connection and starts its head deadline. */
  void opened(Vertx vertx, HttpConnection connection) {
    boolean overCap = open.incrementAndGet() > limits.maxConnections();
    Tracked tracked = new Tracked(vertx, connection, overCap);
    connections.put(connection, tracked);
    connection.closeHandler(v -> closed(tracked));
    tracked.arm(overCap ? Math.min(OVER_CAP_GRACE_MS, limits.headerTimeoutMs()) : limits.headerTimeoutMs());
  }

  /**
   * Called for every request head, before anything else looks at it. False when the request has been answered
   * here (the connection is over the cap) and must not be handled further.
   */
  boolean admit(HttpServerRequest request) {
    Tracked tracked = connections.get(request.connection());
    if (tracked == null) {
      return true;
    }
    tracked.disarm();
    if (tracked.overCap) {
      Exchange exchange = new Exchange(request, defaultProvider, null);
      exchange.clientFormat = WireFormat.ofClientPath(request.path());
      exchange.response.putHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
      ClosingReply.send(exchange, GatewayError.OVERLOADED, "this gateway node is at its connection limit ("
          + limits.maxConnections() + "); retry shortly", true);
      return false;
    }
    request.response().endHandler(v -> tracked.requestEnded());
    return true;
  }

  /**
   * Releases {@code lease} when {@code request} ends: its response has ended or its connection closed, however
   * the request went (answered, refused, failed, client gone). Releasing earlier is allowed; it happens once.
   */
  public void releaseAtEnd(HttpServerRequest request, BodyLease lease) {
    atEnd(request, lease::release);
  }

  /** Runs {@code action} once when {@code request} ends (see {@link #releaseAtEnd}); at once if it already has. */
  public void atEnd(HttpServerRequest request, Runnable action) {
    Tracked tracked = connections.get(request.connection());
    if (tracked == null || request.response().ended() || request.response().closed()) {
      action.run();
      return;
    }
    tracked.endActions.add(action);
  }

  /** Client connections open on this node right now. */
  public int open() {
    return open.get();
  }

  private void closed(Tracked tracked) {
    open.decrementAndGet();
    connections.remove(tracked.connection);
    tracked.disarm();
    tracked.runEndActions();
  }

  /** One connection; touched only from its own event loop. */
  private final class Tracked {
    final Vertx vertx;
    final HttpConnection connection;
    final boolean overCap;
    final List<Runnable> endActions = new ArrayList<>(1);
    long timer = -1;

    Tracked(Vertx vertx, HttpConnection connection, boolean overCap) {
      this.vertx = vertx;
      this.connection = connection;
      this.overCap = overCap;
    }

    void requestEnded() {
      runEndActions();
      arm(limits.keepAliveTimeoutMs());
    }

    void runEndActions() {
      List<Runnable> actions = new ArrayList<>(endActions);
      endActions.clear();
      actions.forEach(Runnable::run);
    }

    void arm(long delayMs) {
      disarm();
      timer = vertx.setTimer(delayMs, id -> {
        timer = -1;
        connection.close();
      });
    }

    void disarm() {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    }
  }
}
