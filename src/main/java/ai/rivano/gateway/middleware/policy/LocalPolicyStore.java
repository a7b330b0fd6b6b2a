package ai.rivano.gateway.middleware.policy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/** The standalone {@link PolicyStore}: one atomic reference, nothing shared. */
public final class LocalPolicyStore implements PolicyStore {

  private final AtomicReference<PolicySet> current;
  private final List<Consumer<PolicySet>> listeners = new CopyOnWriteArrayList<>();

  public LocalPolicyStore(PolicySet initial) {
    this.current = new AtomicReference<>(initial);
  }

  @Override
  public PolicySet current() {
    return current.get();
  }

  @Override
  public void replace(PolicySet next) {
    current.set(next);
    listeners.forEach(listener -> listener.accept(next));
  }

  @Override
  public void onChange(Consumer<PolicySet> listener) {
    listeners.add(listener);
  }
}
