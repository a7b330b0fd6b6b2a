package ai.rivano.gateway.ingress;

import ai.rivano.gateway.config.IngressLimits;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The node-wide budget: never over capacity, whatever the threads do, and a lease gives back exactly once. */
class BufferBudgetTest {

  @Test
  void reservationsStopAtTheCapacityAndALeaseGivesBackOnce() {
    BufferBudget budget = new BufferBudget(100);
    BodyLease a = budget.lease();
    assertTrue(a.grow(60));
    BodyLease b = budget.lease();
    assertFalse(b.grow(41), "41 more would exceed 100");
    assertTrue(b.grow(40));
    assertEquals(100, budget.reserved());
    a.release();
    a.release();
    assertEquals(40, budget.reserved(), "released once, however often it is called");
    assertFalse(a.grow(1), "a released lease cannot grow again");
    b.release();
    assertEquals(0, budget.reserved());
  }

  @Test
  void concurrentReservationsNeverOvershoot() throws Exception {
    BufferBudget budget = new BufferBudget(1_000);
    int threads = 8;
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger granted = new AtomicInteger();
    List<Thread> workers = new ArrayList<>();
    List<BodyLease> leases = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < threads; t++) {
      Thread worker = new Thread(() -> {
        try {
          start.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        for (int i = 0; i < 1_000; i++) {
          BodyLease lease = budget.lease();
          if (lease.grow(7)) {
            granted.incrementAndGet();
            leases.add(lease);
          }
        }
      });
      workers.add(worker);
      worker.start();
    }
    start.countDown();
    for (Thread worker : workers) {
      worker.join(10_000);
    }
    assertEquals(1_000 / 7, granted.get(), "exactly as many 7-byte leases as fit");
    assertTrue(budget.reserved() <= 1_000);
    leases.forEach(BodyLease::release);
    assertEquals(0, budget.reserved());
  }

  @Test
  void theDefaultIsAQuarterOfTheHeapAndAConfiguredValueWins() {
    assertEquals((long) (Runtime.getRuntime().maxMemory() * 0.25), BufferBudget.of(IngressLimits.defaults()).capacity());
    IngressLimits configured = new IngressLimits(64L << 20, 1, 1, 1, 1, 1, 1);
    assertEquals(64L << 20, BufferBudget.of(configured).capacity());
  }
}
