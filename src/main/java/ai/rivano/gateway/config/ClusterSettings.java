package ai.rivano.gateway.config;

import java.util.List;

/**
 * {@code gateway.cluster}: standalone unless {@code enabled}. Two ways to describe the Hazelcast membership:
 * <ul>
 *   <li>the common case, no XML: {@code members} (host or host:port of the other nodes), {@code port} (the base
 *       cluster port; several nodes on one host take the next free ones above it), {@code interface} (the one
 *       address the cluster port binds to) and {@code name} (the cluster name, which keeps two gateway clusters on
 *       one network apart);</li>
 *   <li>{@code configFile}: a Hazelcast XML file (see {@code cluster-config/}) for everything else (multicast,
 *       Kubernetes discovery, TLS...). It replaces the keys above.</li>
 * </ul>
 *
 * @param members        empty means "this host only" (127.0.0.1)
 * @param bindInterface  null means every interface (Hazelcast's default)
 * @param busPort        the Vert.x event bus port between nodes (status fan-out); 0 = a random free port
 */
public record ClusterSettings(boolean enabled, String configFile, List<String> members, int port,
                              String bindInterface, String name, int busPort) {

  public static final int DEFAULT_PORT = 5701;
  public static final String DEFAULT_NAME = "rivano-gateway";

  public ClusterSettings {
    members = members == null ? List.of() : List.copyOf(members);
    name = name == null ? DEFAULT_NAME : name;
  }

  /** The file form (or the cluster manager's default lookup when {@code configFile} is null). */
  public ClusterSettings(boolean enabled, String configFile) {
    this(enabled, configFile, List.of(), DEFAULT_PORT, null, DEFAULT_NAME, 0);
  }

  public static ClusterSettings standalone() {
    return new ClusterSettings(false, null);
  }

  /** True when the Hazelcast configuration comes from {@link #configFile()} rather than from these keys. */
  public boolean usesFile() {
    return configFile != null;
  }
}
