package ai.rivano.gateway.status;

import ai.rivano.gateway.bus.Addresses;
import ai.rivano.gateway.bus.Messages.NodeReport;
import ai.rivano.gateway.bus.Messages.ProviderStates;
import ai.rivano.gateway.bus.Messages.StatsSnapshot;
import ai.rivano.gateway.bus.Messages.StatusReport;
import ai.rivano.gateway.cluster.ClusterMember;
import ai.rivano.gateway.cluster.ClusterStatus;
import ai.rivano.gateway.config.ProviderConfig;
import ai.rivano.gateway.node.NodeState;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.util.Optional;

/**
 * Answers {@link Addresses#STATUS_GET}: asks the stats and routing verticles of this node over the bus (local-only
 * requests) and assembles the {@link StatusReport} that {@code rivano-gateway status} prints. In a cluster it also
 * answers its peers on its own cluster address with this node's {@link NodeReport}, and the report it gives the
 * CLI carries the whole cluster: {@code Requests} as the cluster total, and every member under {@code cluster}.
 */
public final class StatusVerticle extends VerticleBase {

  private final NodeState node;
  private final int port;
  private final Optional<ClusterMember> member;
  private ClusterStatus cluster;

  public StatusVerticle(NodeState node, int port) {
    this.node = node;
    this.port = port;
    this.member = node.shared().member();
  }

  @Override
  public Future<?> start() {
    Future<Void> local = vertx.eventBus().<JsonObject>localConsumer(Addresses.STATUS_GET, this::report).completion();
    if (member.isEmpty()) {
      return local;
    }
    cluster = new ClusterStatus(vertx, member.get());
    Future<Void> peers = vertx.eventBus().<JsonObject>consumer(Addresses.nodeStatus(member.get().nodeId()),
        msg -> nodeReport().onSuccess(r -> msg.reply(r.toJson())).onFailure(err -> msg.fail(500, err.getMessage())))
        .completion();
    return Future.all(local, peers);
  }

  private void report(Message<JsonObject> request) {
    Future<StatsSnapshot> stats = stats();
    Future<ProviderStates> providers = providers();
    Future.all(stats, providers).onComplete(done -> {
      if (done.failed()) {
        request.fail(500, "status unavailable: " + done.cause().getMessage());
        return;
      }
      ProviderConfig provider = node.config().defaultProvider();
      var cloud = node.cloudSync();
      StatusReport report = new StatusReport(node.pid(), port, node.uptimeSeconds(), stats.result(),
          provider.name(), provider.isPrimary() ? "primary" : "default", cloud.word(),
          cloud.view().lastSuccessMillis(), providers.result(), cloud.enabled() ? cloud.toJson() : new JsonObject());
      // The audit trail's counts (written, dropped, queued) belong to this node whatever the cluster says.
      JsonObject json = report.toJson().put("audit", node.audit().stats());
      if (cluster == null) {
        request.reply(json);
        return;
      }
      cluster.collect(nodeReport(stats.result(), providers.result())).onComplete(collected -> {
        if (collected.failed()) {
          request.reply(json); // this node's own figures beat no answer
          return;
        }
        // Requests: the cluster's total; each node's own figures are in its line.
        request.reply(json.put("stats", collected.result().totals().toJson())
            .put("cluster", collected.result().toJson()));
      });
    });
  }

  private Future<NodeReport> nodeReport() {
    Future<StatsSnapshot> stats = stats();
    Future<ProviderStates> providers = providers();
    return Future.all(stats, providers).map(done -> nodeReport(stats.result(), providers.result()));
  }

  private NodeReport nodeReport(StatsSnapshot stats, ProviderStates providers) {
    return new NodeReport(member.get().nodeId(), member.get().host() + ":" + port, true, node.pid(),
        node.uptimeSeconds(), stats, providers, node.draining());
  }

  private Future<StatsSnapshot> stats() {
    return vertx.eventBus().<JsonObject>request(Addresses.STATS_SNAPSHOT, new JsonObject(), Addresses.local())
        .map(m -> StatsSnapshot.fromJson(m.body()));
  }

  private Future<ProviderStates> providers() {
    return vertx.eventBus().<JsonObject>request(Addresses.ROUTING_PROVIDERS, new JsonObject(), Addresses.local())
        .map(m -> ProviderStates.fromJson(m.body()));
  }
}
