package ai.rivano.gateway.stats;

import ai.rivano.gateway.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

/** Answers {@link Addresses#STATS_SNAPSHOT} with this node's counters. */
public final class StatsVerticle extends VerticleBase {

  private final RequestCounters counters;

  public StatsVerticle(RequestCounters counters) {
    this.counters = counters;
  }

  @Override
  public Future<?> start() {
    return vertx.eventBus().<JsonObject>localConsumer(Addresses.STATS_SNAPSHOT,
        msg -> msg.reply(counters.snapshot().toJson())).completion();
  }
}
