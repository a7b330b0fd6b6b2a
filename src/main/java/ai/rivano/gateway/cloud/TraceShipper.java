package ai.rivano.gateway.cloud;

import ai.rivano.gateway.audit.AuditRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Sends the node's trace metadata to {@code POST {baseUrl}{ingestPath}} as {@code {"traces":[…]}}, in batches
 * taken from the {@link TraceBuffer}. Every node ships its own traces (no leader involved).
 *
 * <p>One batch is in flight at a time. A batch that fails retryably (unreachable, timeout, 408, 429, 5xx, and
 * 401/403 since a revoked key may be restored) is kept and retried after a jittered backoff that honours
 * {@code Retry-After}; meanwhile new traces collect in the buffer, which drops its oldest when full. A batch the
 * control plane refuses outright (another 4xx) is dropped and counted as rejected: sending it again cannot help.
 * Runs on the cloud-sync verticle's event loop only.
 */
final class TraceShipper {

  private static final System.Logger LOG = System.getLogger("ai.rivano.gateway.cloud");

  private final Vertx vertx;
  private final CloudSyncSettings settings;
  private final ControlPlaneClient client;
  private final CloudSyncState state;
  private final TraceBuffer buffer;
  private final Backoff backoff;
  private List<AuditRecord> retrying;
  private long notBeforeMillis;
  private Future<Void> running = Future.succeededFuture();
  private long timer = -1;

  TraceShipper(Vertx vertx, CloudSyncSettings settings, ControlPlaneClient client, CloudSyncState state) {
    this.vertx = vertx;
    this.settings = settings;
    this.client = client;
    this.state = state;
    this.buffer = state.buffer();
    this.backoff = new Backoff(settings.backoffBase(), settings.backoffCap(), settings.retryAfterCap());
  }

  void start() {
    timer = vertx.setPeriodic(settings.ingestInterval().toMillis(), t -> tick());
  }

  private void tick() {
    if (running.isComplete() && state.now() >= notBeforeMillis) {
      running = sendAll(Long.MAX_VALUE, true);
    }
  }

  /**
   * Sends everything pending, ignoring the backoff, until {@code deadlineMillis}; what is still unsent then (or
   * after a failure) is counted as abandoned. For the node's drain: the last requests' traces go out.
   */
  Future<Void> flush(long deadlineMillis) {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    running = running.transform(previous -> sendAll(deadlineMillis, false))
        .andThen(done -> {
          int left = buffer.take(Integer.MAX_VALUE).size() + (retrying == null ? 0 : retrying.size());
          retrying = null;
          if (left > 0) {
            state.ingestAbandoned.add(left);
            LOG.log(System.Logger.Level.WARNING, "cloud sync: " + left + " traces not delivered at shutdown");
          }
        });
    return running;
  }

  /** One batch after another until the buffer is empty, a batch fails, or the deadline passes. */
  private Future<Void> sendAll(long deadlineMillis, boolean keepForRetry) {
    long budget = deadlineMillis - state.now();
    if (budget <= 0) {
      return Future.succeededFuture();
    }
    List<AuditRecord> batch = retrying != null ? retrying : buffer.take(settings.ingestBatchSize());
    retrying = null;
    if (batch.isEmpty()) {
      return Future.succeededFuture();
    }
    JsonArray traces = new JsonArray();
    batch.forEach(record -> traces.add(TraceMetadata.of(record)));
    return client.ingest(new JsonObject().put("traces", traces), budget).transform(done -> {
      int status = done.succeeded() ? done.result().statusCode() : 0;
      if (status >= 200 && status < 300) {
        state.ingestSent.add(batch.size());
        state.ingestBatches.increment();
        backoff.reset();
        return sendAll(deadlineMillis, keepForRetry);
      }
      String error = done.failed() ? done.cause().getMessage() : "POST " + settings.ingestPath() + " answered " + status;
      if (status != 0 && !retryable(status)) {
        state.ingestRejected.add(batch.size());
        LOG.log(System.Logger.Level.WARNING, "cloud sync: control plane refused " + batch.size() + " traces: " + error);
        return sendAll(deadlineMillis, keepForRetry);
      }
      state.ingestFailed(error);
      retrying = batch;
      if (keepForRetry) {
        long retryAfter = done.succeeded()
            ? Backoff.retryAfterMs(done.result().getHeader("Retry-After"), state.now()) : -1;
        notBeforeMillis = state.now() + backoff.next(retryAfter);
        if (backoff.failures() == 1) {
          LOG.log(System.Logger.Level.WARNING, "cloud sync: trace ingest failing, will retry: " + error);
        }
      }
      return Future.succeededFuture();
    });
  }

  private static boolean retryable(int status) {
    return status == 401 || status == 403 || status == 408 || status == 429 || status >= 500;
  }
}
