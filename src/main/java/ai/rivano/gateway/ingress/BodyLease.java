package ai.rivano.gateway.ingress;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes one request holds in the {@link BufferBudget}. It grows as the body arrives and is released exactly
 * once, whichever comes first: the request's end ({@link ConnectionGuard#releaseAtEnd}), its connection closing,
 * or an early {@link #release()} by whoever knows the bytes are no longer needed. After release it cannot grow.
 */
public final class BodyLease {

  private static final long RELEASED = -1;

  private final BufferBudget budget;
  private final AtomicLong held = new AtomicLong();

  BodyLease(BufferBudget budget) {
    this.budget = budget;
  }

  /** Adds {@code bytes} to the lease if the budget has them; false when it does not or the lease is released. */
  public boolean grow(long bytes) {
    if (held.get() == RELEASED || !budget.tryReserve(bytes)) {
      return false;
    }
    if (held.getAndUpdate(h -> h == RELEASED ? h : h + bytes) == RELEASED) {
      budget.release(bytes); // released meanwhile: the bytes were never ours to keep
      return false;
    }
    return true;
  }

  /** Gives every byte back; later calls do nothing. */
  public void release() {
    long bytes = held.getAndSet(RELEASED);
    if (bytes > 0) {
      budget.release(bytes);
    }
  }

  public long bytes() {
    return Math.max(0, held.get());
  }

  public boolean released() {
    return held.get() == RELEASED;
  }
}
