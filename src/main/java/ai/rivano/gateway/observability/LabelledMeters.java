package ai.rivano.gateway.observability;

import io.micrometer.core.instrument.Meter;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One meter per combination of label values, kept once found. Micrometer's {@code withTags} builds the tags, an id
 * and a registry lookup on every call (about 250 ns with four labels); the request path asks for the same few
 * meters on every request, so they are remembered by their values. The values come from {@link BoundedLabel}s (or
 * a fixed set), so the number of entries is bounded as the number of series is.
 */
final class LabelledMeters<M extends Meter> {

  private final Meter.MeterProvider<M> provider;
  private final String[] names;
  private final ConcurrentHashMap<List<String>, M> meters = new ConcurrentHashMap<>();

  LabelledMeters(Meter.MeterProvider<M> provider, String... names) {
    this.provider = provider;
    this.names = names.clone();
  }

  /** The meter for these label values, in the order of the names given to the constructor. */
  M with(String... values) {
    if (values.length != names.length) {
      throw new IllegalArgumentException("expected " + names.length + " label values, got " + values.length);
    }
    M meter = meters.get(Arrays.asList(values)); // a view: no copy when the meter is known
    return meter != null ? meter : meters.computeIfAbsent(List.of(values), this::register);
  }

  private M register(List<String> values) {
    String[] tags = new String[names.length * 2];
    for (int i = 0; i < names.length; i++) {
      tags[2 * i] = names[i];
      tags[2 * i + 1] = values.get(i);
    }
    return provider.withTags(tags);
  }
}
