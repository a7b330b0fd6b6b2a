package ai.rivano.gateway.bus;

import io.vertx.core.eventbus.DeliveryOptions;

/**
 * Every event-bus address the gateway uses, in one place. Each entry says who consumes it and the message
 * shapes (defined in {@link Messages}). All consumers are node-local ({@code localConsumer}) unless the entry
 * says otherwise, so a request never crosses to another node by accident.
 *
 * <p>What does <em>not</em> travel on the bus: request bodies and stream chunks. The byte path stays inside the
 * ingress verticle's event loop; the bus carries control and state (status, stats, provider health).
 */
public final class Addresses {

  private Addresses() {
  }

  /** Status verticle. Request: empty. Reply: {@link Messages.StatusReport} as JSON. */
  public static final String STATUS_GET = "rivano.status.get";

  /** Stats verticle. Request: empty. Reply: {@link Messages.StatsSnapshot} as JSON. */
  public static final String STATS_SNAPSHOT = "rivano.stats.snapshot";

  /** Routing verticle. Request: empty. Reply: {@link Messages.ProviderStates} as JSON. */
  public static final String ROUTING_PROVIDERS = "rivano.routing.providers";

  /** Published by the node when it starts draining (SIGTERM). Body: empty. Ingress and health react. */
  public static final String NODE_DRAINING = "rivano.node.draining";

  /**
   * Clustered only, and the one address that is meant to cross nodes: each node's status verticle answers on
   * {@code rivano.cluster.status.<node id>} (a clustered consumer) with its own {@link Messages.NodeReport}, so the
   * node asked for {@code status} can ask every member. Request: empty.
   */
  public static String nodeStatus(String nodeId) {
    return "rivano.cluster.status." + nodeId;
  }

  /**
   * Delivery options for a request meant for this node's own verticles. Every node-local request sets it: once any
   * node registers a clustered consumer on the same address, a request without it may be answered by another
   * node (its figures shown as this node's).
   */
  public static DeliveryOptions local() {
    return new DeliveryOptions().setLocalOnly(true);
  }
}
