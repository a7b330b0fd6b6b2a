package ai.rivano.gateway.status;

import ai.rivano.gateway.bus.Addresses;
import ai.rivano.gateway.bus.Messages.ProviderStates;
import ai.rivano.gateway.bus.Messages.StatsSnapshot;
import ai.rivano.gateway.bus.Messages.StatusReport;
import ai.rivano.gateway.config.ProviderConfig;
import ai.rivano.gateway.node.NodeState;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * Answers {@link Addresses#STATUS_GET}: asks the stats and routing verticles over the bus and assembles the
 * {@link StatusReport} that {@code rivano-gateway status} prints.
 */
public final class StatusVerticle extends VerticleBase {

  private final NodeState node;
  private final int port;

  public StatusVerticle(NodeState node, int port) {
    this.node = node;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    return vertx.eventBus().<JsonObject>localConsumer(Addresses.STATUS_GET, this::report).completion();
  }

  private void report(Message<JsonObject> request) {
    Future<StatsSnapshot> stats = vertx.eventBus().<JsonObject>request(Addresses.STATS_SNAPSHOT, new JsonObject())
        .map(m -> StatsSnapshot.fromJson(m.body()));
    Future<ProviderStates> providers = vertx.eventBus().<JsonObject>request(Addresses.ROUTING_PROVIDERS, new JsonObject())
        .map(m -> ProviderStates.fromJson(m.body()));
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
      request.reply(report.toJson());
    });
  }
}
