package ai.rivano.gateway.cluster;

import ai.rivano.gateway.bus.Messages.StatsSnapshot;
import ai.rivano.gateway.stats.RequestCounters;
import com.hazelcast.map.IMap;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Cluster totals of the request and success counters. Requests are counted in this node's {@link RequestCounters}
 * (a few nanoseconds, no network); every {@link #FLUSH_INTERVAL_MS} the node writes its totals into the shared
 * map under its own id, with a synchronous backup on another member. The cluster total is the sum of every entry,
 * departed nodes' last flush included, so a node that leaves takes none of its history with it.
 *
 * <p>Loss bound: a node that crashes ({@code kill -9}) loses what it counted since its last flush, at most one
 * flush interval of its own traffic. A node that stops cleanly flushes once more after its drain and loses none.
 */
public final class ClusterCounters {

  public static final long FLUSH_INTERVAL_MS = 1_000;

  private final IMap<String, String> map;
  private final String nodeId;
  private final RequestCounters local;

  public ClusterCounters(IMap<String, String> map, String nodeId, RequestCounters local) {
    this.map = map;
    this.nodeId = nodeId;
    this.local = local;
  }

  /**
   * Writes this node's totals (absolute, not a delta: a write that is lost or overwritten, e.g. by a split-brain
   * merge, is repaired by the next one). Never blocks.
   */
  public CompletionStage<Void> flush() {
    return map.setAsync(nodeId, local.snapshot().toJson().encode());
  }

  /** Every node's last flushed totals, departed ones included, by node id. Blocking: call off the event loop. */
  public static Map<String, StatsSnapshot> readAll(IMap<String, String> map) {
    Map<String, StatsSnapshot> all = new HashMap<>();
    map.entrySet().forEach(e -> all.put(e.getKey(),
        StatsSnapshot.fromJson(new io.vertx.core.json.JsonObject(e.getValue()))));
    return all;
  }
}
