package ai.rivano.gateway.cli;

import ai.rivano.gateway.config.ClusterSettings;
import ai.rivano.gateway.config.ConfigLoader;
import ai.rivano.gateway.config.GatewayConfig;
import ai.rivano.gateway.node.GatewayNode;
import ai.rivano.gateway.testing.Futures;
import ai.rivano.gateway.testing.Http;
import ai.rivano.gateway.testing.TestGateway;
import com.hazelcast.config.Config;
import com.hazelcast.config.XmlConfigBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clustering is a configuration switch: the shipped Hazelcast files are valid and keep what Vert.x needs, and two
 * gateway nodes started with {@code gateway.cluster.enabled} form one Hazelcast cluster and serve traffic.
 */
class ClusterSwitchTest {

  @ParameterizedTest
  @ValueSource(strings = {"hazelcast-tcp.xml", "hazelcast-multicast.xml", "hazelcast-kubernetes.xml",
      "hazelcast-loopback.xml"})
  void shippedClusterConfigsAreValidAndKeepTheVertxStructures(String file) throws Exception {
    Config config;
    try (InputStream in = Files.newInputStream(Path.of("cluster-config", file))) {
      config = new XmlConfigBuilder(in).build();
    }
    assertNotNull(config.getMultiMapConfigs().get("__vertx.subs"), file);
    assertNotNull(config.getMapConfigs().get("__vertx.haInfo"), file);
    assertNotNull(config.getMapConfigs().get("__vertx.nodeInfo"), file);
    assertEquals("false", config.getProperty("hazelcast.phone.home.enabled"), file);
  }

  @Test
  void twoNodesWithClusteringOnFormOneClusterAndBothServe(@TempDir Path dir) throws Exception {
    String xml = Files.readString(Path.of("cluster-config/hazelcast-loopback.xml"))
        .replace("<cluster-name>rivano-gateway-local</cluster-name>",
            "<cluster-name>rivano-test-" + UUID.randomUUID() + "</cluster-name>");
    Path hazelcast = dir.resolve("hazelcast.xml");
    Files.writeString(hazelcast, xml);
    Path yaml = dir.resolve("rivano.yaml");
    Files.writeString(yaml, """
        gateway:
          providers:
            echo: {}
          cluster: { enabled: true, configFile: "%s" }
        """.formatted(hazelcast));

    List<Vertx> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        Vertx vertx = VertxFactory.clustered(new ClusterSettings(true, hazelcast.toString()));
        nodes.add(vertx);
        GatewayConfig config = Futures.await(new ConfigLoader(vertx, Map.of(), new ArrayList<>()).load(yaml));
        assertTrue(config.cluster().enabled());
        GatewayNode node = Futures.await(GatewayNode.start(vertx, config.withPort(TestGateway.freePort())));
        Http.Response health = new Http(vertx).get("http://127.0.0.1:" + node.port() + "/health");
        assertEquals(200, health.status());
      }
      assertTrue(nodes.get(0).isClustered());
      await().atMost(java.time.Duration.ofSeconds(20))
          .until(() -> ((VertxInternal) nodes.get(0)).clusterManager().getNodes().size() == 2);
    } finally {
      for (Vertx vertx : nodes) {
        Futures.await(vertx.close());
      }
    }
  }
}
