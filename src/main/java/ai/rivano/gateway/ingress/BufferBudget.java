package ai.rivano.gateway.ingress;

import ai.rivano.gateway.config.IngressLimits;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The node-wide budget for bytes the gateway holds in memory on behalf of requests: request bodies kept for
 * middleware and replay, and upstream answers read whole before they are relayed. Without it, concurrent large
 * bodies exhaust the heap (16 concurrent 9 MB bodies on {@code -Xmx256m} raised hundreds of
 * {@code OutOfMemoryError}s). A request that does not fit is refused with 503 {@code overloaded} before its bytes
 * are read; nothing is allocated by reserving.
 *
 * <p>Thread safe: every ingress event loop reserves from the same budget.
 */
public final class BufferBudget {

  /**
   * Share of the maximum heap given to buffered bodies by default. A body costs more heap than its bytes: the
   * buffer, the parsed JSON tree and a translated copy for the upstream come to about three times its size at the
   * peak, and the rest of the heap serves connections, streams and the cluster. A quarter of the heap in raw bytes
   * is therefore about three quarters at the peak (measured: see docs/security.md).
   */
  static final double HEAP_SHARE = 0.25;

  private final long capacity;
  private final AtomicLong reserved = new AtomicLong();

  public BufferBudget(long capacityBytes) {
    if (capacityBytes <= 0) {
      throw new IllegalArgumentException("budget must be positive: " + capacityBytes);
    }
    this.capacity = capacityBytes;
  }

  /** {@code gateway.bufferBudgetBytes}, or {@link #HEAP_SHARE} of this JVM's maximum heap when it is not set. */
  public static BufferBudget of(IngressLimits limits) {
    long configured = limits.bufferBudgetBytes();
    return new BufferBudget(configured != IngressLimits.FROM_HEAP ? configured
        : (long) (Runtime.getRuntime().maxMemory() * HEAP_SHARE));
  }

  /** Reserves {@code bytes} if they fit; false (and nothing reserved) otherwise. */
  public boolean tryReserve(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("negative reservation: " + bytes);
    }
    while (true) {
      long now = reserved.get();
      if (now + bytes > capacity) {
        return false;
      }
      if (reserved.compareAndSet(now, now + bytes)) {
        return true;
      }
    }
  }

  /** Gives back bytes reserved by {@link #tryReserve}; prefer a {@link BodyLease}, which cannot give back twice. */
  public void release(long bytes) {
    reserved.addAndGet(-bytes);
  }

  /** A new, empty lease on this budget. */
  public BodyLease lease() {
    return new BodyLease(this);
  }

  public long reserved() {
    return reserved.get();
  }

  public long capacity() {
    return capacity;
  }
}
