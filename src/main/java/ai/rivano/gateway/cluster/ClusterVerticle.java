package ai.rivano.gateway.cluster;

import ai.rivano.gateway.node.NodeState;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The housekeeping of a clustered node's shared state: flushes its request counters every second, merges its
 * rate-limit counts every {@link ClusterRateLimiter#SYNC_INTERVAL_MS}, and logs members joining and leaving. On
 * undeploy (after the drain, before Vert.x leaves the cluster) it flushes and merges one last time, so a node
 * that stops cleanly loses no count.
 */
public final class ClusterVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterVerticle.class);
  private static final long FINAL_FLUSH_TIMEOUT_MS = 5_000;

  private final NodeState state;
  private final ClusterMember member;
  private ClusterCounters counters;
  private ClusterRateLimiter limiter;
  private UUID membershipListener;

  public ClusterVerticle(NodeState state, ClusterMember member) {
    this.state = state;
    this.member = member;
  }

  @Override
  public Future<?> start() {
    counters = new ClusterCounters(member.hazelcast().getMap(HazelcastSetup.SharedMaps.STATS), member.nodeId(),
        state.counters());
    vertx.setPeriodic(ClusterCounters.FLUSH_INTERVAL_MS, id -> counters.flush());
    if (state.rateLimiter() instanceof ClusterRateLimiter clustered && clustered.enabled()) {
      limiter = clustered;
      vertx.setPeriodic(ClusterRateLimiter.SYNC_INTERVAL_MS, id -> limiter.sync());
    }
    membershipListener = member.hazelcast().getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        LOG.info("cluster: node {} joined ({} nodes)", event.getMember().getAddress(),
            event.getMembers().size());
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        LOG.info("cluster: node {} left ({} nodes)", event.getMember().getAddress(),
            event.getMembers().size());
      }
    });
    LOG.info("cluster: joined as {} ({} nodes)", member.host(), member.size());
    counters.flush(); // this node appears in the totals at once
    return Future.succeededFuture();
  }

  /** Last flush and merge, bounded: a cluster that is going away must not hold the shutdown. */
  @Override
  public Future<?> stop() {
    try {
      member.hazelcast().getCluster().removeMembershipListener(membershipListener);
      CompletableFuture<Void> last = CompletableFuture.allOf(counters.flush().toCompletableFuture(),
          limiter == null ? CompletableFuture.completedFuture(null) : limiter.sync());
      return Future.fromCompletionStage(last.orTimeout(FINAL_FLUSH_TIMEOUT_MS, TimeUnit.MILLISECONDS))
          .otherwiseEmpty();
    } catch (RuntimeException memberAlreadyGone) {
      return Future.succeededFuture(); // the Hazelcast member is no longer running: nothing left to hand over
    }
  }
}
