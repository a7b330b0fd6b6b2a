package ai.rivano.gateway.cloud;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;

import java.util.Iterator;
import java.util.UUID;

/**
 * The oldest member of the Hazelcast cluster leads. Every member sees the same member list in the same order
 * (oldest first, as Hazelcast guarantees), so they agree without an election or a lock; when the oldest leaves,
 * the next oldest is first on everyone's list. Two members may both believe they lead for the moment a membership
 * change takes to propagate: both then poll, which is harmless (the same set is installed twice).
 */
final class OldestMemberLeadership implements SyncLeadership {

  private final HazelcastInstance hazelcast;

  OldestMemberLeadership(HazelcastInstance hazelcast) {
    this.hazelcast = hazelcast;
  }

  @Override
  public boolean isLeader() {
    try {
      Iterator<Member> members = hazelcast.getCluster().getMembers().iterator();
      return members.hasNext() && members.next().localMember();
    } catch (RuntimeException e) {
      return false; // the instance is shutting down: this node leads nothing any more
    }
  }

  /** A member that leaves may have been the oldest: the next one polls at once instead of within an interval. */
  @Override
  public Runnable watch(Runnable onChange) {
    UUID id = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        // a newcomer is the youngest: it never takes leadership away
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        onChange.run();
      }
    });
    return () -> {
      try {
        hazelcast.getCluster().removeMembershipListener(id);
      } catch (RuntimeException e) {
        // already shut down
      }
    };
  }
}
