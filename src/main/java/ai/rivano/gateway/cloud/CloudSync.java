package ai.rivano.gateway.cloud;

import ai.rivano.gateway.config.GatewayConfig;
import ai.rivano.gateway.middleware.policy.PolicySet;
import ai.rivano.gateway.middleware.policy.PolicyStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.function.Consumer;

/**
 * The node's handle on cloud sync: deploys the verticle when the config has a {@code cloud:} section and lets the
 * drain flush the pending traces. Without the section it is {@link #DISABLED} and every call is a no-op.
 */
public final class CloudSync {

  public static final CloudSync DISABLED = new CloudSync(null);

  private final CloudSyncVerticle<?> verticle;

  private CloudSync(CloudSyncVerticle<?> verticle) {
    this.verticle = verticle;
  }

  /**
   * Deploys cloud sync for {@code config} (when it has a {@code cloud:} section), installing merged sets into
   * {@code store}. The leader is the oldest cluster member when clustered, this node otherwise.
   */
  public static Future<CloudSync> deploy(Vertx vertx, GatewayConfig config, CloudSyncState state, PolicyStore store,
                                         RemotePolicyMerger<PolicySet> merger) {
    return config.cloudConfig()
        .map(cloud -> deploy(vertx, CloudSyncSettings.from(cloud, config.shutdownTimeoutMs()), state, merger,
            store::replace, SyncLeadership.of(vertx)))
        .orElseGet(() -> Future.succeededFuture(DISABLED));
  }

  /** The same with every part given (tests: another set type, a chosen leadership). */
  public static <S> Future<CloudSync> deploy(Vertx vertx, CloudSyncSettings settings, CloudSyncState state,
                                             RemotePolicyMerger<S> merger, Consumer<S> install,
                                             SyncLeadership leadership) {
    CloudSyncVerticle<S> verticle = new CloudSyncVerticle<>(settings, state, merger, install, leadership);
    return vertx.deployVerticle(verticle).map(id -> new CloudSync(verticle));
  }

  /**
   * Merges the control plane's policies over {@code local} (the config's own policies and packs, never the set in
   * force, or a policy removed remotely would stick): remote ones override local ones of the same name, an invalid
   * remote policy is skipped and reported.
   */
  public static RemotePolicyMerger<PolicySet> over(PolicySet local) {
    return (remote, source) -> {
      PolicySet merged = local.mergeRemote(remote, source);
      return new RemotePolicyMerger.MergeResult<>(merged,
          RemotePolicyMerger.SkippedPolicy.fromProblems(remote, merged.problems()));
    };
  }

  /**
   * Sends the traces still pending, until {@code deadlineMillis} (epoch ms); what cannot be sent by then is
   * counted as abandoned. For the drain, after the entrypoint has stopped (so every request's trace is in).
   */
  public Future<Void> flush(long deadlineMillis) {
    return verticle == null ? Future.succeededFuture() : verticle.flush(deadlineMillis);
  }
}
