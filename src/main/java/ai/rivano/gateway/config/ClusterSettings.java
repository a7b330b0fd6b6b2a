package ai.rivano.gateway.config;

/**
 * {@code gateway.cluster}: standalone unless {@code enabled}. {@code configFile} points at a Hazelcast XML file
 * (see {@code cluster-config/}); null means the cluster manager's default lookup.
 */
public record ClusterSettings(boolean enabled, String configFile) {

  public static ClusterSettings standalone() {
    return new ClusterSettings(false, null);
  }
}
