package ai.rivano.gateway.ingress;

import ai.rivano.gateway.config.GatewayConfig;
import ai.rivano.gateway.node.NodeState;
import ai.rivano.gateway.routing.RequestRouter;
import ai.rivano.gateway.routing.UpstreamConnector;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;

import java.util.concurrent.TimeUnit;

/**
 * The HTTP entrypoint. Several instances share the port (Vert.x balances connections between them), one per
 * event loop, each with its own upstream connection pool so a request never hops threads.
 *
 * <p>Route table: the admin endpoints ({@link AdminRoutes}: {@code /health}, {@code /metrics}, {@code /_rivano/status})
 * on a router, everything else straight to the proxy handler.
 */
public final class IngressVerticle extends VerticleBase {

  private static final int UPSTREAM_POOL_SIZE = 512;

  private final NodeState node;
  private final int port;
  private HttpServer server;
  private AdminRoutes admin;
  private ProxyHandler proxy;
  private ConnectionGuard connections;
  private String defaultProvider;

  public IngressVerticle(NodeState node, int port) {
    this.node = node;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    GatewayConfig config = node.config();
    var client = vertx.createHttpClient(
        new HttpClientOptions().setKeepAlive(true).setForceSni(true).setDecompressionSupported(false)
            .setTcpNoDelay(true),
        new PoolOptions().setHttp1MaxSize(UPSTREAM_POOL_SIZE));
    connections = node.connections();
    defaultProvider = config.defaultProvider().name();
    admin = new AdminRoutes(vertx, node);
    proxy = new ProxyHandler(vertx, node,
        new RequestRouter(vertx, new UpstreamConnector(vertx, client), node.circuits(), config, node.cache(),
            node.metrics(), node.bufferBudget()));
    server = vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(port).setTcpNoDelay(true)
            // No h2c upgrade: in-flight streams must survive a drain (see docs/decisions.md).
            .setHttp2ClearTextEnabled(false))
        .connectionHandler(connection -> connections.opened(vertx, connection))
        .requestHandler(this::route);
    return server.listen();
  }

  private void route(HttpServerRequest request) {
    if (!connections.admit(request) || MessageFraming.rejected(request, connections, defaultProvider)) {
      return;
    }
    if (admin.handles(request)) {
      admin.handle(request);
    } else {
      proxy.handle(request);
    }
  }

  /** Stops accepting connections and lets requests and streams in flight finish, within shutdownTimeoutMs. */
  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture()
        : server.shutdown(node.config().shutdownTimeoutMs(), TimeUnit.MILLISECONDS);
  }
}
