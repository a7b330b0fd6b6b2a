package ai.rivano.gateway.middleware.policy;

import java.util.function.Consumer;

/**
 * Holds the policy set in force as one immutable snapshot. A request reads {@link #current()} once when it
 * starts and keeps that snapshot to its end, so a swap (a config reload, cloud sync, a cluster peer) never
 * changes the rules half-way through a request and never needs a restart.
 *
 * <p>Standalone nodes use {@link LocalPolicyStore}; a clustered node uses a Hazelcast-backed store so that every
 * member enforces the same set and a joining member gets it at once.
 */
public interface PolicyStore {

  /** The snapshot in force. Cheap (a volatile read); called once per request. */
  PolicySet current();

  /** Installs {@code next} atomically. Requests in flight keep the snapshot they started with. */
  void replace(PolicySet next);

  /** Called after every replace (on whichever thread replaced it), e.g. to log it or update metrics. */
  void onChange(Consumer<PolicySet> listener);
}
