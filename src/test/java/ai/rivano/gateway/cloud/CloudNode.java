package ai.rivano.gateway.cloud;

import ai.rivano.gateway.config.CloudConfig;
import ai.rivano.gateway.testing.Futures;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Cloud sync deployed on its own, as the gateway deploys it but with the {@link TestMerger} and a plain reference
 * as the policy store: {@link #enforced()} is what a request would read.
 */
final class CloudNode {

  static final String API_KEY = "rv_live_SENTINEL_CLOUD_KEY_7f3a";
  static final Duration INTERVAL = Duration.ofSeconds(1);

  final CloudSyncState state;
  final CloudSync sync;
  private final AtomicReference<JsonArray> store;
  private final AtomicInteger installs;

  private CloudNode(CloudSyncState state, CloudSync sync, AtomicReference<JsonArray> store, AtomicInteger installs) {
    this.state = state;
    this.sync = sync;
    this.store = store;
    this.installs = installs;
  }

  /** 1 s sync interval, 1 s call timeout, traces every 200 ms; the cache file in {@code dir}. */
  static CloudSyncSettings settings(String baseUrl, Path dir) {
    CloudConfig cloud = new CloudConfig(API_KEY, baseUrl, INTERVAL.toSeconds(), CloudConfig.DEFAULT_POLICIES_PATH,
        CloudConfig.DEFAULT_INGEST_PATH, dir.resolve("policies.json").toString(), 1_000);
    return CloudSyncSettings.from(cloud, 5_000).withClocks(INTERVAL, Duration.ofSeconds(1), Duration.ofMillis(200));
  }

  static CloudNode deploy(Vertx vertx, CloudSyncSettings settings, JsonArray local) {
    return deploy(vertx, settings, local, SyncLeadership.standalone());
  }

  static CloudNode deploy(Vertx vertx, CloudSyncSettings settings, JsonArray local, SyncLeadership leadership) {
    CloudSyncState state = CloudSyncState.enabled(settings, System::currentTimeMillis);
    AtomicReference<JsonArray> store = new AtomicReference<>(local);
    AtomicInteger installs = new AtomicInteger();
    CloudSync sync = Futures.await(CloudSync.deploy(vertx, settings, state, new TestMerger(local), set -> {
      installs.incrementAndGet();
      store.set(set);
    }, leadership));
    return new CloudNode(state, sync, store, installs);
  }

  JsonArray enforced() {
    return store.get();
  }

  List<String> names() {
    return TestMerger.names(store.get());
  }

  int installs() {
    return installs.get();
  }
}
