package ai.rivano.gateway.observability;

import ai.rivano.gateway.config.GatewayConfig;
import ai.rivano.gateway.config.ModelRoute;
import ai.rivano.gateway.config.ProviderConfig;
import ai.rivano.gateway.routing.failover.ProviderCircuits;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * What {@code GET /metrics} shows: the gateway's own series (below), the JVM's, and a few of Vert.x's, in the
 * Prometheus text format. The request path reports through the methods of this class, each a counter increment or
 * a histogram sample (no allocation beyond the label lookup, no lock, no I/O).
 *
 * <p>Series (base units, Prometheus names):
 * <ul>
 *   <li>{@code rivano_requests_total{provider,model,status,decision}} — proxied requests, once each, at the end</li>
 *   <li>{@code rivano_added_latency_seconds{provider}} — the gateway's own time (total minus upstream)</li>
 *   <li>{@code rivano_upstream_latency_seconds{provider}} — an attempt, sent to response head</li>
 *   <li>{@code rivano_time_to_first_token_seconds{provider}} — a stream, request arrival to first event relayed</li>
 *   <li>{@code rivano_upstream_attempts_total{provider,outcome}} — every attempt ({@code ok}, {@code http_503}, …)</li>
 *   <li>{@code rivano_circuit_state{provider,state}} — 1 for the state the provider's circuit is in, else 0</li>
 *   <li>{@code rivano_circuit_transitions_total{provider,state}} — circuits entering a state</li>
 *   <li>{@code rivano_tokens_total{provider,model,direction}}, {@code rivano_cost_usd_total{provider,model}}</li>
 *   <li>{@code rivano_rate_limited_total}, {@code rivano_guardrail_decisions_total{policy,action}},
 *       {@code rivano_cache_lookups_total{result}}</li>
 *   <li>{@code rivano_audit_dropped_total}, {@code rivano_audit_queue_size}, {@code rivano_ingest_dropped_total},
 *       {@code rivano_ingest_queue_size}, {@code rivano_cluster_members}, {@code rivano_tracing_spans_dropped_total},
 *       {@code rivano_tracing_queue_size} — read from suppliers at scrape time</li>
 * </ul>
 *
 * <p>Label values that come from traffic (models, outcomes, policies) are bounded by {@link BoundedLabel}: the
 * config's own names plus {@value #DYNAMIC_VALUES_CAP} more per label, then {@code other}.
 *
 * <p>Disabled ({@code gateway.metrics.enabled: false}): every method returns at once and there is no registry.
 */
public final class GatewayMetrics {

  static final int DYNAMIC_VALUES_CAP = 100;
  /** The classic Prometheus text format, the default. */
  public static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";
  /** OpenMetrics, for a scraper that asks for it ({@code Accept: application/openmetrics-text}, as Prometheus does). */
  public static final String OPENMETRICS_FORMAT = "application/openmetrics-text; version=1.0.0; charset=utf-8";

  /** One scrape: its content type and body. */
  public record Exposition(String contentType, String body) {
  }

  /** Gateway overhead is sub-millisecond when healthy: fine buckets at the low end. */
  private static final Duration[] ADDED_LATENCY_BUCKETS = durations(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
      0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1);
  /** Provider answers and first tokens take from tens of ms to minutes. */
  private static final Duration[] UPSTREAM_BUCKETS = durations(0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30,
      60, 120);

  private final PrometheusMeterRegistry registry;
  private final boolean vertxHttp;
  private final BoundedLabel providers;
  private final BoundedLabel models;
  private final BoundedLabel outcomes;
  private final BoundedLabel decisions;
  private final BoundedLabel policies;
  private final LabelledMeters<Counter> requests;
  private final LabelledMeters<Timer> addedLatency;
  private final LabelledMeters<Timer> upstreamLatency;
  private final LabelledMeters<Timer> firstToken;
  private final LabelledMeters<Counter> attempts;
  private final LabelledMeters<Counter> transitions;
  private final LabelledMeters<Counter> tokens;
  private final LabelledMeters<Counter> cost;
  private final LabelledMeters<Counter> guardrail;
  private final Counter rateLimited;
  private final Counter cacheHits;
  private final Counter cacheMisses;

