package ai.rivano.gateway.cli;

import ai.rivano.gateway.bus.Messages.ClusterReport;
import ai.rivano.gateway.bus.Messages.NodeReport;
import ai.rivano.gateway.bus.Messages.ProviderState;
import ai.rivano.gateway.bus.Messages.StatusReport;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Formats a {@link StatusReport} as the lines of the user's deployment page, in that order. */
final class StatusLines {

  private StatusLines() {
  }

  /**
   * The lines for a clustered node: the page's seven (with {@code Requests} as the cluster total), then
   * {@code Cluster: N nodes} and one line per node, this one first, then this node's provider lines when it has a
   * fallback. Without a cluster part, the standalone lines.
   */
  static List<String> of(StatusReport r, ClusterReport cluster) {
    if (cluster == null) {
      return of(r);
    }
    List<String> lines = sevenLines(r);
    lines.add("Cluster: " + cluster.nodes().size() + (cluster.nodes().size() == 1 ? " node" : " nodes"));
    cluster.nodes().forEach(n -> lines.add("  " + node(n, n.nodeId().equals(cluster.thisNode()))));
    providerLines(r, "Providers (this node):", lines);
    return lines;
  }

  /**
   * {@code 10.0.0.11:8080 (this node): serving, up 2h 14m, 4,821 requests (97.8% success), circuits openai closed,
   * anthropic open}; a member that did not answer: {@code 10.0.0.12 (cluster port 5701): not answering}.
   */
  static String node(NodeReport n, boolean self) {
    String name = n.address() + (self ? " (this node)" : "");
    if (!n.answered()) {
      return name + ": not answering";
    }
    StringBuilder line = new StringBuilder(name).append(": ").append(n.draining() ? "draining" : "serving")
        .append(", up ").append(uptime(n.uptimeSeconds()))
        .append(", ").append(requests(n.stats().requests(), n.stats().successes()).replace(" (", " requests ("));
    List<ProviderState> providers = n.providers().providers();
    if (!providers.isEmpty()) {
      line.append(", circuits ");
      for (int i = 0; i < providers.size(); i++) {
        line.append(i == 0 ? "" : ", ").append(providers.get(i).name()).append(' ').append(providers.get(i).circuit());
      }
    }
    return line.toString();
  }

  static List<String> of(StatusReport r) {
    List<String> lines = sevenLines(r);
    // The seven lines are the user's page, exactly; with a fallback configured, each provider's circuit and
    // attempt counts follow (single-provider output stays the page's seven lines).
    providerLines(r, "Providers:", lines);
    return lines;
  }

  private static List<String> sevenLines(StatusReport r) {
    List<String> lines = new ArrayList<>();
    lines.add("Gateway status: running");
    lines.add("PID: " + r.pid());
    lines.add("Port: " + r.port());
    lines.add("Uptime: " + uptime(r.uptimeSeconds()));
    lines.add("Requests: " + requests(r.stats().requests(), r.stats().successes()));
    lines.add("Provider: " + r.provider() + " (" + r.providerRole() + ")");
    lines.add("Cloud sync: " + cloudSync(r, System.currentTimeMillis()));
    return lines;
  }

  private static void providerLines(StatusReport r, String title, List<String> lines) {
    if (r.providers().providers().size() > 1) {
      lines.add(title);
      r.providers().providers().forEach(p -> lines.add(String.format(Locale.US, "  %s (%s): circuit %s, %,d attempts, %,d failed",
          p.name(), p.role(), p.circuit(), p.attempts(), p.failures())));
    }
  }

  /** {@code 3d 2h}, {@code 2h 14m}, {@code 5m 12s}, {@code 42s}: the two largest units. */
  static String uptime(long seconds) {
    long days = seconds / 86_400;
    long hours = seconds % 86_400 / 3600;
    long minutes = seconds % 3600 / 60;
    long secs = seconds % 60;
    if (days > 0) {
      return days + "d " + hours + "h";
    }
    if (hours > 0) {
      return hours + "h " + minutes + "m";
    }
    if (minutes > 0) {
      return minutes + "m " + secs + "s";
    }
    return secs + "s";
  }

  /** {@code 4,821 (97.8% success)}; with no requests yet nothing has failed, so 100.0 %. */
  static String requests(long total, long successes) {
    double rate = total == 0 ? 100.0 : 100.0 * successes / total;
    return String.format(Locale.US, "%,d (%.1f%% success)", total, Math.floor(rate * 10) / 10);
  }

  /**
   * The {@code Cloud sync:} value with the detail of the report's {@code cloud} object: a rejected key, and a node
   * that has not reached the control plane since it started but enforces the persisted policies.
   */
  static String cloudSync(StatusReport r, long nowMillis) {
    JsonObject cloud = r.cloud();
    if (!"degraded".equals(r.cloudSync())) {
      return r.cloudSync();
    }
    if ("api_key_rejected".equals(cloud.getString("reason"))) {
      return "degraded (API key rejected)";
    }
    JsonObject policies = cloud.getJsonObject("policies", new JsonObject());
    if (r.lastSyncMillis() <= 0 && "persisted".equals(policies.getString("source"))) {
      return "degraded (never connected, enforcing saved policies from "
          + ago(policies.getLong("fetchedAtMillis", 0L), nowMillis) + " ago)";
    }
    return cloudSync(r.cloudSync(), r.lastSyncMillis(), nowMillis);
  }

  static String cloudSync(String state, long lastSuccessMillis, long nowMillis) {
    if (!"degraded".equals(state)) {
      return state;
    }
    if (lastSuccessMillis <= 0) {
      return "degraded (never connected)";
    }
    return "degraded (last success " + ago(lastSuccessMillis, nowMillis) + " ago)";
  }

  /** {@code 42s}, {@code 4m}, {@code 2h 14m}, {@code 3d 2h}. */
  private static String ago(long thenMillis, long nowMillis) {
    long agoSeconds = Math.max(0, (nowMillis - thenMillis) / 1000);
    return agoSeconds < 60 ? agoSeconds + "s" : agoSeconds < 3600 ? agoSeconds / 60 + "m" : uptime(agoSeconds);
  }
}
