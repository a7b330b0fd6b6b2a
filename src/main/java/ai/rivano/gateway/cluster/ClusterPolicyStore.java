package ai.rivano.gateway.cluster;

import ai.rivano.gateway.middleware.policy.PolicySet;
import ai.rivano.gateway.middleware.policy.PolicyStore;

import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The clustered {@link PolicyStore}: every node enforces the same policy set. A request reads the node's local
 * copy (no network); a {@link #replace} on any node (cloud sync, a reload) reaches every node within a round trip;
 * a node that joins gets the cluster's set before it serves.
 *
 * <p>Join rule: the cluster's set wins, so a node never enforces other rules than its peers, with one exception:
 * when both the cluster's set and this node's came from a {@code rivano.yaml} and they differ, this node's (just
 * read from the file) replaces the cluster's. That is a file change being rolled out node by node; a set from the
 * control plane is never replaced by a file's.
 */
public final class ClusterPolicyStore implements PolicyStore {

  static final String KEY = "current";

  private final SharedSnapshot<PolicySet> snapshot;

  public ClusterPolicyStore(ClusterMember member, SharedSnapshot.Codec<PolicySet> codec, PolicySet initial) {
    this.snapshot = new SharedSnapshot<>(member,
        member.hazelcast().getMap(HazelcastSetup.SharedMaps.POLICIES), KEY, codec, initial);
  }

  /** Completes once this node holds the set it will enforce (the cluster's, or its own as the first node). */
  public CompletionStage<Void> join() {
    return snapshot.join((stored, own) -> joinerWins(stored.source(), own.source()));
  }

  /** The join rule: a set read from a file replaces one read from a file; nothing else replaces the cluster's. */
  public static boolean joinerWins(String storedSource, String ownSource) {
    return isFile(storedSource) && isFile(ownSource);
  }

  private static boolean isFile(String source) {
    return source != null && source.startsWith("config");
  }

  @Override
  public PolicySet current() {
    return snapshot.current();
  }

  @Override
  public void replace(PolicySet next) {
    snapshot.replace(next);
  }

  @Override
  public void onChange(Consumer<PolicySet> listener) {
    snapshot.onChange(listener);
  }
}
