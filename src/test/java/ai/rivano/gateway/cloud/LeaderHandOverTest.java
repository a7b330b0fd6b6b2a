package ai.rivano.gateway.cloud;

import ai.rivano.gateway.testing.Futures;
import com.hazelcast.config.Config;
import com.hazelcast.config.XmlConfigBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import static ai.rivano.gateway.cloud.ControlPlaneStub.policy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two clustered nodes (two Vert.x instances with Hazelcast in one JVM): only the oldest member polls; the other
 * mirrors its state and persists its set; when the leader leaves, the other takes over within one interval and
 * carries on conditionally from the shared ETag. Each node has its own key, so the control plane sees who polls.
 */
class LeaderHandOverTest {

  private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");
  private static final JsonArray LOCAL = new JsonArray().add(policy("local-only", "x"));

  @TempDir
  Path dir;

  @Test
  void theOldestMemberSyncsAndTheNextTakesOverWithinOneIntervalWhenItLeaves() throws Exception {
    HAZELCAST_LOG.setLevel(Level.WARNING);
    String xml = Files.readString(Path.of("cluster-config/hazelcast-loopback.xml"))
        .replace("<cluster-name>rivano-gateway-local</cluster-name>",
            "<cluster-name>rivano-cloud-test-" + UUID.randomUUID() + "</cluster-name>");
    Vertx controlPlane = Vertx.vertx();
    List<Vertx> members = new ArrayList<>();
    try {
      ControlPlaneStub plane = ControlPlaneStub.start(controlPlane).policies(new JsonArray().add(policy("a", "alpha")));

      Vertx first = clustered(xml);
      members.add(first);
      CloudNode a = CloudNode.deploy(first, settings(plane, "node-a"), LOCAL, SyncLeadership.of(first));
      await().atMost(Duration.ofSeconds(10)).until(() -> a.names().contains("a"));
      assertTrue(a.state.leader());

      Vertx second = clustered(xml);
      members.add(second);
      CloudNode b = CloudNode.deploy(second, settings(plane, "node-b"), LOCAL, SyncLeadership.of(second));
      await().atMost(Duration.ofSeconds(20)).until(() -> ((VertxInternal) first).clusterManager().getNodes().size() == 2);

      Path bCache = dir.resolve("node-b").resolve("policies.json");
      await().atMost(Duration.ofSeconds(10)).until(() -> b.state.connected() && Files.exists(bCache));
      int seenBefore = plane.policyCalls().size();
      await().atMost(Duration.ofSeconds(10)).until(() -> plane.policyCalls().size() >= seenBefore + 3);
      assertEquals(0, callsWith(plane, "node-b"), "only the leader polls");
      assertFalse(b.state.leader());
      assertEquals("connected", b.state.word(), "a follower reports the leader's sync");
      assertEquals(0, b.installs(), "a follower installs nothing: the cluster's policy store carries the set");
      assertEquals(List.of("a"), TestMerger.names(new PolicyCache(bCache).read().orElseThrow().policies()),
          "but it persists the set for its own restarts");

      Futures.await(first.close());
      members.remove(first);
      long leftAt = System.nanoTime();
      await().atMost(Duration.ofSeconds(6)).until(() -> callsWith(plane, "node-b") > 0);
      long takeOverMs = (System.nanoTime() - leftAt) / 1_000_000;
      ControlPlaneStub.Seen firstPoll = plane.policyCalls().stream()
          .filter(c -> c.headers().get("Authorization").endsWith("node-b")).findFirst().orElseThrow();
      assertEquals(plane.etag(), firstPoll.headers().get("If-None-Match"), "the new leader polls with the shared ETag");
      assertTrue(b.state.leader());
      assertTrue(takeOverMs < 3_000, "within one interval (1 s) plus slack for a loaded machine: " + takeOverMs + " ms");
      System.out.println("leader hand-over: first poll by the new leader " + takeOverMs + " ms after the old one left");

      plane.policies(new JsonArray().add(policy("a", "alpha")).add(policy("b", "beta")));
      await().atMost(Duration.ofSeconds(5)).until(() -> b.names().contains("b"));
    } finally {
      for (Vertx member : members) {
        Futures.await(member.close());
      }
      Futures.await(controlPlane.close());
    }
  }

  private CloudSyncSettings settings(ControlPlaneStub plane, String node) throws Exception {
    Path nodeDir = Files.createDirectories(dir.resolve(node));
    return CloudNode.settings(plane.baseUrl(), nodeDir).withApiKey("rv_" + node);
  }

  private static long callsWith(ControlPlaneStub plane, String node) {
    return plane.policyCalls().stream().filter(c -> c.headers().get("Authorization").endsWith(node)).count();
  }

  private static Vertx clustered(String xml) {
    Config config = new XmlConfigBuilder(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).build();
    return Futures.await(Vertx.builder().withClusterManager(new HazelcastClusterManager(config)).buildClustered());
  }
}
