package ai.rivano.gateway.cluster;

import ai.rivano.gateway.middleware.RateLimiter;
import ai.rivano.gateway.middleware.cache.ResponseCache;
import ai.rivano.gateway.middleware.policy.PolicySet;
import ai.rivano.gateway.middleware.policy.PolicyStore;
import com.hazelcast.map.IMap;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** {@link SharedState} on a Hazelcast cluster (see {@code docs/cluster.md} for each piece's accuracy). */
final class ClusterState implements SharedState {

  private final ClusterMember member;
  private final List<ClusterPolicyStore> policyStores = new ArrayList<>();
  private ClusterRateLimiter rateLimiter;

  ClusterState(ClusterMember member) {
    this.member = member;
  }

  @Override
  public Optional<ClusterMember> member() {
    return Optional.of(member);
  }

  @Override
  public synchronized RateLimiter rateLimiter(long limitPerMinute) {
    if (rateLimiter == null) {
      IMap<String, RateBucket> buckets = member.hazelcast().getMap(HazelcastSetup.SharedMaps.RATE_LIMIT);
      String node = member.nodeId();
      rateLimiter = new ClusterRateLimiter(limitPerMinute,
          (client, count, interval, age, size) ->
              buckets.submitToKey(client, new RateBucket.Push(node, count, interval, age, size)),
          member::size, System::nanoTime);
    }
    return rateLimiter;
  }

  @Override
  public synchronized PolicyStore policyStore(PolicySet initial, SharedSnapshot.Codec<PolicySet> codec) {
    ClusterPolicyStore store = new ClusterPolicyStore(member, codec, initial);
    policyStores.add(store);
    return store;
  }

  @Override
  public synchronized Future<Void> join() {
    return Future.all(policyStores.stream().map(s -> Future.fromCompletionStage(s.join())).toList()).mapEmpty();
  }

  @Override
  public ResponseCache responseCache(Supplier<ResponseCache> local, long ttlSeconds) {
    return new ClusterResponseCache(member, ttlSeconds);
  }
}
