package ai.rivano.gateway.routing.failover;

import ai.rivano.gateway.config.FailoverSettings;
import ai.rivano.gateway.config.GatewayConfig;
import ai.rivano.gateway.config.ProviderConfig;
import ai.rivano.gateway.observability.Events;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * One Vert.x circuit breaker per provider, shared by every entrypoint instance of the node, plus each
 * provider's attempt counters for {@code status}. A breaker opens after {@code failures} failed attempts within
 * {@code windowMs}; after {@code halfOpenAfterMs} it lets one probe through (half-open), and a probe that succeeds
 * closes it. The three numbers are the provider's {@link FailoverSettings} ({@code gateway.failover} and the
 * provider's own {@code failover:} keys; defaults 5, 60 s, 10 s, so a recovered primary gets traffic back within
 * ~10 s where the spec allows 30).
 *
 * <p>The breakers' own timeouts and retries are off: the attempt's three clocks and the retry policy are ours.
 * Every change of state is logged ({@link Events}) and reported to the listener (metrics) as it happens. An attempt
 * run through {@link #execute} names its request: the line of a circuit that opens carries the trace id of the
 * failed attempt that tripped it, the line of one that closes the trace id of the probe.
 */
public final class ProviderCircuits {

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
  /** Per provider, the trace id of its latest finished attempt (the one a state change is due to). */
  private final Map<String, AtomicReference<String>> lastTrace = new LinkedHashMap<>();
  private volatile BiConsumer<String, String> stateListener = (provider, state) -> { };

  public ProviderCircuits(Vertx vertx, GatewayConfig config) {
    for (ProviderConfig p : config.providers().values()) {
      FailoverSettings settings = p.failover();
      CircuitBreakerOptions options = new CircuitBreakerOptions()
          .setMaxFailures(settings.breakerFailures())
          .setFailuresRollingWindow(settings.breakerWindowMs())
          .setResetTimeout(settings.breakerHalfOpenAfterMs())
          .setTimeout(-1)
          .setMaxRetries(0)
          .setFallbackOnFailure(false)
          .setNotificationAddress(null);
      String name = p.name();
      AtomicReference<String> trace = new AtomicReference<>();
      CircuitBreaker breaker = CircuitBreaker.create("rivano-provider-" + name, vertx, options);
      breaker.openHandler(v -> {
        Events.circuitOpened(trace.get(), name, settings.breakerFailures(), settings.breakerWindowMs(),
            settings.breakerHalfOpenAfterMs());
        stateListener.accept(name, "open");
      });
      breaker.halfOpenHandler(v -> {
        Events.circuitHalfOpen(name);
        stateListener.accept(name, "half-open");
      });
      breaker.closeHandler(v -> {
        Events.circuitClosed(trace.get(), name);
        stateListener.accept(name, "closed");
      });
      breakers.put(name, breaker);
      counters.put(name, new Counters());
      lastTrace.put(name, trace);
    }
  }

  /** Told {@code (provider, "open" | "half-open" | "closed")} at every change of state (one listener: metrics). */
  public void onStateChange(BiConsumer<String, String> listener) {
    this.stateListener = listener;
  }

  public CircuitBreaker breaker(String provider) {
    return breakers.get(provider);
  }

  /**
   * Runs one attempt of request {@code traceId} through the provider's breaker, exactly as
   * {@code breaker(provider).execute(attempt)} (the breaker learns the outcome from the verdict promise; the future
   * fails at once when the circuit refuses), and remembers the trace id as the verdict lands, so that an open or
   * close the verdict causes is logged with it.
   */
  public Future<Void> execute(String provider, String traceId, Handler<Promise<Void>> attempt) {
    AtomicReference<String> trace = lastTrace.get(provider);
    return breakers.get(provider).execute(verdict -> {
      // registered before the breaker's own listener (it listens once this handler returns): runs first
      verdict.future().onComplete(done -> trace.set(traceId));
      attempt.handle(verdict);
    });
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
