package ai.rivano.gateway.node;

import ai.rivano.gateway.cluster.SharedState;
import ai.rivano.gateway.config.GatewayConfig;
import ai.rivano.gateway.middleware.RateLimiter;
import ai.rivano.gateway.routing.failover.ProviderCircuits;
import ai.rivano.gateway.stats.RequestCounters;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The in-process state one node's verticles share: what the hot path reads without a bus round trip. Each piece
 * has one owning verticle that maintains it (the middleware verticle the rate limiter, the stats verticle the
 * counters); ingress only reads or bumps.
 */
public final class NodeState {

  private final GatewayConfig config;
  private final long startedAtMillis = System.currentTimeMillis();
  private final long pid = ProcessHandle.current().pid();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final RequestCounters counters = new RequestCounters();
  private final RateLimiter rateLimiter;
  private final ProviderCircuits circuits;
  private final SharedState shared;

  public NodeState(GatewayConfig config, ProviderCircuits circuits) {
    this(config, circuits, SharedState.standalone());
  }

  /** With what this node shares with its cluster peers (standalone: nothing). */
  public NodeState(GatewayConfig config, ProviderCircuits circuits, SharedState shared) {
    this.config = config;
    this.shared = shared;
    this.rateLimiter = shared.rateLimiter(config.middleware().rateLimit());
    this.circuits = circuits;
  }

  /** The shared-state factory: local implementations standalone, Hazelcast-backed ones in a cluster. */
  public SharedState shared() {
    return shared;
  }

  /** Per-provider circuit breakers and attempt counters, maintained by routing. */
  public ProviderCircuits circuits() {
    return circuits;
  }

  /** False while draining or while every provider's circuit is open: {@code /health} then answers 503. */
  public boolean canRoute() {
    return !draining() && circuits.anyAvailable();
  }

  public GatewayConfig config() {
    return config;
  }

  public long pid() {
    return pid;
  }

  public long uptimeSeconds() {
    return (System.currentTimeMillis() - startedAtMillis) / 1000;
  }

  public boolean draining() {
    return draining.get();
  }

  /** @return true the first time only */
  public boolean startDraining() {
    return draining.compareAndSet(false, true);
  }

  public RequestCounters counters() {
    return counters;
  }

  public RateLimiter rateLimiter() {
    return rateLimiter;
  }

  /** Cloud sync state as {@code status} shows it; the control-plane client arrives with its own issue. */
  public String cloudSync() {
    return config.cloudConfig().isPresent() ? "degraded" : "disabled";
  }
}
