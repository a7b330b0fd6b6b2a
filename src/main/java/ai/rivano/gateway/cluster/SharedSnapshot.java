package ai.rivano.gateway.cluster;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One value every node holds the same copy of: read locally on every request (a volatile read), replaced on any
 * node and seen by all. Call {@link #join} once before serving with it. The shared copy is one entry of a distributed map (with backups, so a crash loses nothing);
 * every node keeps its own copy up to date from the map's entry events, and reads it once more when it joins and
 * after a split brain heals.
 *
 * <p>Stored as JSON text in an envelope {@code {source, by, at, value}}, so any node can read it whatever its
 * build's classes.
 */
public final class SharedSnapshot<T> {

  /** How the value travels: its JSON form and back, and a one-word source ("config", "cloud") for the join rule. */
  public record Codec<T>(Function<T, JsonObject> toJson, Function<JsonObject, T> fromJson, Function<T, String> source) {
  }

  /** The stored envelope: who wrote which value when, and where the value came from. */
  public record Stored(String source, String by, long at, JsonObject value) {
    static Stored parse(String text) {
      JsonObject json = new JsonObject(text);
      return new Stored(json.getString("source", ""), json.getString("by", ""), json.getLong("at", 0L),
          json.getJsonObject("value", new JsonObject()));
    }

    String encode() {
      return new JsonObject().put("source", source).put("by", by).put("at", at).put("value", value).encode();
    }
  }

  private final IMap<String, String> map;
  private final String key;
  private final Codec<T> codec;
  private final String nodeId;
  private final List<Consumer<T>> listeners = new CopyOnWriteArrayList<>();
  private volatile T current;
  private volatile String currentJson;

  public SharedSnapshot(ClusterMember member, IMap<String, String> map, String key, Codec<T> codec, T initial) {
    this.map = map;
    this.key = key;
    this.codec = codec;
    this.nodeId = member.nodeId();
    this.current = initial;
    this.currentJson = codec.toJson().apply(initial).encode();
    member.hazelcast().getLifecycleService().addLifecycleListener(event -> {
      if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
        map.getAsync(key).thenAccept(this::adopt); // the merged cluster's value, which may be the other side's
      }
    });
  }

  /**
   * Joins: adopts the cluster's value if it has one, unless {@code ownWins(stored, own)} says this node's value
   * should replace it; seeds the cluster with this node's value if it has none. Completes when this node holds the
   * value it will serve with.
   */
  public CompletionStage<Void> join(BiPredicate<Stored, T> ownWins) {
    T own = current;
    String ownText = envelope(own).encode();
    // Listen first (so no change between the read and the registration is missed); registering waits for every
    // member, so it runs off the caller's thread, which may be an event loop.
    // Each step that calls Hazelcast runs on the common pool: Hazelcast completes futures on its response
    // threads, which must not start remote calls themselves.
    Executor offHazelcast = ForkJoinPool.commonPool();
    return CompletableFuture.runAsync(() -> map.addEntryListener(new Changes(), key, true), offHazelcast)
        .thenComposeAsync(listening -> map.submitToKey(key, new PutIfAbsent(ownText)), offHazelcast)
        .thenComposeAsync(previous -> {
      if (previous == null) {
        return map.getAsync(key).thenAccept(this::adopt); // seeded (or raced: whoever won is in the map now)
      }
      Stored stored = Stored.parse(previous);
      if (ownWins.test(stored, own) && !stored.value().encode().equals(currentJson)) {
        return map.setAsync(key, ownText);
      }
      adopt(previous);
      return CompletableFuture.completedFuture(null);
    }, offHazelcast);
  }

  public T current() {
    return current;
  }

  /** Installs {@code next} here at once and on every node within a network round trip. */
  public CompletionStage<Void> replace(T next) {
    String json = codec.toJson().apply(next).encode();
    install(next, json);
    return map.setAsync(key, envelope(next).encode());
  }

  public void onChange(Consumer<T> listener) {
    listeners.add(listener);
  }

  private Stored envelope(T value) {
    return new Stored(codec.source().apply(value), nodeId, System.currentTimeMillis(), codec.toJson().apply(value));
  }

  private void adopt(String text) {
    if (text == null) {
      return;
    }
    JsonObject value = Stored.parse(text).value();
    String json = value.encode();
    if (!json.equals(currentJson)) {
      install(codec.fromJson().apply(value), json);
    }
  }

  private synchronized void install(T value, String json) {
    current = value;
    currentJson = json;
    listeners.forEach(l -> l.accept(value));
  }

  /** Seeds the entry unless it exists; answers the existing value (null when seeded). */
  private static final class PutIfAbsent implements EntryProcessor<String, String, String> {
    private static final long serialVersionUID = 1L;
    private final String value;

    PutIfAbsent(String value) {
      this.value = value;
    }

    @Override
    public String process(Map.Entry<String, String> entry) {
      if (entry.getValue() != null) {
        return entry.getValue();
      }
      entry.setValue(value);
      return null;
    }
  }

  private final class Changes implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String> {
    @Override
    public void entryAdded(EntryEvent<String, String> event) {
      adopt(event.getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<String, String> event) {
      adopt(event.getValue());
    }
  }
}
