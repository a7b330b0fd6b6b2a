package ai.rivano.gateway.cluster;

import ai.rivano.gateway.middleware.Gcra;
import ai.rivano.gateway.middleware.RateLimiter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * The cluster-wide {@link RateLimiter}: a client is held to {@code limit} requests per minute across all nodes,
 * and no request waits on the network.
 *
 * <p>How: every node decides from its own view of each client: the cluster's theoretical arrival time (GCRA) as
 * last merged, plus the requests it admitted since ("unsynced"). Every {@link #SYNC_INTERVAL_MS} the node pushes
 * each client's unsynced count to the shared map, where an entry processor ({@link RateBucket}) adds it to the
 * cluster's TAT on the owning member and answers with the new TAT and this node's grant: its share of what is left
 * of the allowance (minus what the other nodes serving the client hold), which it may admit until its next push.
 * The shape of Gravitee's asynchronous rate-limit repository (count locally, merge asynchronously) with leases so
 * that a client spread over N nodes cannot take N times its allowance between merges.
 *
 * <p>A node with no fresh grant for a client (it has not served it in the last {@link #GRANT_NANOS}) admits at most
 * {@code remaining / cluster size} of what its last view says is left before its first merge. A client served by
 * one node gets that node's full allowance once known. Bounds and measurements: {@code docs/cluster.md}.
 */
public final class ClusterRateLimiter implements RateLimiter {

  /** How often each node merges its counts into the cluster (and learns the others'). */
  public static final long SYNC_INTERVAL_MS = 50;
  /** How long a node uses a grant (shorter than the cluster holds it, so it is never used after it lapsed). */
  static final long GRANT_NANOS = 150_000_000L;

  /** The shared side: the Hazelcast map in production, a fake in unit tests. */
  public interface Store {
    /**
     * Adds {@code count} admissions of this node, the first of them {@code ageNanos} ago; completes with
     * {@code [debtNanos, spread, grant]} (see {@link RateBucket#add}).
     */
    CompletionStage<long[]> push(String client, int count, long intervalNanos, long ageNanos, int clusterSize);
  }

  /** This node's view of one client. Guarded by its own monitor (ingress event loops and the sync share it). */
  private static final class View {
    long tat;          // cluster TAT as of the last merge, on this node's nanoTime clock (0: never merged)
    long mergedAt;     // when that merge answered (0: never)
    long grant;        // requests this node may admit from its last push on
    int pending;       // admitted since the last push was taken
    long firstPendingAt;
    int inFlight;      // pushed, answer not yet in
    boolean starved;   // refused for want of a grant: push (even nothing) to get a fresh one
    long lastUsed;
    boolean swept;     // removed from the map: a request that still holds it takes a fresh one
  }

  private final Gcra gcra;
  private final Store store;
  private final Clock clock;
  private final IntSupplier clusterSize;
  private final ConcurrentHashMap<String, View> views = new ConcurrentHashMap<>();

  public ClusterRateLimiter(long limitPerMinute, Store store, IntSupplier clusterSize, Clock clock) {
    this.gcra = new Gcra(limitPerMinute);
    this.store = store;
    this.clusterSize = clusterSize;
    this.clock = clock;
  }

  @Override
  public long limit() {
    return gcra.limit();
  }

  @Override
  public Decision acquire(String client) {
    if (!enabled()) {
      return Decision.UNLIMITED;
    }
    long now = clock.nanoTime();
    while (true) {
      View view = views.computeIfAbsent(client, k -> new View());
      synchronized (view) {
        if (!view.swept) {
          return decide(view, now);
        }
      }
    }
  }

  private Decision decide(View view, long now) {
    view.lastUsed = now;
    long unsynced = view.pending + view.inFlight;
    long merged = Gcra.theoretical(view.tat, now);
    long theoretical = merged + unsynced * gcra.intervalNanos();
    if (!gcra.admits(theoretical, now)) {
      return gcra.refused(theoretical, now);
    }
    // The grant covers what was admitted since the push it answered: the pushed count while that push is in
    // flight, and what came after it.
    boolean granted = view.mergedAt != 0 && now - view.mergedAt <= GRANT_NANOS;
    long allowance = granted ? view.grant - unsynced
        : ceilDiv(gcra.remaining(merged, now), Math.max(1, clusterSize.getAsInt())) - unsynced;
    if (allowance <= 0) {
      view.starved = true;
      // This node's share is used until its next merge (at most SYNC_INTERVAL_MS away).
      return new Decision(false, gcra.limit(), gcra.remaining(theoretical, now),
          Math.max(1, (theoretical - now + 999_999_999L) / 1_000_000_000L), 1);
    }
    if (view.pending++ == 0) {
      view.firstPendingAt = now;
    }
    return gcra.allowed(theoretical + gcra.intervalNanos(), now);
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  /**
   * Pushes every client's unsynced count (one push in flight per client) and folds the answers into the views.
   * Called every {@link #SYNC_INTERVAL_MS} by the cluster verticle, and once more when the node leaves.
   *
   * @return completes when every push sent now has been answered (or failed)
   */
  public CompletableFuture<Void> sync() {
    List<CompletableFuture<?>> sent = new ArrayList<>();
    int size = clusterSize.getAsInt();
    for (Map.Entry<String, View> e : views.entrySet()) {
      View view = e.getValue();
      int count;
      long age;
      synchronized (view) {
        if (view.inFlight > 0 || (view.pending == 0 && !view.starved)) {
          continue;
        }
        count = view.pending;
        age = count == 0 ? 0 : Math.max(0, clock.nanoTime() - view.firstPendingAt);
        view.inFlight = count;
        view.pending = 0;
        view.starved = false;
      }
      long pushedAt = clock.nanoTime();
      sent.add(store.push(e.getKey(), count, gcra.intervalNanos(), age, size).whenComplete((answer, failure) -> {
        long received = clock.nanoTime();
        synchronized (view) {
          view.inFlight = 0;
          if (failure != null || answer == null) {
            // not merged (or not known to be): counted again next time, never lost
            if (count > 0) {
              view.firstPendingAt = view.pending == 0 ? received - age : Math.min(view.firstPendingAt, received - age);
            }
            view.pending += count;
            return;
          }
          // The owner computed the answer somewhere between push and answer: place it half-way (±RTT/2).
          long at = pushedAt + (received - pushedAt) / 2;
          view.tat = at + answer[0];
          view.mergedAt = at;
          view.grant = answer[2];
        }
      }).toCompletableFuture().exceptionally(failure -> null));
    }
    return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
  }

  /** Counts admitted on this node and not yet merged into the cluster (all clients). */
  public long unsynced() {
    long total = 0;
    for (View view : views.values()) {
      synchronized (view) {
        total += view.pending + view.inFlight;
      }
    }
    return total;
  }

  @Override
  public int sweep() {
    long now = clock.nanoTime();
    int before = views.size();
    views.entrySet().removeIf(e -> {
      View v = e.getValue();
      synchronized (v) {
        v.swept = v.pending == 0 && v.inFlight == 0 && v.tat <= now && now - v.lastUsed > Gcra.WINDOW_NANOS;
        return v.swept;
      }
    });
    return before - views.size();
  }

  @Override
  public int trackedClients() {
    return views.size();
  }
}
