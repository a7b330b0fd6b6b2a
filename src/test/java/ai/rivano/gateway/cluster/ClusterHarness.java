package ai.rivano.gateway.cluster;

import ai.rivano.gateway.config.ConfigLoader;
import ai.rivano.gateway.config.GatewayConfig;
import ai.rivano.gateway.node.GatewayNode;
import ai.rivano.gateway.node.NodeState;
import ai.rivano.gateway.testing.Futures;
import ai.rivano.gateway.testing.LoopbackCluster;
import ai.rivano.gateway.testing.TestGateway;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gateway nodes clustered in this JVM on loopback, the way {@code start} clusters them ({@code gateway.cluster}
 * with a member list, no XML): a unique cluster name and a free base port per harness, so parallel builds on one
 * machine never meet. Nodes start one after the other.
 */
final class ClusterHarness implements AutoCloseable {

  /** One clustered node: its Vert.x, the gateway on it, its cluster handle. */
  record Node(Vertx vertx, GatewayNode gateway, ClusterMember member) {
    int port() {
      return gateway.port();
    }

    NodeState state() {
      return gateway.state();
    }

    String url(String path) {
      return "http://127.0.0.1:" + port() + path;
    }

    /** A crash as {@code kill -9} gives one: the member vanishes without leaving (no migration, no last flush). */
    void crash() {
      member.hazelcast().getLifecycleService().terminate();
      vertx.close();
    }
  }

  private final LoopbackCluster loopback = LoopbackCluster.create();
  final List<Node> nodes = new ArrayList<>();
  private final String providers;
  private final String middleware;

  /** @param providersYaml the {@code providers:} map in flow style, e.g. {@code {echo: {isPrimary: true}}} */
  ClusterHarness(String providersYaml, String middlewareYaml) {
    this.providers = providersYaml;
    this.middleware = middlewareYaml;
  }

  String yaml() {
    return """
        gateway:
          host: 127.0.0.1
          providers: %s
          middleware: %s
        """.formatted(providers, middleware) + loopback.yaml();
  }

  /** Starts one more node and waits until it serves. */
  Node start() {
    GatewayConfig config = config();
    Vertx vertx = Futures.await(ClusteredVertx.start(config.cluster(), config.middleware()));
    GatewayNode gateway = Futures.await(GatewayNode.start(vertx, config.withPort(TestGateway.freePort())));
    Node node = new Node(vertx, gateway, ClusterMember.of(vertx).orElseThrow());
    nodes.add(node);
    return node;
  }

  /** A member of the cluster that runs no gateway (so it answers no status request). Close it yourself. */
  Vertx bareMember() {
    GatewayConfig config = config();
    return Futures.await(ClusteredVertx.start(config.cluster(), config.middleware()));
  }

  private GatewayConfig config() {
    try {
      Path file = Files.createTempFile("rivano-cluster", ".yaml");
      Files.writeString(file, yaml());
      Vertx bootstrap = Vertx.vertx();
      try {
        return Futures.await(new ConfigLoader(bootstrap, Map.of(), new ArrayList<>()).load(file));
      } finally {
        Futures.await(bootstrap.close());
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    for (Node node : nodes) {
      try {
        Futures.await(node.vertx().close());
      } catch (RuntimeException ignored) {
        // a crashed node is already gone
      }
    }
  }
}
