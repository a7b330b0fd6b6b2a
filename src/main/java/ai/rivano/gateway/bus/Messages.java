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
}
