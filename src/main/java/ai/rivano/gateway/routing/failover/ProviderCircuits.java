package ai.rivano.gateway.routing.failover;

import ai.rivano.gateway.config.GatewayConfig;
import ai.rivano.gateway.config.ProviderConfig;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Vertx;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * One Vert.x circuit breaker per provider, shared by every entrypoint instance of the node, plus each
 * provider's attempt counters for {@code status}. A breaker opens after {@link #MAX_FAILURES} failed attempts
 * within {@link #FAILURE_WINDOW_MS}; after {@link #RESET_TIMEOUT_MS} it lets one probe through (half-open), and
 * a probe that succeeds closes it, so a recovered primary gets traffic back within ~10 s (the spec allows 30).
 *
 * <p>The breakers' own timeouts and retries are off: the attempt's three clocks and the retry policy are ours.
 */
public final class ProviderCircuits {

  public static final int MAX_FAILURES = 5;
  public static final long FAILURE_WINDOW_MS = 60_000;
  public static final long RESET_TIMEOUT_MS = 10_000;

  /** Attempt counters of one provider. */
  public static final class Counters {
    final LongAdder attempts = new LongAdder();
    final LongAdder failures = new LongAdder();

    public long attempts() {
      return attempts.sum();
    }

    public long failures() {
      return failures.sum();
    }
  }

  private final Map<String, CircuitBreaker> breakers = new LinkedHashMap<>();
  private final Map<String, Counters> counters = new LinkedHashMap<>();

  /** Half-open delay {@link #RESET_TIMEOUT_MS}; {@code -Drivano.circuit.resetTimeoutMs=N} overrides it (tests). */
  public ProviderCircuits(Vertx vertx, GatewayConfig config) {
    this(vertx, config, Long.getLong("rivano.circuit.resetTimeoutMs", RESET_TIMEOUT_MS));
  }

  public ProviderCircuits(Vertx vertx, GatewayConfig config, long resetTimeoutMs) {
    CircuitBreakerOptions options = new CircuitBreakerOptions()
        .setMaxFailures(MAX_FAILURES)
        .setFailuresRollingWindow(FAILURE_WINDOW_MS)
        .setResetTimeout(resetTimeoutMs)
        .setTimeout(-1)
        .setMaxRetries(0)
        .setFallbackOnFailure(false)
        .setNotificationAddress(null);
    for (ProviderConfig p : config.providers().values()) {
      breakers.put(p.name(), CircuitBreaker.create("rivano-provider-" + p.name(), vertx, options));
      counters.put(p.name(), new Counters());
    }
  }

  public CircuitBreaker breaker(String provider) {
    return breakers.get(provider);
  }

  public Counters counters(String provider) {
    return counters.get(provider);
  }

  /** {@code closed}, {@code open} or {@code half-open}. */
  public String state(String provider) {
    return switch (breakers.get(provider).state()) {
      case OPEN -> "open";
      case HALF_OPEN -> "half-open";
      case CLOSED -> "closed";
    };
  }

  /** True while at least one provider can take traffic (closed, or half-open and due for a probe). */
  public boolean anyAvailable() {
    return breakers.values().stream().anyMatch(b -> b.state() != CircuitBreakerState.OPEN);
  }

  public void recordAttempt(String provider, boolean failed) {
    Counters c = counters.get(provider);
    c.attempts.increment();
    if (failed) {
      c.failures.increment();
    }
  }
}
