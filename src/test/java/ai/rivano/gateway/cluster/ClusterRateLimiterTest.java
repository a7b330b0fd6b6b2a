package ai.rivano.gateway.cluster;

import ai.rivano.gateway.middleware.LocalRateLimiter;
import ai.rivano.gateway.middleware.RateLimiter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cluster limiter's arithmetic on a simulated clock: several nodes share one store (the entry processor's own
 * code, {@link RateBucket}), merges answer after a simulated round trip, and traffic is spread round-robin as a
 * load balancer would. Compared with what one node's exact limiter admits for the same traffic.
 */
class ClusterRateLimiterTest {

  private static final long MS = 1_000_000L;

  /** A shared store on the simulated clock whose answers arrive {@code latencyMs} after the push. */
  private static final class SimulatedCluster {
    final Map<String, RateBucket> buckets = new HashMap<>();
    final List<Object[]> inFlight = new ArrayList<>(); // [dueNanos, future, answer]
    long now = 1_000_000 * MS;
    long latencyMs = 1;
    boolean failing;
    final List<ClusterRateLimiter> nodes = new ArrayList<>();

    SimulatedCluster(int size, long limit) {
      for (int i = 0; i < size; i++) {
        String node = "node-" + i;
        nodes.add(new ClusterRateLimiter(limit, (client, count, interval, age, size2) -> push(node, client, count, interval, age, size2),
            () -> size, () -> now));
      }
    }

    CompletionStage<long[]> push(String node, String client, int count, long interval, long age, int size) {
      CompletableFuture<long[]> answer = new CompletableFuture<>();
      if (failing) {
        answer.completeExceptionally(new IllegalStateException("member gone"));
        return answer;
      }
      RateBucket bucket = buckets.computeIfAbsent(client, k -> new RateBucket());
      long[] result = bucket.add(node, count, interval, now - age, now, now / MS, size);
      inFlight.add(new Object[] {now + latencyMs * MS, answer, result});
      return answer;
    }

    /** Advances the clock by 1 ms, delivering due answers and running each node's sync on its own phase. */
    void tick(long elapsedMs) {
      now += MS;
      for (Iterator<Object[]> it = inFlight.iterator(); it.hasNext(); ) {
        Object[] f = it.next();
        if ((long) f[0] <= now) {
          it.remove();
          @SuppressWarnings("unchecked") CompletableFuture<long[]> future = (CompletableFuture<long[]>) f[1];
          future.complete((long[]) f[2]);
        }
      }
      for (int i = 0; i < nodes.size(); i++) {
        if ((elapsedMs + i * 17) % ClusterRateLimiter.SYNC_INTERVAL_MS == 0) {
          nodes.get(i).sync();
        }
      }
    }
  }

  @Test
  void aSingleNodeClusterAdmitsWhatTheLocalLimiterDoes() {
    SimulatedCluster cluster = new SimulatedCluster(1, 60);
    RateLimiter node = cluster.nodes.get(0);
    for (int i = 0; i < 60; i++) {
      RateLimiter.Decision d = node.acquire("a");
      assertTrue(d.allowed(), "request " + i);
      assertEquals(59 - i, d.remaining());
    }
    RateLimiter.Decision denied = node.acquire("a");
    assertFalse(denied.allowed());
    assertEquals(1, denied.retryAfterSeconds());
    for (int ms = 1; ms < 1000; ms++) {
      cluster.tick(ms);
      assertFalse(node.acquire("a").allowed(), "one request per second refills: not yet at " + ms + " ms");
    }
    // exactly on time, give or take the merge's round trip (the simulated one takes 1 ms)
    cluster.tick(1000);
    cluster.tick(1001);
    assertTrue(node.acquire("a").allowed());
    assertFalse(node.acquire("a").allowed());
  }

