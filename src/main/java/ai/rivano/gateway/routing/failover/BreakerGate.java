package ai.rivano.gateway.routing.failover;

import io.vertx.core.Promise;

import java.util.function.Consumer;

/**
 * Admission through a provider's circuit breaker, and the rule for what the breaker learns. The breaker counts an
 * attempt as failed only when its verdict fails, and the flow fails it only for the provider's own faults: 5xx,
 * a connection refused or reset, a timeout, a broken stream. A 429 (one key's or one model's quota) and any other
 * 4xx (the client's request) complete the verdict: no client can open the circuit for everyone.
 */
public final class BreakerGate {

  private final ProviderCircuits circuits;

  public BreakerGate(ProviderCircuits circuits) {
    this.circuits = circuits;
  }

  /**
   * Runs {@code work} inside {@code provider}'s breaker, which learns the outcome from the verdict promise;
   * {@code refused} runs instead when the circuit is open (nothing is sent). An exception thrown by {@code work}
   * completes the verdict (it is our bug, not the provider's fault) and goes to {@code bug}: the breaker would
   * otherwise swallow it and the client would wait forever.
   */
  public void run(String provider, Consumer<Promise<Void>> work, Runnable refused, Consumer<RuntimeException> bug) {
    run(provider, null, work, refused, bug);
  }

  /**
   * As above for request {@code traceId}: if this attempt's verdict opens the circuit (or, as a probe, closes it),
   * the log line of that change names the request ({@link ProviderCircuits#execute}).
   */
  public void run(String provider, String traceId, Consumer<Promise<Void>> work, Runnable refused,
                  Consumer<RuntimeException> bug) {
    boolean[] admitted = {false};
    circuits.execute(provider, traceId, verdict -> {
      admitted[0] = true;
      try {
        work.accept(verdict);
      } catch (RuntimeException e) {
        verdict.tryComplete();
        bug.accept(e);
      }
    }).onFailure(err -> {
      if (!admitted[0]) {
        refused.run();
      }
    });
  }

  /** True for upstream statuses that are the provider's fault (they count toward opening its circuit). */
  public static boolean providerFault(int status) {
    return status >= 500;
  }
}
