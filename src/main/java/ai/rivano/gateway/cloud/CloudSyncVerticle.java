package ai.rivano.gateway.cloud;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Cloud sync (SPEC §8): every {@code syncInterval} the leading node polls the control plane for policies and
 * installs what changed; every node ships its own trace metadata. Deployed only with a {@code gateway.cloud:}
 * section. All of it runs on this verticle's event loop, with every call bounded by a timeout, so a slow control
 * plane never holds the request path: requests read the policy store, never this verticle.
 *
 * @param <S> the compiled policy set ({@code PolicySet} in the gateway)
 */
public final class CloudSyncVerticle<S> extends VerticleBase {

  private static final System.Logger LOG = System.getLogger("ai.rivano.gateway.cloud");

  private final CloudSyncSettings settings;
  private final CloudSyncState state;
  private final RemotePolicyMerger<S> merger;
  private final Consumer<S> install;
  private final SyncLeadership leadership;
  private ControlPlaneClient client;
  private PolicySync<S> policies;
  private TraceShipper traces;
  private long timer = -1;
  private boolean ticking;
  private boolean tickAgain;
  private boolean stopped;
  private Runnable unwatch = () -> { };

  /**
   * @param install puts a merged set in force atomically ({@code policyStore::replace})
   */
  public CloudSyncVerticle(CloudSyncSettings settings, CloudSyncState state, RemotePolicyMerger<S> merger,
                           Consumer<S> install, SyncLeadership leadership) {
    this.settings = settings;
    this.state = state;
    this.merger = merger;
    this.install = install;
    this.leadership = leadership;
  }

  /** Completes once the persisted (or cluster's) set is enforced; the first poll follows at once. */
  @Override
  public Future<?> start() {
    client = new ControlPlaneClient(vertx, settings);
    policies = new PolicySync<>(vertx, settings, client, merger, install, state, new SharedSyncState(vertx));
    traces = new TraceShipper(vertx, settings, client, state);
    return policies.start().onSuccess(v -> {
      traces.start();
      schedule(0);
      unwatch = leadership.watch(() -> context.runOnContext(x -> tickNow()));
    });
  }

  /** Leadership may have moved: tick now rather than at the next interval (after the tick running, if any). */
  private void tickNow() {
    if (stopped) {
      return;
    }
    if (ticking) {
      tickAgain = true;
      return;
    }
    vertx.cancelTimer(timer);
    tick();
  }

  private void tick() {
    ticking = true;
    boolean leading = leadership.isLeader();
    state.leader(leading);
    Future<Long> step;
    try {
      step = leading ? policies.lead() : policies.follow().map(-1L);
    } catch (RuntimeException e) { // a bug must not end syncing for the life of the node
      LOG.log(System.Logger.Level.ERROR, "cloud sync: tick failed", e);
      step = Future.failedFuture(e);
    }
    step.otherwise(-1L).onSuccess(retryAfter -> {
      ticking = false;
      schedule(tickAgain ? 0 : Math.max(retryAfter, jittered()));
      tickAgain = false;
    });
  }

  /** The interval minus up to 10 %: never later than one interval, and many gateways drift apart. */
  private long jittered() {
    long interval = settings.syncInterval().toMillis();
    return interval - ThreadLocalRandom.current().nextLong(interval / 10 + 1);
  }

  private void schedule(long delayMs) {
    if (!stopped) {
      timer = vertx.setTimer(Math.max(1, delayMs), t -> tick());
    }
  }

  /**
   * Sends the pending traces until {@code deadlineMillis} (epoch ms). Callable from any thread; runs on this
   * verticle's event loop.
   */
  Future<Void> flush(long deadlineMillis) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> traces.flush(deadlineMillis).onComplete(done));
    return done.future();
  }

  /**
   * Stops polling and sends what the drain's flush left (bounded: {@code vertx.close()} waits for this).
   */
  @Override
  public Future<?> stop() {
    stopped = true;
    unwatch.run();
    vertx.cancelTimer(timer);
    long bound = Math.min(settings.flushTimeout().toMillis(), STOP_FLUSH_MS);
    return traces.flush(state.now() + bound).eventually(() -> {
      client.close();
      return Future.succeededFuture();
    });
  }

  /** What {@link #stop()} may still spend on traces; the drain's own flush had the full shutdown timeout. */
  static final long STOP_FLUSH_MS = 5_000;
}
