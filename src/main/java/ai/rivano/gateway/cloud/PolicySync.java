package ai.rivano.gateway.cloud;

import ai.rivano.gateway.cloud.CloudSyncState.PolicyView;
import ai.rivano.gateway.cloud.CloudSyncState.Reason;
import ai.rivano.gateway.cloud.RemotePolicyMerger.MergeResult;
import ai.rivano.gateway.cloud.RemotePolicyMerger.SkippedPolicy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Keeps the node's policy set in step with the control plane. The leader polls
 * ({@link #lead()}); every node, leader or not, starts from what the cluster or its cache file already knows
 * ({@link #start()}) and a follower mirrors the leader ({@link #follow()}). Runs on the cloud-sync verticle's
 * event loop only; file writes go to a worker thread.
 *
 * <p>An update is all the control plane's valid policies. An invalid one is skipped and reported; if the set in
 * force has a valid version of the same name, that version stays: an operator's typo in the control plane does not
 * switch a protection off. An answer that is not policies at all (malformed JSON, another shape) changes nothing.
 */
final class PolicySync<S> {

  private static final System.Logger LOG = System.getLogger("ai.rivano.gateway.cloud");

  private final Vertx vertx;
  private final CloudSyncSettings settings;
  private final ControlPlaneClient client;
  private final RemotePolicyMerger<S> merger;
  private final Consumer<S> install;
  private final CloudSyncState state;
  private final PolicyCache cache;
  private final SharedSyncState shared;

  /** The remote policies in force (as accepted), their ETag, when the control plane delivered them. */
  private PolicyCache.Entry current;
  /** ETag and fetch time of what the cache file holds, so an unchanged set is not written again. */
  private String persistedKey;
  private Reason loggedReason;

  PolicySync(Vertx vertx, CloudSyncSettings settings, ControlPlaneClient client, RemotePolicyMerger<S> merger,
             Consumer<S> install, CloudSyncState state, SharedSyncState shared) {
    this.vertx = vertx;
    this.settings = settings;
    this.client = client;
    this.merger = merger;
    this.install = install;
    this.state = state;
    this.cache = new PolicyCache(settings.cacheFile());
    this.shared = shared;
  }

  // ---- start ---------------------------------------------------------------------------------------------

  /**
   * Before the first poll: a cluster that already shares a remote set keeps it (the policy store replicates it;
   * this node only adopts its ETag and persists it). Otherwise the cache file's set is merged and enforced, so a
   * restart during an outage still applies the last good policies.
   */
  Future<Void> start() {
    return Future.all(shared.policies(), shared.view()).compose(found -> {
      PolicyCache.Entry clustered = found.resultAt(0);
      if (clustered != null) {
        CloudSyncState.SyncView view = found.resultAt(1);
        if (view != null) {
          state.mirror(view);
        }
        adopt(clustered);
        return Future.succeededFuture();
      }
      return loadPersisted();
    }).recover(err -> loadPersisted());
  }

  private Future<Void> loadPersisted() {
    return vertx.executeBlocking(cache::read, false).transform(read -> {
      if (read.failed()) {
        LOG.log(System.Logger.Level.WARNING, "cloud sync: ignoring the policy cache: " + read.cause().getMessage());
        return Future.succeededFuture();
      }
      if (read.result().isEmpty()) {
        return Future.succeededFuture();
      }
      PolicyCache.Entry entry = read.result().get();
      if (!Objects.equals(entry.baseUrl(), settings.baseUrl())) {
        LOG.log(System.Logger.Level.WARNING, "cloud sync: ignoring " + cache.file() + ": its policies came from "
            + entry.baseUrl() + ", the control plane is now " + settings.baseUrl());
        return Future.succeededFuture();
      }
      persistedKey = key(entry);
      Applied applied;
      try {
        applied = apply(entry.policies(), entry, "persisted");
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "cloud sync: cannot apply the persisted policies: " + e);
        return Future.succeededFuture();
      }
      LOG.log(System.Logger.Level.INFO, "cloud sync: enforcing " + applied.accepted().size() + " persisted remote"
          + " policies from " + cache.file() + " (fetched " + Instant.ofEpochMilli(entry.fetchedAtMillis())
          + ") until the control plane answers");
      return shared.publish(current);
    });
  }

  // ---- leader --------------------------------------------------------------------------------------------

  /**
   * One poll. Never fails; the result is how long the control plane asked us to wait ({@code Retry-After}, ms),
   * or -1.
   */
  Future<Long> lead() {
    state.syncRequests.increment();
    return client.policies(current == null ? null : current.etag()).transform(done -> {
      long retryAfter = done.succeeded() ? answered(done.result()) : -1;
      if (done.failed()) {
        boolean badAnswer = done.cause() instanceof ControlPlaneClient.CallFailed call && call.badAnswer;
        failed(badAnswer ? Reason.BAD_RESPONSE : Reason.UNREACHABLE, done.cause().getMessage());
      }
      return shared.publish(state.view()).otherwise((Void) null).map(retryAfter);
    });
  }

  private long answered(HttpResponse<Buffer> response) {
    int status = response.statusCode();
    String what = "GET " + settings.policiesPath() + " answered " + status;
    switch (status) {
      case 200 -> received(response);
      case 304 -> {
        state.syncUnchanged.increment();
        if (current != null && "persisted".equals(state.view().policies().source())) {
          state.enforcing(view("cloud", current, state.view().policies().skipped()));
        }
        succeeded();
      }
      case 401, 403 -> failed(Reason.API_KEY_REJECTED, what + " (API key rejected)");
      case 429 -> {
        failed(Reason.RATE_LIMITED, what);
        long ms = Backoff.retryAfterMs(response.getHeader("Retry-After"), state.now());
        return ms < 0 ? -1 : Math.min(ms, settings.retryAfterCap().toMillis());
      }
      default -> failed(status >= 500 ? Reason.UNREACHABLE : Reason.BAD_RESPONSE, what);
    }
    return -1;
  }

  private void received(HttpResponse<Buffer> response) {
    JsonArray policies;
    try {
      policies = policiesIn(response.body());
    } catch (IllegalArgumentException e) {
      failed(Reason.BAD_RESPONSE, "GET " + settings.policiesPath() + ": " + e.getMessage() + "; keeping the policies in force");
      return;
    }
    if (policies.size() >= CloudSyncSettings.POLICY_LIMIT) {
      LOG.log(System.Logger.Level.WARNING, "cloud sync: the control plane returned " + policies.size()
          + " policies, the request's limit; any beyond it are not fetched");
    }
    PolicyCache.Entry fetched = new PolicyCache.Entry(response.getHeader("ETag"), state.now(), settings.baseUrl(), policies);
    if (current != null && current.policies().equals(policies)) {
      state.syncUnchanged.increment(); // a control plane without ETags answers 200 every time
      current = new PolicyCache.Entry(fetched.etag(), current.fetchedAtMillis(), current.baseUrl(), current.policies());
    } else {
      Applied applied;
      try {
        applied = apply(policies, fetched, "cloud");
      } catch (RuntimeException e) {
        failed(Reason.BAD_RESPONSE, "GET " + settings.policiesPath() + ": the policies could not be applied (" + e
            + "); keeping the policies in force");
        return;
      }
      state.syncUpdated.increment();
      LOG.log(System.Logger.Level.INFO, "cloud sync: " + applied.accepted().size() + " remote policies in force"
          + (fetched.etag() == null ? "" : " (etag " + fetched.etag() + ")")
          + (applied.skipped().isEmpty() ? "" : ", " + applied.skipped().size() + " skipped"));
      applied.skipped().forEach(line -> LOG.log(System.Logger.Level.WARNING, "cloud sync: skipped " + line));
    }
    persist(current);
    shared.publish(current);
    succeeded();
  }

  /**
   * The policies of an answer. Accepted shapes: a bare JSON array, or an object holding the array under
   * {@code data} (the control plane's list envelope) or {@code policies}.
   */
  static JsonArray policiesIn(Buffer body) {
    Object parsed;
    try {
      parsed = Json.decodeValue(body);
    } catch (DecodeException e) {
      throw new IllegalArgumentException("malformed JSON (" + firstLine(e.getMessage()) + ")");
    }
    if (parsed instanceof JsonArray array) {
      return array;
    }
    if (parsed instanceof JsonObject object) {
      for (String key : List.of("data", "policies")) {
        if (object.getValue(key) instanceof JsonArray array) {
          return array;
        }
      }
    }
    throw new IllegalArgumentException("expected a JSON array of policies or {\"data\": [...]}");
  }

  private static String firstLine(String message) {
    String text = String.valueOf(message);
    int cut = text.indexOf('\n');
    return (cut < 0 ? text : text.substring(0, cut)).replaceAll("\\s+at \\[Source.*", "");
  }

  // ---- merge, with the last good version of an invalid policy kept ---------------------------------------

  private record Applied(JsonArray accepted, List<String> skipped) {
  }

  /** Merges {@code policies} over the local ones, installs the set, and makes it the one in force. */
  private Applied apply(JsonArray policies, PolicyCache.Entry from, String source) {
    List<String> skipped = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    JsonArray candidates = new JsonArray();
    for (int i = 0; i < policies.size(); i++) {
      if (policies.getValue(i) instanceof JsonObject policy) {
        candidates.add(policy);
        positions.add(i);
      } else {
        skipped.add(new SkippedPolicy(i, null, "not a policy object").toString());
      }
    }
    String label = source + (from.etag() == null ? "" : " (etag " + from.etag() + ")");
    MergeResult<S> merged = merger.merge(candidates, label);
    JsonArray accepted = candidates;
    if (!merged.skipped().isEmpty()) {
      accepted = keepLastGood(candidates, positions, merged.skipped(), skipped);
      merged = merger.merge(accepted, label);
      merged.skipped().forEach(s -> skipped.add(s.toString())); // only if the last good versions no longer pass
    }
    install.accept(merged.set());
    current = new PolicyCache.Entry(from.etag(), from.fetchedAtMillis(), from.baseUrl(), accepted);
    state.enforcing(view(source, current, skipped));
    return new Applied(accepted, skipped);
  }

  private JsonArray keepLastGood(JsonArray candidates, List<Integer> positions, List<SkippedPolicy> invalid,
                                 List<String> report) {
    Map<String, JsonObject> lastGood = new HashMap<>();
    if (current != null) {
      current.policies().stream().filter(JsonObject.class::isInstance).map(JsonObject.class::cast)
          .forEach(p -> lastGood.put(p.getString("name"), p));
    }
    Map<Integer, SkippedPolicy> byIndex = new HashMap<>();
    invalid.forEach(s -> byIndex.putIfAbsent(s.index(), s));
    JsonArray accepted = new JsonArray();
    for (int i = 0; i < candidates.size(); i++) {
      JsonObject policy = candidates.getJsonObject(i);
      SkippedPolicy problem = byIndex.get(i);
      if (problem == null) {
        accepted.add(policy);
        continue;
      }
      JsonObject previous = lastGood.get(policy.getString("name"));
      SkippedPolicy shown = new SkippedPolicy(positions.get(i), problem.name(), problem.problem());
      report.add(shown + (previous == null ? "" : "; keeping the previous version"));
      if (previous != null) {
        accepted.add(previous);
      }
    }
    return accepted;
  }

  private static PolicyView view(String source, PolicyCache.Entry entry, List<String> skipped) {
    return new PolicyView(source, entry.etag(), entry.fetchedAtMillis(), entry.policies().size(), skipped);
  }

  // ---- follower ------------------------------------------------------------------------------------------

  /** Mirrors the leader's outcome; adopts (and persists) its policies when they changed. Never fails. */
  Future<Void> follow() {
    return shared.view().compose(view -> {
      if (view == null) {
        return Future.succeededFuture();
      }
      state.mirror(view);
      CloudSyncState.PolicyView leaders = view.policies();
      if (leaders.fetchedAtMillis() == 0 || current != null && current.fetchedAtMillis() == leaders.fetchedAtMillis()
          && Objects.equals(current.etag(), leaders.etag())) {
        return Future.succeededFuture();
      }
      return shared.policies().map(entry -> {
        if (entry != null) {
          adopt(entry);
        }
        return null;
      });
    }).<Void>mapEmpty().otherwise((Void) null);
  }

  /** Another node's set (already in the cluster's policy store): remember its ETag and persist it. */
  private void adopt(PolicyCache.Entry entry) {
    current = entry;
    persist(entry);
  }

  // ---- outcome -------------------------------------------------------------------------------------------

  private void succeeded() {
    state.succeeded();
    if (loggedReason != null) {
      LOG.log(System.Logger.Level.INFO, "cloud sync: control plane reachable again");
      loggedReason = null;
    }
  }

  private void failed(Reason reason, String error) {
    state.syncFailed.increment();
    state.failed(reason, error);
    if (reason != loggedReason) {
      LOG.log(System.Logger.Level.WARNING, "cloud sync: " + error + " — operating offline with cached policies");
      loggedReason = reason;
    }
  }

  private static String key(PolicyCache.Entry entry) {
    return entry.etag() + "@" + entry.fetchedAtMillis();
  }

  private void persist(PolicyCache.Entry entry) {
    if (key(entry).equals(persistedKey)) {
      return;
    }
    persistedKey = key(entry);
    vertx.executeBlocking(() -> {
      cache.write(entry);
      return null;
    }, true).onComplete(done -> {
      if (done.succeeded()) {
        state.persistWrites.increment();
      } else {
        state.persistFailures.increment();
        persistedKey = null;
        LOG.log(System.Logger.Level.WARNING, "cloud sync: cannot persist policies to " + cache.file() + ": "
            + done.cause().getMessage());
      }
    });
  }
}
