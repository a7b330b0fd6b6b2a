package ai.rivano.gateway.cluster;

import ai.rivano.gateway.bus.Addresses;
import ai.rivano.gateway.bus.Messages.ClusterReport;
import ai.rivano.gateway.bus.Messages.NodeReport;
import ai.rivano.gateway.bus.Messages.StatsSnapshot;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Status from any node: asks every member for its own report on {@link Addresses#nodeStatus} (in parallel, each
 * bounded by {@link #NODE_TIMEOUT_MS}), lists a member that does not answer as such, and adds up the cluster's
 * request totals. Runs only when someone asks for {@code status}; never on the request path.
 */
public final class ClusterStatus {

  public static final long NODE_TIMEOUT_MS = 2_000;

  private final Vertx vertx;
  private final ClusterMember member;

  public ClusterStatus(Vertx vertx, ClusterMember member) {
    this.vertx = vertx;
    this.member = member;
  }

  /** The cluster's report, {@code own} (this node's, already built) first. Never fails for a silent member. */
  public Future<ClusterReport> collect(NodeReport own) {
    List<Future<NodeReport>> asked = new ArrayList<>();
    for (ClusterMember.Node node : member.members()) {
      if (node.id().equals(member.nodeId())) {
        continue;
      }
      String address = node.host() + " (cluster port " + node.clusterPort() + ")";
      asked.add(vertx.eventBus().<JsonObject>request(Addresses.nodeStatus(node.id()), new JsonObject(),
              new DeliveryOptions().setSendTimeout(NODE_TIMEOUT_MS))
          .map(reply -> NodeReport.fromJson(reply.body()))
          .otherwise(failure -> NodeReport.notAnswering(node.id(), address)));
    }
    Future<Map<String, StatsSnapshot>> flushed = vertx.executeBlocking(
        () -> ClusterCounters.readAll(member.hazelcast().getMap(HazelcastSetup.SharedMaps.STATS)), false);
    return Future.join(Future.all(asked), flushed).map(done -> {
      List<NodeReport> nodes = new ArrayList<>();
      nodes.add(own);
      asked.forEach(f -> nodes.add(f.result()));
      Map<String, StatsSnapshot> totals = new HashMap<>(flushed.succeeded() ? flushed.result() : Map.of());
      // A node that answered counts with its live figures; every other one (silent, departed) with its last flush.
      nodes.stream().filter(NodeReport::answered).forEach(n -> totals.put(n.nodeId(), n.stats()));
      long requests = totals.values().stream().mapToLong(StatsSnapshot::requests).sum();
      long successes = totals.values().stream().mapToLong(StatsSnapshot::successes).sum();
      return new ClusterReport(member.nodeId(), nodes, new StatsSnapshot(requests, successes));
    });
  }
}
