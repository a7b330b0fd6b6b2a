package ai.rivano.gateway.cluster;

import ai.rivano.gateway.middleware.RateLimiter;
import ai.rivano.gateway.middleware.cache.ResponseCache;
import ai.rivano.gateway.middleware.policy.LocalPolicyStore;
import ai.rivano.gateway.middleware.policy.PolicySet;
import ai.rivano.gateway.middleware.policy.PolicyStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a node shares with its peers, each piece behind the interface the request path already uses. Standalone,
 * nothing is shared and every piece is the node-local implementation (no cost); on a clustered Vert.x, the
 * Hazelcast-backed ones. None of them waits on the network during a request.
 */
public interface SharedState {

  /** The cluster implementation on a clustered Vert.x, the standalone one otherwise. */
  static SharedState of(Vertx vertx) {
    return ClusterMember.of(vertx).<SharedState>map(ClusterState::new).orElseGet(SharedState::standalone);
  }

  static SharedState standalone() {
    return Standalone.INSTANCE;
  }

  /** This node's cluster membership, empty when standalone. */
  Optional<ClusterMember> member();

  default boolean clustered() {
    return member().isPresent();
  }

  /** The per-client rate limiter: this node's counts only, or held across the cluster. */
  RateLimiter rateLimiter(long limitPerMinute);

  /**
   * The policy store, holding {@code initial} until {@link #join()} (clustered: then the cluster's set, see
   * {@link ClusterPolicyStore}).
   */
  PolicyStore policyStore(PolicySet initial, SharedSnapshot.Codec<PolicySet> codec);

  /**
   * Completes when every shared piece made so far holds the cluster's state (the policy set); call it before the
   * node serves. Standalone: at once.
   */
  Future<Void> join();

  /** The response cache: {@code local} standalone, the shared one when clustered. */
  ResponseCache responseCache(Supplier<ResponseCache> local, long ttlSeconds);

  /** Standalone: nothing shared. */
  final class Standalone implements SharedState {
    static final Standalone INSTANCE = new Standalone();

    private Standalone() {
    }

    @Override
    public Optional<ClusterMember> member() {
      return Optional.empty();
    }

    @Override
    public RateLimiter rateLimiter(long limitPerMinute) {
      return RateLimiter.local(limitPerMinute);
    }

    @Override
    public PolicyStore policyStore(PolicySet initial, SharedSnapshot.Codec<PolicySet> codec) {
      return new LocalPolicyStore(initial);
    }

    @Override
    public Future<Void> join() {
      return Future.succeededFuture();
    }

    @Override
    public ResponseCache responseCache(Supplier<ResponseCache> local, long ttlSeconds) {
      return local.get();
    }
  }
}
