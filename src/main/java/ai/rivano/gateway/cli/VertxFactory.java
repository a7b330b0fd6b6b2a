package ai.rivano.gateway.cli;

import ai.rivano.gateway.cluster.ClusteredVertx;
import ai.rivano.gateway.config.ClusterSettings;
import ai.rivano.gateway.config.MiddlewareConfig;
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

  static Vertx clustered(ClusterSettings settings, MiddlewareConfig middleware) throws Exception {
    return ClusteredVertx.start(settings, middleware).toCompletionStage().toCompletableFuture().get();
  }

  static Vertx clustered(ClusterSettings settings) throws Exception {
    return clustered(settings, MiddlewareConfig.defaults());
  }
}
