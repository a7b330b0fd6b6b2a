package ai.rivano.gateway.cluster;

import ai.rivano.gateway.config.ClusterSettings;
import ai.rivano.gateway.config.MiddlewareConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Hazelcast member configuration built from {@code gateway.cluster}'s keys or from an operator's file. */
class HazelcastSetupTest {

  private static final MiddlewareConfig MIDDLEWARE = new MiddlewareConfig(true, true,
      MiddlewareConfig.AuditSink.OFF, "a.jsonl", true, 120, 5000, 60);

  @Test
  void memberListFormIsATcpIpJoinWithNothingElseSwitchedOn() {
    Config config = HazelcastSetup.build(new ClusterSettings(true, null, List.of("10.0.0.1", "10.0.0.2:5702"), 5801,
        null, "prod", 0), MIDDLEWARE);
    assertEquals("prod", config.getClusterName());
    assertEquals(5801, config.getNetworkConfig().getPort());
    assertTrue(config.getNetworkConfig().isPortAutoIncrement(), "nodes on one host take the next free port");
    assertEquals(HazelcastSetup.PORT_COUNT, config.getNetworkConfig().getPortCount());
    JoinConfig join = config.getNetworkConfig().getJoin();
    assertTrue(join.getTcpIpConfig().isEnabled());
    assertEquals(List.of("10.0.0.1", "10.0.0.2:5702"), join.getTcpIpConfig().getMembers());
    assertFalse(join.getMulticastConfig().isEnabled());
    assertFalse(join.getAutoDetectionConfig().isEnabled());
    assertFalse(join.getKubernetesConfig().isEnabled());
    assertFalse(config.getNetworkConfig().getInterfaces().isEnabled());
    assertEquals("3", config.getProperty("hazelcast.tcp.join.port.try.count"), "a member without a port: base + 2");
    assertEquals("false", config.getProperty("hazelcast.phone.home.enabled"));
    assertEquals("false", config.getProperty("hazelcast.shutdownhook.enabled"));
    assertEquals("1", config.getProperty("hazelcast.wait.seconds.before.join"));
    assertEquals("1", config.getProperty("hazelcast.heartbeat.interval.seconds"));
    assertEquals("10", config.getProperty("hazelcast.max.no.heartbeat.seconds"));
    // what the Vert.x cluster manager needs is kept
    assertNotNull(config.getMultiMapConfigs().get("__vertx.subs"));
  }

  @Test
  void noMembersMeansThisHostOnly() {
    Config config = HazelcastSetup.build(new ClusterSettings(true, null), MIDDLEWARE);
    assertEquals(List.of("127.0.0.1"), config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers());
    assertEquals(ClusterSettings.DEFAULT_NAME, config.getClusterName());
    assertEquals(5701, config.getNetworkConfig().getPort());
  }

  @Test
  void anInterfaceBindsTheClusterPortToItAlone() {
    Config config = HazelcastSetup.build(new ClusterSettings(true, null, List.of("10.0.0.1"), 5701, "10.0.0.*",
        "prod", 0), MIDDLEWARE);
    assertTrue(config.getNetworkConfig().getInterfaces().isEnabled());
    assertEquals(List.of("10.0.0.*"), List.copyOf(config.getNetworkConfig().getInterfaces().getInterfaces()));
    assertEquals("false", config.getProperty("hazelcast.socket.bind.any"));
  }

  @Test
  void sharedMapsHaveBackupsAndTheCacheItsBounds() {
    Config config = HazelcastSetup.build(new ClusterSettings(true, null), MIDDLEWARE);
    assertEquals(1, config.getMapConfig(HazelcastSetup.SharedMaps.STATS).getBackupCount());
    assertEquals(1, config.getMapConfig(HazelcastSetup.SharedMaps.RATE_LIMIT).getBackupCount());
    assertEquals(2, config.getMapConfig(HazelcastSetup.SharedMaps.POLICIES).getBackupCount());
    MapConfig cache = config.getMapConfig(HazelcastSetup.SharedMaps.CACHE);
    assertEquals(1, cache.getBackupCount());
    assertEquals(120, cache.getTimeToLiveSeconds());
    assertEquals(5000, cache.getEvictionConfig().getSize());
    assertNotNull(cache.getNearCacheConfig(), "lookups are answered from a local copy");
    assertEquals(120, cache.getNearCacheConfig().getTimeToLiveSeconds());
    assertTrue(cache.getNearCacheConfig().isCacheLocalEntries());
  }

  @Test
  void aFileKeepsItsOwnJoinAndGetsTheSharedMapsAndSafeShutdown() {
    Config config = HazelcastSetup.build(new ClusterSettings(true, "cluster-config/hazelcast-kubernetes.xml"),
        MIDDLEWARE);
    assertTrue(config.getNetworkConfig().getJoin().getKubernetesConfig().isEnabled());
    assertFalse(config.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled());
    assertEquals("false", config.getProperty("hazelcast.shutdownhook.enabled"));
    assertNotNull(config.getMapConfigs().get(HazelcastSetup.SharedMaps.CACHE));
  }

  @Test
  void memberAddresses() {
    for (String ok : List.of("10.0.0.1", "10.0.0.1:5702", "gw-1", "gw-1.internal:5701", "[::1]:5701", "[fd00::1]", "docker_gateway_1")) {
      assertTrue(MemberAddress.problem(ok).isEmpty(), ok);
    }
    for (String bad : List.of("", "10.0.0.256", "10.0.0.1:0", "10.0.0.1:70000", "a b", "gw!1", "-gw", "h:5701-5703",
        "::1", "http://gw-1")) {
      assertTrue(MemberAddress.problem(bad).isPresent(), bad);
    }
  }
}