  private GatewayMetrics(GatewayConfig config) {
    registry = config == null ? null : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    vertxHttp = config != null && config.metrics().vertxHttp();
    if (registry == null) {
      providers = models = outcomes = decisions = policies = null;
      requests = attempts = transitions = tokens = cost = guardrail = null;
      addedLatency = upstreamLatency = firstToken = null;
      rateLimited = cacheHits = cacheMisses = null;
      return;
    }
    providers = new BoundedLabel(config.providers().keySet(), 0);
    models = new BoundedLabel(configuredModels(config), DYNAMIC_VALUES_CAP);
    outcomes = new BoundedLabel(List.of("ok", "rescued", "circuit_open", "timeout", "reset", "unreachable"),
        DYNAMIC_VALUES_CAP);
    decisions = new BoundedLabel(List.of("allowed", "blocked", "redacted", "warned", "rate_limited"), 10);
    policies = new BoundedLabel(policyNames(config), DYNAMIC_VALUES_CAP);
    requests = new LabelledMeters<>(counter("rivano.requests", "Proxied requests, by how they ended"),
        "provider", "model", "status", "decision");
    addedLatency = new LabelledMeters<>(Timer.builder("rivano.added.latency")
        .description("Time the gateway itself added to a request (total minus upstream)")
        .serviceLevelObjectives(ADDED_LATENCY_BUCKETS).withRegistry(registry), "provider");
    upstreamLatency = new LabelledMeters<>(Timer.builder("rivano.upstream.latency")
        .description("Upstream attempt: request sent to response head")
        .serviceLevelObjectives(UPSTREAM_BUCKETS).withRegistry(registry), "provider");
    firstToken = new LabelledMeters<>(Timer.builder("rivano.time.to.first.token")
        .description("Streams: client request arrival to the first event relayed to the client")
        .serviceLevelObjectives(UPSTREAM_BUCKETS).withRegistry(registry), "provider");
    attempts = new LabelledMeters<>(counter("rivano.upstream.attempts", "Upstream attempts, by outcome"),
        "provider", "outcome");
    transitions = new LabelledMeters<>(counter("rivano.circuit.transitions", "Circuit breakers entering a state"),
        "provider", "state");
    tokens = new LabelledMeters<>(counter("rivano.tokens", "Tokens reported by providers (usage)"),
        "provider", "model", "direction");
    cost = new LabelledMeters<>(counter("rivano.cost.usd", "Estimated cost from the built-in price table, in USD"),
        "provider", "model");
    guardrail = new LabelledMeters<>(counter("rivano.guardrail.decisions", "Policies that fired, by action"),
        "policy", "action");
    rateLimited = counter("rivano.rate.limited", "Requests refused by the rate limiter (429)").withTags();
    Meter.MeterProvider<Counter> cache = counter("rivano.cache.lookups", "Response cache lookups, by result");
    cacheHits = cache.withTags("result", "hit");
    cacheMisses = cache.withTags("result", "miss");
  }

  private Meter.MeterProvider<Counter> counter(String name, String help) {
    return Counter.builder(name).description(help).withRegistry(registry);
  }

  /** Metrics as {@code gateway.metrics} says: a registry when enabled, no-ops otherwise. */
  public static GatewayMetrics create(GatewayConfig config) {
    return new GatewayMetrics(config.metrics().enabled() ? config : null);
  }

  public static GatewayMetrics disabled() {
    return new GatewayMetrics(null);
  }

  public boolean enabled() {
    return registry != null;
  }

  // ---- the request path ----------------------------------------------------------------------------------------

  /**
   * A proxied request ended (once per request, at the exit).
   *
   * @param model    the model that answered (else the one requested); bounded
   * @param status   the HTTP status the client got
   * @param decision {@code allowed | blocked | redacted | warned | rate_limited}
   */
  public void requestCompleted(String provider, String model, int status, String decision) {
    if (registry != null) {
      requests.with(providers.of(provider), models.of(model),
          status >= 100 && status <= 599 ? Integer.toString(status) : BoundedLabel.OTHER,
          decisions.of(decision)).increment();
    }
  }

