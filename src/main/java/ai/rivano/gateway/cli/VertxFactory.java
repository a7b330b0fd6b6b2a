package ai.rivano.gateway.cli;

import ai.rivano.gateway.cluster.ClusteredVertx;
import ai.rivano.gateway.config.ClusterSettings;
import ai.rivano.gateway.config.GatewayConfig;
import ai.rivano.gateway.config.MiddlewareConfig;
import ai.rivano.gateway.observability.GatewayMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/** Builds the Vert.x instance: standalone by default, a Hazelcast member when {@code gateway.cluster.enabled}. */
final class VertxFactory {

  private VertxFactory() {
  }

  static Vertx standalone() {
    return Vertx.vertx(options());
  }

  /** Native epoll when the platform has it (Linux x86_64 jar bundled); the JDK selector otherwise. */
  static VertxOptions options() {
    return ClusteredVertx.options();
  }

  /** The node's own instance: standalone or clustered, with Vert.x's metrics in {@code metrics}' registry. */
  static Vertx forNode(GatewayConfig config, GatewayMetrics metrics) throws Exception {
    if (config.cluster().enabled()) {
      return clustered(config.cluster(), config.middleware(), metrics);
    }
    return metrics.instrument(Vertx.builder(), options()).build();
  }

  static Vertx clustered(ClusterSettings settings, MiddlewareConfig middleware, GatewayMetrics metrics)
      throws Exception {
    return ClusteredVertx.start(settings, middleware, metrics.instrument(Vertx.builder(), ClusteredVertx.options(settings)))
        .toCompletionStage().toCompletableFuture().get();
  }

  static Vertx clustered(ClusterSettings settings) throws Exception {
    return clustered(settings, MiddlewareConfig.defaults(), GatewayMetrics.disabled());
  }
}
