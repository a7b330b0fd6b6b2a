package ai.rivano.gateway.observability;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The values one label may take, bounded: every Prometheus label value is a time series kept forever, and some
 * values come from clients or upstreams (a model name, an outcome). Values known from the config are always
 * kept; up to {@code cap} more are admitted as they first appear; anything after that is reported as
 * {@value #OTHER}. A missing value is {@value #NONE}.
 */
final class BoundedLabel {

  static final String OTHER = "other";
  static final String NONE = "none";

  private final Set<String> admitted = ConcurrentHashMap.newKeySet();
  private final AtomicInteger dynamic = new AtomicInteger();
  private final int cap;

  BoundedLabel(Collection<String> known, int cap) {
    admitted.addAll(known);
    this.cap = cap;
  }

  String of(String value) {
    if (value == null || value.isEmpty()) {
      return NONE;
    }
    if (admitted.contains(value)) {
      return value;
    }
    if (value.length() > 128) {
      return OTHER;
    }
    // reserve a slot first so concurrent first sightings cannot overshoot the cap
    if (dynamic.incrementAndGet() > cap) {
      dynamic.decrementAndGet();
      return OTHER;
    }
    if (!admitted.add(value)) {
      dynamic.decrementAndGet(); // another thread admitted it meanwhile
    }
    return value;
  }
}