  /** The gateway's own share of a request's time (total minus the time spent waiting on upstreams). */
  public void addedLatency(String provider, long nanos) {
    if (registry != null && nanos >= 0) {
      addedLatency.with(providers.of(provider)).record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  /** One upstream attempt from sending it to its response head (or its failure). */
  public void upstreamLatency(String provider, long nanos) {
    if (registry != null && nanos >= 0) {
      upstreamLatency.with(providers.of(provider)).record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  /** A stream: from the client's request arriving to its first event leaving for the client. */
  public void timeToFirstToken(String provider, long nanos) {
    if (registry != null && nanos >= 0) {
      firstToken.with(providers.of(provider)).record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  /** One upstream attempt and its outcome ({@code ok}, {@code http_503}, {@code timeout}, {@code rescued}, …). */
  public void attempt(String provider, String outcome) {
    if (registry != null) {
      attempts.with(providers.of(provider), outcomes.of(outcome)).increment();
    }
  }

  /** Token usage of one answer (either may be 0 when the provider reported none). */
  public void tokens(String provider, String model, long input, long output) {
    if (registry != null) {
      String p = providers.of(provider);
      String m = models.of(model);
      if (input > 0) {
        tokens.with(p, m, "input").increment(input);
      }
      if (output > 0) {
        tokens.with(p, m, "output").increment(output);
      }
    }
  }

  /** The estimated cost of one answer in USD (skip when the price is unknown). */
  public void cost(String provider, String model, double usd) {
    if (registry != null && usd > 0 && Double.isFinite(usd)) {
      cost.with(providers.of(provider), models.of(model)).increment(usd);
    }
  }

  public void rateLimited() {
    if (registry != null) {
      rateLimited.increment();
    }
  }

  /** A policy fired: {@code action} is {@code block | redact | warn}. */
  public void guardrail(String policy, String action) {
    if (registry != null) {
      guardrail.with(policies.of(policy), decisions.of(action)).increment();
    }
  }

  public void cacheLookup(boolean hit) {
    if (registry != null) {
      (hit ? cacheHits : cacheMisses).increment();
    }
  }

  // ---- state read at scrape time ---------------------------------------------------------------------------------

  /** {@code rivano_circuit_state} per provider and counts of transitions, from the node's breakers. */
  public void bindCircuits(ProviderCircuits circuits, Iterable<String> providerNames) {
    if (registry == null) {
      return;
    }
    for (String provider : providerNames) {
      for (String state : List.of("closed", "open", "half-open")) {
        Gauge.builder("rivano.circuit.state", () -> state.equals(circuits.state(provider)) ? 1 : 0)
            .description("1 for the state the provider's circuit breaker is in")
            .tags("provider", provider, "state", state.replace('-', '_')).register(registry);
      }
    }
    circuits.onStateChange((provider, state) ->
        transitions.with(providers.of(provider), state.replace('-', '_')).increment());
  }

  /** The audit sink's queue: records dropped so far (monotonic) and records waiting. */
  public void bindAuditQueue(LongSupplier dropped, LongSupplier depth) {
    functionCounter("rivano.audit.dropped", "Audit records dropped (queue full or sink failing)", dropped);
    gauge("rivano.audit.queue.size", "Audit records waiting to be written", depth::getAsLong);
  }

  /** The control plane's trace-metadata buffer: batches/records dropped so far and records waiting. */
  public void bindIngestQueue(LongSupplier dropped, LongSupplier depth) {
    functionCounter("rivano.ingest.dropped", "Trace metadata records dropped before reaching the control plane",
        dropped);
    gauge("rivano.ingest.queue.size", "Trace metadata records waiting to be sent", depth::getAsLong);
  }

  /** OTLP span export ({@code gateway.tracing}): spans dropped so far (queue full, export failed) and spans waiting. */
  public void bindTracing(LongSupplier dropped, LongSupplier depth) {
    functionCounter("rivano.tracing.spans.dropped",
        "Spans not exported: the export queue was full, or the collector refused or never got them", dropped);
    gauge("rivano.tracing.queue.size", "Spans waiting to be exported", depth::getAsLong);
  }

  /** Members of the cluster as this node sees them (1 when standalone). */
  public void bindClusterSize(LongSupplier members) {
    gauge("rivano.cluster.members", "Cluster members this node sees", members::getAsLong);
  }

  /** {@code rivano_draining}: 1 while the node drains. */
  public void bindDraining(java.util.function.BooleanSupplier draining) {
    gauge("rivano.draining", "1 while this node is draining", () -> draining.getAsBoolean() ? 1 : 0);
  }

  private void functionCounter(String name, String help, LongSupplier value) {
    if (registry != null) {
      FunctionCounter.builder(name, value, v -> v.getAsLong()).description(help).register(registry);
    }
  }

  private void gauge(String name, String help, DoubleSupplier value) {
    if (registry != null) {
      Gauge.builder(name, value::getAsDouble).description(help).register(registry);
    }
  }

  // ---- exposition -----------------------------------------------------------------------------------------------

  /**
   * Every series in the format the scraper's {@code Accept} header asks for: OpenMetrics when it names
   * {@code application/openmetrics-text}, else the Prometheus text format 0.0.4. Call it off the event loop (it
   * walks every meter).
   */
  public Exposition scrape(String accept) {
    String type = accept != null && accept.contains("application/openmetrics-text") ? OPENMETRICS_FORMAT : TEXT_FORMAT;
    return new Exposition(type, registry == null ? "" : registry.scrape(type));
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /**
   * Vert.x's own metrics into the same registry, for the Vert.x instance the node runs on. Enabled: worker pools
   * and the JVM (memory, GC, threads, CPU); with {@code metrics.vertxHttp} also the HTTP server (connections,
   * requests by method and code) and client (upstream connections, requests by method and code), off by default
   * because they cost ~8 % CPU per request at saturation. Not enabled: the event bus (it carries control
   * messages only, and its per-address gauges collide without an address label), raw TCP, UDP and verticle
   * counts (nothing the gateway uses). No {@code remote} or {@code path} label: on the server side they are the
   * client's address and the request path, unbounded. See docs/operations.md.
   */
  public VertxBuilder instrument(VertxBuilder builder, VertxOptions options) {
    if (registry == null) {
      return builder.with(options);
    }
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
        .setEnabled(true)
        .setRegistryName("rivano-" + Integer.toHexString(System.identityHashCode(this)))
        .setJvmMetricsEnabled(true)
        .setLabels(EnumSet.of(Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE, Label.POOL_NAME));
    for (MetricsDomain domain : Set.of(MetricsDomain.NET_SERVER, MetricsDomain.NET_CLIENT,
        MetricsDomain.DATAGRAM_SOCKET, MetricsDomain.VERTICLES, MetricsDomain.EVENT_BUS)) {
      metrics.addDisabledMetricsCategory(domain);
    }
    if (!vertxHttp) {
      metrics.addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER);
      metrics.addDisabledMetricsCategory(MetricsDomain.HTTP_CLIENT);
    }
    return builder.with(new VertxOptions(options).setMetricsOptions(metrics))
        .withMetrics(new MicrometerMetricsFactory(registry));
  }

  private static List<String> configuredModels(GatewayConfig config) {
    List<String> names = new ArrayList<>();
    for (ProviderConfig p : config.providers().values()) {
      p.models().forEach((requested, route) -> {
        if (!"*".equals(requested)) {
          names.add(requested);
        }
        if (route.model() != null) {
          names.add(route.model());
        }
      });
    }
    return names;
  }

  private static List<String> policyNames(GatewayConfig config) {
    List<String> names = new ArrayList<>(List.of("injection-default"));
    config.policies().forEach(p -> {
      if (p instanceof io.vertx.core.json.JsonObject policy && policy.getString("name") != null) {
        names.add(policy.getString("name"));
      }
    });
    return names;
  }

  private static Duration[] durations(double... seconds) {
    Duration[] out = new Duration[seconds.length];
    for (int i = 0; i < seconds.length; i++) {
      out[i] = Duration.ofNanos((long) (seconds[i] * 1e9));
    }
    return out;
  }

}
