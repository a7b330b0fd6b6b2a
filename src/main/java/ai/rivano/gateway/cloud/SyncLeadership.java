package ai.rivano.gateway.cloud;

import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * Which node of a cluster polls the control plane. One node syncs and shares the result; asking every tick (not
 * once) is what makes another node take over within one interval when the leader leaves.
 */
@FunctionalInterface
public interface SyncLeadership {

  /** Cheap and local: no cluster round trip. */
  boolean isLeader();

  /**
   * Calls {@code onChange} (on any thread) when leadership may have moved, so a new leader need not wait for its
   * next tick. Returns what stops the calls. Standalone leadership never moves.
   */
  default Runnable watch(Runnable onChange) {
    return () -> { };
  }

  /** A standalone node is its own leader. */
  static SyncLeadership standalone() {
    return () -> true;
  }

  /** The oldest Hazelcast member when {@code vertx} is clustered through Hazelcast, otherwise standalone. */
  static SyncLeadership of(Vertx vertx) {
    if (vertx.isClustered() && ((VertxInternal) vertx).clusterManager() instanceof HazelcastClusterManager hazelcast) {
      return new OldestMemberLeadership(hazelcast.getHazelcastInstance());
    }
    return standalone();
  }
}
