package ai.rivano.gateway.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The shapes of the messages sent to the {@link Addresses}. Each is a record with {@code toJson()} and
 * {@code fromJson()}: JSON keeps messages readable by any node (also in a cluster) without custom codecs.
 */
public final class Messages {

  private Messages() {
  }

  /** Request counters of one node. Success = the client got a 2xx/3xx answer (a stream: it ended cleanly). */
  public record StatsSnapshot(long requests, long successes) {
    public JsonObject toJson() {
      return new JsonObject().put("requests", requests).put("successes", successes);
    }

    public static StatsSnapshot fromJson(JsonObject json) {
      return new StatsSnapshot(json.getLong("requests", 0L), json.getLong("successes", 0L));
    }
  }

  /**
   * One provider as the routing verticle sees it. {@code role}: primary, default, fallback or standby;
   * {@code circuit}: closed, open or half-open; attempts and failed attempts since start.
   */
  public record ProviderState(String name, String role, String circuit, long attempts, long failures) {
    public JsonObject toJson() {
      return new JsonObject().put("name", name).put("role", role).put("circuit", circuit)
          .put("attempts", attempts).put("failures", failures);
    }

    public static ProviderState fromJson(JsonObject json) {
      return new ProviderState(json.getString("name"), json.getString("role"), json.getString("circuit"),
          json.getLong("attempts", 0L), json.getLong("failures", 0L));
    }
  }

  /** Every configured provider, in config order. */
  public record ProviderStates(List<ProviderState> providers) {
    public JsonObject toJson() {
      JsonArray list = new JsonArray();
      providers.forEach(p -> list.add(p.toJson()));
      return new JsonObject().put("providers", list);
    }

    public static ProviderStates fromJson(JsonObject json) {
      List<ProviderState> list = new ArrayList<>();
      json.getJsonArray("providers", new JsonArray()).forEach(o -> list.add(ProviderState.fromJson((JsonObject) o)));
      return new ProviderStates(list);
    }
  }

  /**
   * What {@code rivano-gateway status} prints, as data.
   *
   * @param cloudSync      {@code connected}, {@code degraded} or {@code disabled}
   * @param lastSyncMillis epoch millis of the last successful sync, or 0
   * @param cloud          cloud sync's detail and counters ({@code CloudSyncState.toJson()}), empty when disabled
   */
  public record StatusReport(long pid, int port, long uptimeSeconds, StatsSnapshot stats, String provider,
                             String providerRole, String cloudSync, long lastSyncMillis, ProviderStates providers,
                             JsonObject cloud) {

    public StatusReport(long pid, int port, long uptimeSeconds, StatsSnapshot stats, String provider,
                        String providerRole, String cloudSync, long lastSyncMillis, ProviderStates providers) {
      this(pid, port, uptimeSeconds, stats, provider, providerRole, cloudSync, lastSyncMillis, providers,
          new JsonObject());
    }

    public JsonObject toJson() {
      return new JsonObject()
          .put("pid", pid).put("port", port).put("uptimeSeconds", uptimeSeconds)
          .put("stats", stats.toJson())
          .put("provider", provider).put("providerRole", providerRole)
          .put("cloudSync", cloudSync).put("lastSyncMillis", lastSyncMillis)
          .put("providers", providers.toJson().getJsonArray("providers"))
          .put("cloud", cloud);
    }

    public static StatusReport fromJson(JsonObject json) {
      return new StatusReport(json.getLong("pid"), json.getInteger("port"), json.getLong("uptimeSeconds"),
          StatsSnapshot.fromJson(json.getJsonObject("stats", new JsonObject())),
          json.getString("provider"), json.getString("providerRole"), json.getString("cloudSync"),
          json.getLong("lastSyncMillis", 0L),
          ProviderStates.fromJson(new JsonObject().put("providers", json.getJsonArray("providers", new JsonArray()))),
          json.getJsonObject("cloud", new JsonObject()));
    }
  }
  /**
   * One node as the cluster's {@code status} shows it, answered by that node on {@link Addresses#nodeStatus}.
   * A member that did not answer in time is listed with {@code answered} false and only its id and address.
   *
   * @param address  where the node serves, {@code host:port} ({@code host} is its cluster address)
   */
  public record NodeReport(String nodeId, String address, boolean answered, long pid, long uptimeSeconds,
                           StatsSnapshot stats, ProviderStates providers, boolean draining) {

    public static NodeReport notAnswering(String nodeId, String address) {
      return new NodeReport(nodeId, address, false, 0, 0, new StatsSnapshot(0, 0), new ProviderStates(List.of()),
          false);
    }

    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("nodeId", nodeId).put("address", address).put("answered", answered);
      if (answered) {
        json.put("pid", pid).put("uptimeSeconds", uptimeSeconds).put("stats", stats.toJson())
            .put("providers", providers.toJson().getJsonArray("providers")).put("draining", draining);
      }
      return json;
    }

    public static NodeReport fromJson(JsonObject json) {
      return new NodeReport(json.getString("nodeId"), json.getString("address"), json.getBoolean("answered", true),
          json.getLong("pid", 0L), json.getLong("uptimeSeconds", 0L),
          StatsSnapshot.fromJson(json.getJsonObject("stats", new JsonObject())),
          ProviderStates.fromJson(new JsonObject().put("providers", json.getJsonArray("providers", new JsonArray()))),
          json.getBoolean("draining", false));
    }
  }

  /**
   * The cluster part of the status (clustered nodes only): every member, this node first, and the cluster's
   * request totals (live figures of the nodes that answered plus the last flushed figures of every other node,
   * departed ones included). Carried in the status JSON under {@code cluster}.
   */
  public record ClusterReport(String thisNode, List<NodeReport> nodes, StatsSnapshot totals) {
    public JsonObject toJson() {
      JsonArray list = new JsonArray();
      nodes.forEach(n -> list.add(n.toJson()));
      return new JsonObject().put("thisNode", thisNode).put("nodes", list).put("totals", totals.toJson());
    }

    public static ClusterReport fromJson(JsonObject json) {
      List<NodeReport> list = new ArrayList<>();
      json.getJsonArray("nodes", new JsonArray()).forEach(o -> list.add(NodeReport.fromJson((JsonObject) o)));
      return new ClusterReport(json.getString("thisNode"), list,
          StatsSnapshot.fromJson(json.getJsonObject("totals", new JsonObject())));
    }
  }
}
