package ai.rivano.gateway.cluster;

import ai.rivano.gateway.config.ClusterSettings;
import ai.rivano.gateway.config.MiddlewareConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.config.NearCacheConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.XmlConfigBuilder;
import com.hazelcast.spi.merge.LatestUpdateMergePolicy;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Builds the Hazelcast member configuration of a gateway node: from {@code gateway.cluster}'s keys (a TCP/IP
 * member list, no XML) or from the operator's XML file, then adds what every gateway cluster needs (the shared
 * maps below, failure detection tuned so a dead node leaves the member list within seconds, no phone-home, no
 * Hazelcast shutdown hook: the gateway drains first and Vert.x leaves the cluster afterwards).
 *
 * <p>Settings an operator's file already makes win over the defaults added here, except the two the gateway's
 * shutdown relies on (phone-home and shutdown hook off).
 */
public final class HazelcastSetup {

  /** Nodes on one host take the next free port above the base; 20 is plenty and keeps the scan short. */
  public static final int PORT_COUNT = 20;
  /** A member listed without a port is looked for on the base port and the two above it. */
  static final int PORT_TRY_COUNT = 3;
  /** Heartbeats every second; a member silent for this long is removed (Hazelcast's default is 60 s). */
  static final int MAX_NO_HEARTBEAT_SECONDS = 10;

  private HazelcastSetup() {
  }

  /** The member configuration for {@code settings}; throws {@link IllegalStateException} for an unreadable file. */
  public static Config build(ClusterSettings settings, MiddlewareConfig middleware) {
    Config config = settings.usesFile() ? fromFile(Path.of(settings.configFile())) : fromKeys(settings);
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j"); // into the gateway's own log (LogSetup)
    // Failure detection: heartbeat every second, a member silent for 10 s is removed. A crashed process's
    // connections are closed by its host at once, which Hazelcast notices sooner (see docs/cluster.md).
    defaultProperty(config, "hazelcast.heartbeat.interval.seconds", "1");
    defaultProperty(config, "hazelcast.max.no.heartbeat.seconds", Integer.toString(MAX_NO_HEARTBEAT_SECONDS));
    // After a network partition heals, the two sides merge within ~30 s (defaults: 300 s, then every 120 s).
    defaultProperty(config, "hazelcast.merge.first.run.delay.seconds", "30");
    defaultProperty(config, "hazelcast.merge.next.run.delay.seconds", "30");
    // Background work a gateway node has no use for, on cores it shares with the request path: Hazelcast's own
    // metrics collection (every 5 s) and health monitor (every 20 s).
    config.getMetricsConfig().setEnabled(false);
    defaultProperty(config, "hazelcast.health.monitoring.level", "OFF");
    SharedMaps.addTo(config, middleware);
    return config;
  }

