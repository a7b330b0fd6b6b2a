package ai.rivano.gateway.cli;

import ai.rivano.gateway.config.ClusterSettings;
import ai.rivano.gateway.config.GatewayConfig;
import ai.rivano.gateway.observability.GatewayMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds the Vert.x instance: standalone by default, a Hazelcast member when {@code gateway.cluster.enabled}. */
final class VertxFactory {

  private VertxFactory() {
  }

  static Vertx standalone() {
    return Vertx.vertx(options());
  }

  /** Native epoll when the platform has it (Linux x86_64 jar bundled); the JDK selector otherwise. */
  static VertxOptions options() {
    return new VertxOptions().setPreferNativeTransport(true);
  }

  /** The node's own instance: standalone or clustered, with Vert.x's metrics in {@code metrics}' registry. */
  static Vertx forNode(GatewayConfig config, GatewayMetrics metrics) throws Exception {
    if (config.cluster().enabled()) {
      return clustered(config.cluster(), metrics);
    }
    return metrics.instrument(Vertx.builder(), options()).build();
  }

  static Vertx clustered(ClusterSettings settings) throws Exception {
    return clustered(settings, GatewayMetrics.disabled());
  }

  static Vertx clustered(ClusterSettings settings, GatewayMetrics metrics) throws Exception {
    com.hazelcast.config.Config hazelcast;
    if (settings.configFile() != null) {
      try (InputStream in = Files.newInputStream(Path.of(settings.configFile()))) {
        hazelcast = new com.hazelcast.config.XmlConfigBuilder(in).build();
      } catch (IOException e) {
        throw new IllegalStateException("cannot read cluster config " + settings.configFile() + ": " + e.getMessage());
      }
    } else {
      hazelcast = ConfigUtil.loadConfig();
    }
    hazelcast.setProperty("hazelcast.phone.home.enabled", "false");
    hazelcast.setProperty("hazelcast.shutdownhook.enabled", "false");
    hazelcast.setProperty("hazelcast.logging.type", "slf4j");
    return metrics.instrument(Vertx.builder(), options()).withClusterManager(new HazelcastClusterManager(hazelcast)).buildClustered()
        .toCompletionStage().toCompletableFuture().get();
  }
}
