package ai.rivano.gateway.ingress;

import ai.rivano.gateway.config.GatewayConfig;
import ai.rivano.gateway.node.NodeState;
import ai.rivano.gateway.routing.RequestRouter;
import ai.rivano.gateway.routing.UpstreamConnector;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;

import java.util.concurrent.TimeUnit;

/**
 * The HTTP entrypoint. Several instances share the port (Vert.x balances connections between them), one per
 * event loop, each with its own upstream connection pool so a request never hops threads.
 *
 * <p>Route table: {@code GET /health}, {@code GET /_rivano/status} (loopback only), everything else is proxied.
 */
public final class IngressVerticle extends VerticleBase {

  private static final int UPSTREAM_POOL_SIZE = 512;

  private final NodeState node;
  private final int port;
  private HttpServer server;
  private HealthHandler health;
  private StatusHandler status;
  private ProxyHandler proxy;

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
    health = new HealthHandler(node);
    status = new StatusHandler(vertx, config.defaultProvider().name());
    proxy = new ProxyHandler(vertx, node,
        new RequestRouter(vertx, new UpstreamConnector(vertx, client), node.circuits(), config, node.cache()));
    server = vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(port).setTcpNoDelay(true)
            // No h2c upgrade: in-flight streams must survive a drain (see docs/decisions.md).
            .setHttp2ClearTextEnabled(false))
        .requestHandler(this::route);
    return server.listen();
  }

  private void route(HttpServerRequest request) {
    String path = request.path();
    if ("/health".equals(path) && (request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD)) {
      health.handle(request);
    } else if (StatusHandler.PATH.equals(path)) {
      status.handle(request);
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