  /** Why {@code file} cannot be used as a Hazelcast member configuration, or empty when it can. Blocking. */
  public static Optional<String> fileProblem(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.of("file not found: " + file);
    }
    try {
      fromFile(file);
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.of(e.getMessage());
    }
  }

  private static Config fromFile(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return new XmlConfigBuilder(in).build();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file + ": " + e.getMessage());
    } catch (RuntimeException e) {
      throw new IllegalStateException("not a valid Hazelcast XML configuration (" + file + "): " + firstLine(e));
    }
  }

  private static Config fromKeys(ClusterSettings settings) {
    Config config = ConfigUtil.loadConfig(); // Vert.x's own structures (__vertx.subs, haInfo, nodeInfo)
    config.setClusterName(settings.name());
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(settings.port()).setPortAutoIncrement(true).setPortCount(PORT_COUNT);
    if (settings.bindInterface() != null) {
      // Listen on that interface only (by default Hazelcast binds every interface even when one is chosen).
      network.getInterfaces().setEnabled(true).addInterface(settings.bindInterface());
      config.setProperty("hazelcast.socket.bind.any", "false");
    }
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    List<String> members = settings.members().isEmpty() ? List.of("127.0.0.1") : settings.members();
    join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2).setMembers(members);
    config.setProperty("hazelcast.tcp.join.port.try.count", Integer.toString(PORT_TRY_COUNT));
    // Hazelcast waits 5 s before joining by default (to batch simultaneous starts); 1 s is enough for a
    // member list, and a node that starts alone is ready seconds sooner.
    config.setProperty("hazelcast.wait.seconds.before.join", "1");
    config.setProperty("hazelcast.max.wait.seconds.before.join", "5");
    return config;
  }

  private static void defaultProperty(Config config, String name, String value) {
    if (config.getProperty(name) == null) {
      config.setProperty(name, value);
    }
  }

  /** The XML problem in one readable line: where it is, without the schema's namespace noise. */
  private static String firstLine(Throwable e) {
    Throwable root = e;
    int line = -1;
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      root = t;
      if (t instanceof org.xml.sax.SAXParseException sax) {
        line = sax.getLineNumber();
      }
    }
    String message = String.valueOf(root.getMessage());
    int newline = message.indexOf('\n');
    message = newline < 0 ? message : message.substring(0, newline);
    // Schema errors come from Hazelcast's re-serialised copy of the file: their line numbers are off, the
    // element name is what helps.
    if (message.startsWith("cvc-")) {
      line = -1;
    }
    message = message.replaceFirst("^cvc-[\\w.-]+: ", "")
        .replace("\"http://www.hazelcast.com/schema/config\":", "").replaceAll("'\\{([^}]*)}'", "'$1'");
    int list = message.indexOf(" One of ");
    message = list < 0 ? message : message.substring(0, list);
    return line > 0 ? "line " + line + ": " + message : message;
  }

  /** The gateway's own distributed maps and how each is kept (backups, expiry, near cache). */
  static final class SharedMaps {

    static final String STATS = "rivano.stats";
    static final String RATE_LIMIT = "rivano.ratelimit";
    static final String POLICIES = "rivano.policies";
    static final String CACHE = "rivano.cache";

    private SharedMaps() {
    }

    static void addTo(Config config, MiddlewareConfig middleware) {
      // Counters: one entry per node (its totals), one synchronous backup so a crash loses none of them.
      addIfAbsent(config, new MapConfig(STATS).setBackupCount(1));
      // Rate-limit buckets: an idle client's bucket is full again after a minute; dropping it after three
      // idle minutes loses nothing.
      addIfAbsent(config, new MapConfig(RATE_LIMIT).setBackupCount(1).setMaxIdleSeconds(180));
      // The policy snapshot: tiny, so every member keeps a copy (2 backups); after a split brain heals the most
      // recently written set wins.
      addIfAbsent(config, new MapConfig(POLICIES).setBackupCount(2).setPerEntryStatsEnabled(true)
          .setMergePolicyConfig(new MergePolicyConfig().setPolicy(LatestUpdateMergePolicy.class.getName())));
      int ttl = (int) Math.min(Integer.MAX_VALUE, middleware.cacheTtlSeconds());
      int size = (int) Math.min(Integer.MAX_VALUE, middleware.cacheMaxEntries());
      // The response cache: entries expire after the TTL, each member holds at most cacheMaxEntries (LRU), and a
      // near cache keeps a local copy so a lookup never waits on the network.
      addIfAbsent(config, new MapConfig(CACHE).setBackupCount(1).setTimeToLiveSeconds(ttl)
          .setEvictionConfig(new EvictionConfig().setEvictionPolicy(EvictionPolicy.LRU)
              .setMaxSizePolicy(MaxSizePolicy.PER_NODE).setSize(size))
          .setNearCacheConfig(new NearCacheConfig(CACHE).setInMemoryFormat(InMemoryFormat.OBJECT)
              .setCacheLocalEntries(true).setInvalidateOnChange(true).setTimeToLiveSeconds(ttl)
              .setEvictionConfig(new EvictionConfig().setEvictionPolicy(EvictionPolicy.LRU)
                  .setMaxSizePolicy(MaxSizePolicy.ENTRY_COUNT).setSize(size))));
    }

    private static void addIfAbsent(Config config, MapConfig map) {
      if (!config.getMapConfigs().containsKey(map.getName())) {
        config.addMapConfig(map);
      }
    }
  }
}
