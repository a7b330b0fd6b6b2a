package ai.rivano.gateway.node;

import ai.rivano.gateway.audit.AuditLog;
import ai.rivano.gateway.audit.Pricing;
import ai.rivano.gateway.cloud.CloudSyncState;
import ai.rivano.gateway.cluster.SharedSnapshot;
import ai.rivano.gateway.cluster.SharedState;
import ai.rivano.gateway.config.GatewayConfig;
import ai.rivano.gateway.ingress.BufferBudget;
import ai.rivano.gateway.ingress.ConnectionGuard;
import ai.rivano.gateway.middleware.cache.CacheStage;
import ai.rivano.gateway.middleware.cache.LocalResponseCache;
import ai.rivano.gateway.middleware.Middleware;
import ai.rivano.gateway.middleware.RateLimiter;
import ai.rivano.gateway.middleware.policy.PolicySet;
import ai.rivano.gateway.middleware.policy.PolicyStore;
import ai.rivano.gateway.pipeline.ClientExit;
import ai.rivano.gateway.pipeline.GuardrailChain;
import ai.rivano.gateway.pipeline.LiveStreams;
import ai.rivano.gateway.observability.DropWatch;
import ai.rivano.gateway.observability.GatewayMetrics;
import ai.rivano.gateway.observability.tracing.Tracing;
import ai.rivano.gateway.routing.failover.ProviderCircuits;
import ai.rivano.gateway.stats.RequestCounters;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

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
  private final PolicySet localPolicies;
  private final PolicyStore policies;
  private final GuardrailChain guardrails;
  private final ClientExit.Finisher finisher;
  private final LiveStreams liveStreams = new LiveStreams();
  private final AuditLog audit;
  private final CacheStage cache;
  private final String nodeName;
  private final CloudSyncState cloudSync;
  private final BufferBudget bufferBudget;
  private final ConnectionGuard connections;

  private final GatewayMetrics metrics;
  private final Tracing tracing;
  private volatile BooleanSupplier auditHealthy;

  public NodeState(GatewayConfig config, ProviderCircuits circuits, AuditLog audit) {
    this(config, circuits, audit, GatewayMetrics.disabled());
  }

  public NodeState(GatewayConfig config, ProviderCircuits circuits, AuditLog audit, GatewayMetrics metrics) {
    this(config, circuits, audit, metrics, SharedState.standalone());
  }

  /**
   * With what this node shares with its cluster peers: standalone, the local rate limiter, policy store and cache;
   * clustered, the Hazelcast-backed ones (the policy store joins the cluster's set in {@link SharedState#join()}).
   */
  public NodeState(GatewayConfig config, ProviderCircuits circuits, AuditLog audit, GatewayMetrics metrics,
                   SharedState shared) {
    this(config, circuits, audit, metrics, shared, Tracing.create(config.tracing(), nodeName(config)));
  }

  /** @param tracing the node's OTLP span export, or null when {@code gateway.tracing} is off */
  public NodeState(GatewayConfig config, ProviderCircuits circuits, AuditLog audit, GatewayMetrics metrics,
                   SharedState shared, Tracing tracing) {
    this.config = config;
    this.tracing = tracing;
    this.metrics = metrics;
    this.shared = shared;
    this.rateLimiter = shared.rateLimiter(config.middleware().rateLimit());
    this.circuits = circuits;
    this.audit = audit;
    this.nodeName = nodeName(config);
    this.localPolicies = PolicySet.compile(config.policies(), config.policyPacks(), "config");
    this.policies = shared.policyStore(localPolicies,
        new SharedSnapshot.Codec<>(PolicySet::toJson, PolicySet::fromJson, PolicySet::source));
    policies.onChange(set -> ai.rivano.gateway.observability.Events.configReloaded(set.source(),
        set.policies().size() + " policies"));
    this.guardrails = Middleware.chain(config, rateLimiter, metrics);
    this.cache = config.middleware().cache() ? new CacheStage(shared.responseCache(
        () -> new LocalResponseCache(config.middleware()), config.middleware().cacheTtlSeconds()), metrics) : null;
    this.finisher = new RequestFinisher(counters, audit, Pricing.builtIn(), config.providers(), nodeName, metrics);
    this.cloudSync = CloudSyncState.of(config);
    audit.subscribe(cloudSync.traces()); // every request's metadata, for the control plane (no-op without cloud:)
    this.bufferBudget = BufferBudget.of(config.limits());
    this.connections = new ConnectionGuard(config);
    this.auditHealthy = new DropWatch(audit::dropped, AUDIT_DROP_WINDOW_MS)::healthy;
  }

  /** How long after a dropped audit record {@code /health} stays degraded. */
  static final long AUDIT_DROP_WINDOW_MS = 60_000;

  /** What {@code GET /metrics} shows; the request path reports here (no-ops when metrics are disabled). */
  public GatewayMetrics metrics() {
    return metrics;
  }

  /** The node's OTLP span export, or null when {@code gateway.tracing} is off. */
  public Tracing tracing() {
    return tracing;
  }

  /** Replaces how {@code /health} learns whether the audit sink keeps up (default: no record dropped for a minute). */
  public void auditHealth(BooleanSupplier healthy) {
    this.auditHealthy = healthy;
  }

  public boolean auditHealthy() {
    return auditHealthy.getAsBoolean();
  }

  /** {@code host:port}, naming this node in audit records, cluster status and exported spans. */
  static String nodeName(GatewayConfig config) {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "localhost";
    }
    return host + ":" + config.port();
  }

  public String nodeName() {
    return nodeName;
  }

  /** The audit log (step 8): one record per request. */
  public AuditLog audit() {
    return audit;
  }

  /** The response cache's stage in the pipeline, or null when {@code middleware.cache} is off. */
  public CacheStage cache() {
    return cache;
  }

  /** The config's own policies and packs, compiled: what the control plane's policies are merged over. */
  public PolicySet localPolicies() {
    return localPolicies;
  }

  /** The policy set in force, swapped atomically (config reload, cloud sync, the cluster). */
  public PolicyStore policies() {
    return policies;
  }

  /** The guardrail steps every proxied request runs through, in order. */
  public GuardrailChain guardrails() {
    return guardrails;
  }

  /** The streams being relayed now (a drain that runs out of time ends them with an error event). */
  public LiveStreams liveStreams() {
    return liveStreams;
  }

  /** What runs once per proxied request when it is over (counters, audit, metrics). */
  public ClientExit.Finisher finisher() {
    return finisher;
  }

  /** The shared-state factory: local implementations standalone, Hazelcast-backed ones in a cluster. */
  public SharedState shared() {
    return shared;
  }

  /** Bytes held for requests (bodies kept for replay, answers read whole), shared by every ingress event loop. */
  public BufferBudget bufferBudget() {
    return bufferBudget;
  }

  /** Open client connections, their deadlines and the end of each request, shared by every ingress event loop. */
  public ConnectionGuard connections() {
    return connections;
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

  /** Cloud sync as {@code /health} and {@code status} show it (maintained by the cloud-sync verticle). */
  public CloudSyncState cloudSync() {
    return cloudSync;
  }
}
