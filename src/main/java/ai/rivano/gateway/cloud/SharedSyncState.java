package ai.rivano.gateway.cloud;

import ai.rivano.gateway.cloud.CloudSyncState.SyncView;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;

/**
 * What the syncing node tells the others, in a Vert.x shared map (a Hazelcast map in a cluster, with a backup on
 * another member, so it outlives the leader; a local map standalone). Two entries: the sync outcome ({@code view},
 * small, written every tick) and the remote policies with their ETag ({@code policies}, written only when they
 * change). Followers mirror the outcome for {@code /health} and {@code status}, persist the policies for their
 * own restarts, and keep the ETag so that whoever leads next polls conditionally. Read and written once per
 * interval, never per request.
 */
final class SharedSyncState {

  private static final String MAP = "rivano.cloud.sync";

  private final Future<AsyncMap<String, JsonObject>> map;

  SharedSyncState(Vertx vertx) {
    this.map = vertx.sharedData().getAsyncMap(MAP);
  }

  Future<SyncView> view() {
    return map.compose(m -> m.get("view")).map(json -> json == null ? null : SyncView.fromJson(json));
  }

  Future<Void> publish(SyncView view) {
    return map.compose(m -> m.put("view", view.toJson()));
  }

  Future<PolicyCache.Entry> policies() {
    return map.compose(m -> m.get("policies")).map(json -> json == null ? null : PolicyCache.Entry.fromJson(json));
  }

  Future<Void> publish(PolicyCache.Entry policies) {
    return map.compose(m -> m.put("policies", policies.toJson()));
  }
}
