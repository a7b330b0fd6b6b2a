package ai.rivano.gateway.node;

import ai.rivano.gateway.audit.AuditLog;
import ai.rivano.gateway.bus.Addresses;
import ai.rivano.gateway.cloud.CloudSync;
import ai.rivano.gateway.cluster.ClusterVerticle;
import ai.rivano.gateway.cluster.SharedState;
import ai.rivano.gateway.config.GatewayConfig;
import ai.rivano.gateway.ingress.IngressVerticle;
import ai.rivano.gateway.middleware.MiddlewareVerticle;
import ai.rivano.gateway.observability.GatewayMetrics;
import ai.rivano.gateway.observability.tracing.Tracing;
import ai.rivano.gateway.routing.RoutingVerticle;
import ai.rivano.gateway.routing.failover.ProviderCircuits;
import ai.rivano.gateway.stats.StatsVerticle;
import ai.rivano.gateway.status.StatusVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.BindException;

/**
 * One gateway node: deploys the verticles in dependency order (state owners first, the HTTP entrypoint last, so
 * no request arrives before everything it needs is answering) and takes them down gracefully.
 */
public final class GatewayNode {

  /**
   * Created with the first node: Logback then initialises here, before any traffic, and not lazily on an event loop
   * when Netty or Vert.x log their first line during a request (hundreds of ms on a cold JVM).
   */
  private static final Logger LOG = LoggerFactory.getLogger(GatewayNode.class);

  private final Vertx vertx;
  private final NodeState state;
  private final int port;
  private String ingressDeployment;
  private CloudSync cloudSync = CloudSync.DISABLED;

  private GatewayNode(Vertx vertx, GatewayConfig config, GatewayMetrics metrics, Tracing tracing) {
    this.vertx = vertx;
    ProviderCircuits circuits = new ProviderCircuits(vertx, config);
    this.state = new NodeState(config, circuits, AuditLog.create(vertx, config.middleware()), metrics,
        SharedState.of(vertx), tracing);
    metrics.bindCircuits(circuits, config.providers().keySet());
    metrics.bindDraining(state::draining);
    metrics.bindAuditQueue(state.audit()::dropped, state.audit()::queued);
    metrics.bindIngestQueue(state.cloudSync()::ingestDropped, state.cloudSync()::ingestPending);
    if (tracing != null) {
      metrics.bindTracing(tracing::dropped, tracing::queued);
    }
    this.port = config.port();
  }

  /** Deploys a node on {@code vertx}; fails with a one-line reason (e.g. the port is taken). */
  public static Future<GatewayNode> start(Vertx vertx, GatewayConfig config) {
    return start(vertx, config, GatewayMetrics.create(config));
  }

  /** As above, reporting to {@code metrics} (the registry {@code vertx} was instrumented with, if any). */
  public static Future<GatewayNode> start(Vertx vertx, GatewayConfig config, GatewayMetrics metrics) {
    return start(vertx, config, metrics, Tracing.create(config.tracing(), NodeState.nodeName(config)));
  }

  /** As above, with the node's span export (null: tracing off), e.g. one exporting to memory in tests. */
  public static Future<GatewayNode> start(Vertx vertx, GatewayConfig config, GatewayMetrics metrics, Tracing tracing) {
    GatewayNode node = new GatewayNode(vertx, config, metrics, tracing);
    return node.deploy().map(node);
  }

  private Future<Void> deploy() {
    int instances = ingressInstances();
    LOG.debug("deploying: state owners, then {} ingress instance(s) on port {}", instances, port);
    return state.audit().open()
        .compose(opened -> vertx.deployVerticle(new StatsVerticle(state.counters())))
        .compose(id -> state.shared().member().isEmpty() ? Future.succeededFuture(id)
            : vertx.deployVerticle(new ClusterVerticle(state, state.shared().member().get())))
        // clustered: the cluster's policy set is in place before cloud sync or any request uses the store
        .compose(id -> state.shared().join())
        .compose(id -> vertx.deployVerticle(new MiddlewareVerticle(state.rateLimiter())))
        .compose(id -> vertx.deployVerticle(new RoutingVerticle(state.config(), state.circuits())))
        .compose(id -> CloudSync.deploy(vertx, state.config(), state.cloudSync(), state.policies(),
            CloudSync.over(state.localPolicies())).onSuccess(c -> cloudSync = c))
        .compose(id -> vertx.deployVerticle(new StatusVerticle(state, port)))
        .compose(id -> vertx.deployVerticle(() -> new IngressVerticle(state, port),
            new DeploymentOptions().setInstances(instances)))
        .onSuccess(id -> ingressDeployment = id)
        .recover(err -> Future.failedFuture(startFailure(err)))
        .mapEmpty();
  }

  /** One entrypoint per event loop by default; {@code -Drivano.ingress.instances=N} overrides (a tuning knob, see docs/configuration.md). */
  private static int ingressInstances() {
    int cores = Runtime.getRuntime().availableProcessors();
    return Integer.getInteger("rivano.ingress.instances", Math.max(1, cores));
  }

  private String startFailure(Throwable err) {
    if (err instanceof ai.rivano.gateway.audit.AuditLog.AuditLogException) {
      return err.getMessage(); // already one line, naming the config key
    }
    for (Throwable t = err; t != null; t = t.getCause()) {
      // The JDK transport throws BindException; native epoll a NativeIoException with the errno text.
      String message = String.valueOf(t.getMessage());
      if (t instanceof BindException || message.contains("Address already in use") || message.contains("Permission denied")) {
        return "port " + port + " is already in use (or not permitted) on " + state.config().host();
      }
    }
    return "cannot start: " + err.getMessage();
  }

  public NodeState state() {
    return state;
  }

  public int port() {
    return port;
  }

  /**
   * Drains: {@code /health} turns 503, the entrypoint stops accepting connections, and requests and streams in
   * flight finish, then cloud sync sends the traces still pending and the OTLP exporter the spans still queued (all
   * within {@code shutdownTimeoutMs}). The
   * caller closes Vert.x afterwards, from its own thread: a continuation scheduled on an event loop that
   * {@code close()} is shutting down would never run.
   */
  public Future<Void> drain() {
    if (!state.startDraining()) {
      return Future.succeededFuture();
    }
    vertx.eventBus().publish(Addresses.NODE_DRAINING, new JsonObject(), Addresses.local()); // this node only
    // Streams still running just before the deadline end with an error event, not a bare close at it.
    long timeout = state.config().shutdownTimeoutMs();
    vertx.setTimer(Math.max(1, timeout - Math.min(1_000, timeout / 5)), id -> state.liveStreams().abortAll(503,
        "The gateway is shutting down; the answer is incomplete."));
    long deadline = System.currentTimeMillis() + timeout;
    Future<Void> ingress = ingressDeployment == null ? Future.succeededFuture() : vertx.undeploy(ingressDeployment);
    // Every request in flight has finished (or been ended): its audit record is queued, its trace buffered. Send
    // the last traces within the same bound, then write out the audit log.
    return ingress.eventually(() -> cloudSync.flush(deadline)).eventually(() -> flushSpans(deadline))
        .eventually(() -> state.audit().close());
  }

  /** The spans of the requests that just finished, exported within what is left of the drain (on a worker thread). */
  private Future<Boolean> flushSpans(long deadline) {
    Tracing tracing = state.tracing();
    if (tracing == null) {
      return Future.succeededFuture(true);
    }
    return vertx.executeBlocking(() -> tracing.shutdown(deadline - System.currentTimeMillis()), false);
  }
}
