package ai.rivano.gateway.cloud;

import ai.rivano.gateway.audit.AuditRecord;
import ai.rivano.gateway.config.GatewayConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * What the rest of the node sees of cloud sync: the state {@code /health} and {@code status} report, the counters
 * of the status JSON, and the inlet for trace metadata ({@link #traces()}). Written by the cloud-sync verticle,
 * read from any thread: the sync outcome is one immutable {@link SyncView} swapped atomically, the counters are
 * adders, so a reader never sees half an update and never blocks.
 *
 * <p>States: {@code disabled} (no {@code cloud:} section); {@code connected} while the last successful sync (a 200
 * or a 304) is at most three intervals old and the key was not rejected; {@code degraded} otherwise.
 */
public final class CloudSyncState {

  /** Why the last sync failed. */
  public enum Reason {
    UNREACHABLE, API_KEY_REJECTED, RATE_LIMITED, BAD_RESPONSE;

    public String wireName() {
      return name().toLowerCase();
    }
  }

  /**
   * The policy set cloud sync is enforcing.
   *
   * @param source          {@code config} (nothing from the control plane yet), {@code persisted} (loaded from
   *                        the cache file at start) or {@code cloud} (fetched by a sync)
   * @param etag            the control plane's ETag for it, or null
   * @param fetchedAtMillis when the control plane delivered it (also for a persisted one), 0 for {@code config}
   * @param remote          remote policies in force
   * @param skipped         remote policies left out as invalid, one line each
   */
  public record PolicyView(String source, String etag, long fetchedAtMillis, int remote, List<String> skipped) {
    static final PolicyView CONFIG = new PolicyView("config", null, 0, 0, List.of());

    public PolicyView {
      skipped = List.copyOf(skipped);
    }

    JsonObject toJson() {
      return new JsonObject().put("source", source).put("etag", etag).put("fetchedAtMillis", fetchedAtMillis)
          .put("remote", remote).put("skipped", new JsonArray(skipped));
    }

    static PolicyView fromJson(JsonObject json) {
      return new PolicyView(json.getString("source", "config"), json.getString("etag"),
          json.getLong("fetchedAtMillis", 0L), json.getInteger("remote", 0),
          json.getJsonArray("skipped", new JsonArray()).stream().map(String::valueOf).toList());
    }
  }

  /**
   * The outcome of the syncs so far; in a cluster the leader's, mirrored by every other node.
   *
   * @param lastSuccessMillis last 200 or 304, 0 for never (since this node or cluster started)
   * @param reason            why the last attempt failed, null when it succeeded
   * @param lastError         the last failure in words (never the key), null when none yet
   */
  public record SyncView(long lastSuccessMillis, long lastAttemptMillis, Reason reason, String lastError,
                         PolicyView policies) {
    static final SyncView INITIAL = new SyncView(0, 0, null, null, PolicyView.CONFIG);

    JsonObject toJson() {
      return new JsonObject().put("lastSuccessMillis", lastSuccessMillis).put("lastAttemptMillis", lastAttemptMillis)
          .put("reason", reason == null ? null : reason.wireName()).put("lastError", lastError)
          .put("policies", policies.toJson());
    }

    static SyncView fromJson(JsonObject json) {
      String reason = json.getString("reason");
      return new SyncView(json.getLong("lastSuccessMillis", 0L), json.getLong("lastAttemptMillis", 0L),
          reason == null ? null : Reason.valueOf(reason.toUpperCase()), json.getString("lastError"),
          PolicyView.fromJson(json.getJsonObject("policies", new JsonObject())));
    }
  }

  private final boolean enabled;
  private final long staleAfterMillis;
  private final LongSupplier clock;
  private final TraceBuffer traces;
  private final AtomicReference<SyncView> view = new AtomicReference<>(SyncView.INITIAL);
  private volatile boolean leader;

  final LongAdder syncRequests = new LongAdder();
  final LongAdder syncUpdated = new LongAdder();
  final LongAdder syncUnchanged = new LongAdder();
  final LongAdder syncFailed = new LongAdder();
  final LongAdder ingestSent = new LongAdder();
  final LongAdder ingestBatches = new LongAdder();
  final LongAdder ingestFailedAttempts = new LongAdder();
  final LongAdder ingestRejected = new LongAdder();
  final LongAdder ingestAbandoned = new LongAdder();
  final LongAdder persistWrites = new LongAdder();
  final LongAdder persistFailures = new LongAdder();
  private volatile String ingestLastError;

  private CloudSyncState(boolean enabled, long staleAfterMillis, int traceCapacity, LongSupplier clock) {
    this.enabled = enabled;
    this.staleAfterMillis = staleAfterMillis;
    this.clock = clock;
    this.traces = new TraceBuffer(traceCapacity);
  }

  /** No {@code cloud:} section: {@code disabled}, and traces offered are ignored. */
  public static CloudSyncState disabled() {
    return new CloudSyncState(false, 0, 1, System::currentTimeMillis);
  }

  public static CloudSyncState enabled(CloudSyncSettings settings, LongSupplier clock) {
    return new CloudSyncState(true, settings.staleAfter().toMillis(), settings.ingestBuffer(), clock);
  }

  /** The node's state for its config: disabled without a {@code cloud:} section. */
  public static CloudSyncState of(GatewayConfig config) {
    return config.cloudConfig()
        .map(cloud -> enabled(CloudSyncSettings.from(cloud, config.shutdownTimeoutMs()), System::currentTimeMillis))
        .orElseGet(CloudSyncState::disabled);
  }

  // ---- read side (any thread) ---------------------------------------------------------------------------

  public boolean enabled() {
    return enabled;
  }

  /** The last sync succeeded within three intervals, and the key was not rejected since. */
  public boolean connected() {
    SyncView v = view.get();
    return enabled && v.reason() != Reason.API_KEY_REJECTED && v.lastSuccessMillis() > 0
        && clock.getAsLong() - v.lastSuccessMillis() <= staleAfterMillis;
  }

  /** {@code connected}, {@code degraded} or {@code disabled}: the {@code Cloud sync:} word of {@code status}. */
  public String word() {
    return !enabled ? "disabled" : connected() ? "connected" : "degraded";
  }

  public SyncView view() {
    return view.get();
  }

  /** Where a request's audit record goes for ingest (a no-op without a {@code cloud:} section). O(1), any thread. */
  public Consumer<AuditRecord> traces() {
    return enabled ? traces : record -> { };
  }

  /**
   * What {@code /health} adds while degraded: why, and which policies are being enforced meanwhile (so a restart
   * during an outage says it runs on the persisted set).
   */
  public JsonObject healthDetail() {
    SyncView v = view.get();
    JsonObject cached = new JsonObject().put("source", v.policies().source());
    if (v.policies().fetchedAtMillis() > 0) {
      cached.put("etag", v.policies().etag()).put("fetchedAt", Instant.ofEpochMilli(v.policies().fetchedAtMillis()).toString());
    }
    return new JsonObject()
        .put("reason", v.reason() != null ? v.reason().wireName() : v.lastSuccessMillis() == 0 ? "never_connected" : "stale")
        .put("cachedPolicies", cached);
  }

  /** Trace records dropped before reaching the control plane (buffer full) and rejected by it, for /metrics. */
  public long ingestDropped() {
    return traces.dropped() + ingestRejected.sum();
  }

  /** Trace records waiting to be sent, for /metrics. */
  public long ingestPending() {
    return traces.pending();
  }

  /** The status JSON's {@code cloud} object: state, policies in force, and the sync and ingest counters. */
  public JsonObject toJson() {
    JsonObject json = view.get().toJson().put("state", word()).put("leader", leader);
    return json
        .put("sync", new JsonObject().put("requests", syncRequests.sum()).put("updated", syncUpdated.sum())
            .put("unchanged", syncUnchanged.sum()).put("failed", syncFailed.sum()))
        .put("ingest", new JsonObject().put("accepted", traces.accepted()).put("sent", ingestSent.sum())
            .put("batches", ingestBatches.sum()).put("failedAttempts", ingestFailedAttempts.sum())
            .put("rejected", ingestRejected.sum()).put("dropped", traces.dropped())
            .put("abandonedAtShutdown", ingestAbandoned.sum()).put("pending", traces.pending())
            .put("lastError", ingestLastError))
        .put("persist", new JsonObject().put("writes", persistWrites.sum()).put("failures", persistFailures.sum()));
  }

  // ---- write side (the cloud-sync verticle) --------------------------------------------------------------

  TraceBuffer buffer() {
    return traces;
  }

  long now() {
    return clock.getAsLong();
  }

  void leader(boolean isLeader) {
    leader = isLeader;
  }

  boolean leader() {
    return leader;
  }

  void succeeded() {
    long now = now();
    view.updateAndGet(v -> new SyncView(now, now, null, v.lastError(), v.policies()));
  }

  void failed(Reason reason, String error) {
    long now = now();
    view.updateAndGet(v -> new SyncView(v.lastSuccessMillis(), now, reason, error, v.policies()));
  }

  void enforcing(PolicyView policies) {
    view.updateAndGet(v -> new SyncView(v.lastSuccessMillis(), v.lastAttemptMillis(), v.reason(), v.lastError(),
        policies));
  }

  /** A follower takes the leader's outcome as its own. */
  void mirror(SyncView leaders) {
    view.set(leaders);
  }

  void ingestFailed(String error) {
    ingestFailedAttempts.increment();
    ingestLastError = error;
  }
}
