package ai.rivano.gateway.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.List;
import java.util.Optional;

/** This node's handle on the Hazelcast cluster Vert.x joined: its id, the members, the distributed maps. */
public final class ClusterMember {

  private final HazelcastInstance hazelcast;
  private final String nodeId;

  ClusterMember(HazelcastInstance hazelcast) {
    this.hazelcast = hazelcast;
    this.nodeId = hazelcast.getCluster().getLocalMember().getUuid().toString();
  }

  /** The member {@code vertx} is, or empty for a standalone Vert.x. */
  public static Optional<ClusterMember> of(Vertx vertx) {
    if (!vertx.isClustered()
        || !(((VertxInternal) vertx).clusterManager() instanceof HazelcastClusterManager manager)) {
      return Optional.empty();
    }
    return Optional.of(new ClusterMember(manager.getHazelcastInstance()));
  }

  public HazelcastInstance hazelcast() {
    return hazelcast;
  }

  /** The same id Vert.x uses for this node (the Hazelcast member UUID). */
  public String nodeId() {
    return nodeId;
  }

  /** A member as Hazelcast knows it: its id and cluster address. */
  public record Node(String id, String host, int clusterPort) {
  }

  /** The current members, oldest first (Hazelcast's member order), this node included. */
  public List<Node> members() {
    return hazelcast.getCluster().getMembers().stream()
        .map(m -> new Node(m.getUuid().toString(), m.getAddress().getHost(), m.getAddress().getPort())).toList();
  }

  public int size() {
    return hazelcast.getCluster().getMembers().size();
  }

  /** The host this node's cluster port listens on (the address other nodes reach it at). */
  public String host() {
    Member local = hazelcast.getCluster().getLocalMember();
    return local.getAddress().getHost();
  }
}