  /**
   * The overshoot bound: a client sending far above its limit, spread round-robin over the nodes, gets at most
   * 5 % more than one node's exact limiter would let through over the same period (and not much less).
   */
  @ParameterizedTest(name = "{0} nodes, limit {1}/min, {2} req/s for {3} s, merge round trip {4} ms")
  @CsvSource({"3, 60, 1000, 30, 1", "3, 600, 2000, 20, 1", "3, 6000, 3000, 10, 1", "3, 120, 50, 30, 1",
      "2, 600, 200, 20, 1", "5, 600, 2000, 10, 1", "3, 600, 2000, 20, 20", "3, 60, 1000, 30, 20",
      "3, 600, 50000, 5, 1", "3, 60, 50000, 10, 1"})
  void roundRobinTrafficStaysWithinFivePercentOfOneNodesLimit(int size, long limit, int perSecond, int seconds,
                                                              long latencyMs) {
    SimulatedCluster cluster = new SimulatedCluster(size, limit);
    cluster.latencyMs = latencyMs;
    LocalRateLimiter exact = new LocalRateLimiter(limit, () -> cluster.now);
    long admitted = 0;
    long exactAdmitted = 0;
    long sent = 0;
    for (int ms = 1; ms <= seconds * 1000; ms++) {
      cluster.tick(ms);
      long due = (long) ms * perSecond / 1000;
      for (; sent < due; sent++) {
        if (cluster.nodes.get((int) (sent % size)).acquire("client").allowed()) {
          admitted++;
        }
        if (exact.acquire("client").allowed()) {
          exactAdmitted++;
        }
      }
    }
    double ratio = (double) admitted / exactAdmitted;
    System.out.printf("overshoot %d nodes limit %d at %d/s for %d s, rtt %d ms: %d vs %d (%.2f%%)%n", size, limit,
        perSecond, seconds, latencyMs, admitted, exactAdmitted, 100 * (ratio - 1));
    assertTrue(ratio <= 1.05, "admitted " + admitted + " vs " + exactAdmitted + " for one node: " + ratio);
    assertTrue(ratio >= 0.90, "admitted " + admitted + " vs " + exactAdmitted + " for one node: " + ratio);
  }

  @Test
  void aClientServedByOneNodeKeepsItsWholeBurstOnceTheViewIsFresh() {
    SimulatedCluster cluster = new SimulatedCluster(3, 60);
    RateLimiter node = cluster.nodes.get(0);
    // A client this node has never merged: it may be hitting every node at once, so one third at first.
    int first = 0;
    while (node.acquire("solo").allowed()) {
      first++;
    }
    assertEquals(20, first);
    // Merged, and after the learning time only this node is known to serve the client: the rest of its minute
    // is available at once (during the learning time it got a third of what was left per merge).
    int rest = 0;
    for (int ms = 1; ms <= 400; ms++) {
      cluster.tick(ms);
      while (node.acquire("solo").allowed()) {
        rest++;
      }
    }
    assertEquals(40, rest);
    assertFalse(node.acquire("solo").allowed());
  }

  @Test
  void countsWhoseMergeFailedArePushedAgainNotLost() {
    SimulatedCluster cluster = new SimulatedCluster(2, 600);
    ClusterRateLimiter node = cluster.nodes.get(0);
    for (int i = 0; i < 10; i++) {
      assertTrue(node.acquire("c").allowed());
    }
    cluster.failing = true;
    node.sync();
    assertEquals(10, node.unsynced());
    cluster.failing = false;
    node.sync();
    cluster.tick(1);
    cluster.tick(2);
    assertEquals(0, node.unsynced());
    assertEquals(10 * 100 * MS, cluster.buckets.get("c").tatNanos() - (cluster.now - 2 * MS),
        "the bucket holds exactly the 10 admissions (100 ms each at 600/min)");
  }

  @Test
  void sweepForgetsIdleClientsOnlyOnceMerged() {
    SimulatedCluster cluster = new SimulatedCluster(2, 600);
    ClusterRateLimiter node = cluster.nodes.get(0);
    node.acquire("a");
    cluster.now += 61_000 * MS;
    assertEquals(0, node.sweep(), "its count is not merged yet");
    node.sync();
    cluster.tick(1);
    cluster.tick(2);
    cluster.now += 61_000 * MS;
    assertEquals(1, node.sweep());
    assertEquals(0, node.trackedClients());
  }

  @Test
  void disabledAtZero() {
    SimulatedCluster cluster = new SimulatedCluster(3, 0);
    assertFalse(cluster.nodes.get(0).enabled());
    assertTrue(cluster.nodes.get(0).acquire("x").allowed());
  }
}
