package ai.rivano.gateway.cluster;

import ai.rivano.gateway.middleware.cache.CachedAnswer;
import ai.rivano.gateway.middleware.cache.ResponseCache;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The clustered {@link ResponseCache}: one distributed map (TTL, a size bound per member, one backup) with a near
 * cache on every node. {@link #get} answers only from the near cache, so a lookup never waits on the network: a
 * key not held locally is a miss now and fetched in the background. Every node warms its near cache when any node
 * stores an answer (the map's entry events), so an answer cached on one node is a hit on the others moments later.
 */
public final class ClusterResponseCache implements ResponseCache {

  private final IMap<String, SharedAnswer> map;
  private final long ttlSeconds;

  public ClusterResponseCache(ClusterMember member, long ttlSeconds) {
    this.map = member.hazelcast().getMap(HazelcastSetup.SharedMaps.CACHE);
    this.ttlSeconds = ttlSeconds;
    // Registering waits for every member: off the caller's thread (an event loop, maybe). Until it is in place
    // a node simply warms its near cache on its own misses.
    CompletableFuture.runAsync(() -> map.addEntryListener(new Warmer(), false));
  }

  @Override
  public CachedAnswer get(String key) {
    CompletableFuture<SharedAnswer> lookup = map.getAsync(key).toCompletableFuture();
    // A near-cache hit comes back completed; anything else would mean waiting on a member: a miss for now.
    if (!lookup.isDone() || lookup.isCompletedExceptionally()) {
      return null;
    }
    SharedAnswer shared = lookup.getNow(null);
    return shared == null ? null : shared.answer;
  }

  /**
   * Stores the answer unless the cluster already holds one for this key. A node that missed a key another node
   * had just stored (its near cache was still warming) would otherwise overwrite it, and every overwrite clears
   * the key from every near cache: the nodes would keep missing in turn.
   */
  @Override
  public void put(String key, CachedAnswer answer) {
    map.submitToKey(key, new StoreIfAbsent(new SharedAnswer(answer), ttlSeconds));
  }

  @Override
  public long size() {
    return map.getLocalMapStats().getNearCacheStats().getOwnedEntryCount();
  }

  /** Fetches a newly stored answer into this node's near cache, in the background. */
  private final class Warmer implements EntryAddedListener<String, SharedAnswer>,
      EntryUpdatedListener<String, SharedAnswer> {
    @Override
    public void entryAdded(EntryEvent<String, SharedAnswer> event) {
      map.getAsync(event.getKey());
    }

    @Override
    public void entryUpdated(EntryEvent<String, SharedAnswer> event) {
      map.getAsync(event.getKey());
    }
  }

  /** Sets the entry, with its time to live, only when there is none (no change, so no near cache is cleared). */
  public static final class StoreIfAbsent implements EntryProcessor<String, SharedAnswer, Void>, DataSerializable {

    private SharedAnswer answer;
    private long ttlSeconds;

    public StoreIfAbsent() {
      // for Hazelcast
    }

    StoreIfAbsent(SharedAnswer answer, long ttlSeconds) {
      this.answer = answer;
      this.ttlSeconds = ttlSeconds;
    }

    @Override
    public Void process(Map.Entry<String, SharedAnswer> entry) {
      if (entry.getValue() == null) {
        ((ExtendedMapEntry<String, SharedAnswer>) entry).setValue(answer, ttlSeconds, TimeUnit.SECONDS);
      }
      return null;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeObject(answer);
      out.writeLong(ttlSeconds);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      answer = in.readObject();
      ttlSeconds = in.readLong();
    }
  }

  /** A {@link CachedAnswer} as the map stores it. */
  public static final class SharedAnswer implements DataSerializable {

    private CachedAnswer answer;

    public SharedAnswer() {
      // for Hazelcast
    }

    SharedAnswer(CachedAnswer answer) {
      this.answer = answer;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeInt(answer.status());
      out.writeByteArray(answer.body());
      out.writeString(answer.contentType());
      out.writeString(answer.provider());
      out.writeString(answer.model());
      out.writeLong(answer.inputTokens());
      out.writeLong(answer.outputTokens());
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      answer = new CachedAnswer(in.readInt(), in.readByteArray(), in.readString(), in.readString(), in.readString(),
          in.readLong(), in.readLong());
    }
  }
}
