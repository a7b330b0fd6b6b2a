package ai.rivano.gateway.routing;

import ai.rivano.gateway.bus.Addresses;
import ai.rivano.gateway.bus.Messages.ProviderState;
import ai.rivano.gateway.bus.Messages.ProviderStates;
import ai.rivano.gateway.config.GatewayConfig;
import ai.rivano.gateway.config.ProviderConfig;
import ai.rivano.gateway.routing.failover.ProviderCircuits;
import ai.rivano.gateway.routing.providers.ProviderKind;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Owns the provider table of this node (its circuit breakers and attempt counters) and answers
 * {@link Addresses#ROUTING_PROVIDERS} with each provider's role, circuit state and attempt figures. The byte path itself (resolution, connector, relay) runs inline in the ingress verticle.
 */
public final class RoutingVerticle extends VerticleBase {

  private final GatewayConfig config;
  private final ProviderCircuits circuits;

  public RoutingVerticle(GatewayConfig config, ProviderCircuits circuits) {
    this.config = config;
    this.circuits = circuits;
  }

  @Override
  public Future<?> start() {
    return vertx.eventBus().<JsonObject>localConsumer(Addresses.ROUTING_PROVIDERS,
        msg -> msg.reply(states().toJson())).completion();
  }

  private ProviderStates states() {
    ProviderConfig primary = config.defaultProvider();
    ProviderConfig fallback = config.fallbackProvider().orElse(null);
    List<ProviderState> list = new ArrayList<>();
    for (ProviderConfig p : config.providers().values()) {
      String role = p == primary ? (p.isPrimary() ? "primary" : "default") : p == fallback ? "fallback" : "standby";
      ProviderCircuits.Counters counters = circuits.counters(p.name());
      list.add(new ProviderState(p.name(), role, p.kind() == ProviderKind.ECHO ? "closed" : circuits.state(p.name()),
          counters.attempts(), counters.failures()));
    }
    return new ProviderStates(list);
  }
}
