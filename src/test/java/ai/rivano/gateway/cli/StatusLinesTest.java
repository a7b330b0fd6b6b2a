package ai.rivano.gateway.cli;

import ai.rivano.gateway.bus.Messages;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StatusLinesTest {

  @Test
  void uptimeUsesTheTwoLargestUnits() {
    assertEquals("42s", StatusLines.uptime(42));
    assertEquals("5m 12s", StatusLines.uptime(312));
    assertEquals("2h 14m", StatusLines.uptime(2 * 3600 + 14 * 60 + 59));
    assertEquals("3d 2h", StatusLines.uptime(3 * 86_400 + 2 * 3600 + 5));
  }

  @Test
  void requestsHaveSeparatorsAndOneDecimalNeverRoundedUpToPerfect() {
    assertEquals("4,821 (97.8% success)", StatusLines.requests(4821, 4715));
    assertEquals("0 (100.0% success)", StatusLines.requests(0, 0));
    assertEquals("10,000 (99.9% success)", StatusLines.requests(10_000, 9_999));
  }

  @Test
  void cloudSyncStates() {
    assertEquals("disabled", StatusLines.cloudSync("disabled", 0, 0));
    assertEquals("connected", StatusLines.cloudSync("connected", 0, 0));
    assertEquals("degraded (last success 4m ago)", StatusLines.cloudSync("degraded", 1_000_000, 1_000_000 + 4 * 60_000 + 10_000));
  }

  @Test
  void cloudSyncLineNamesARejectedKeyAndASavedSetEnforcedSinceStart() {
    long now = 10_000_000;
    assertEquals("degraded (API key rejected)", StatusLines.cloudSync(cloudReport("degraded", now - 5_000,
        new JsonObject().put("reason", "api_key_rejected")), now));
    assertEquals("degraded (never connected)", StatusLines.cloudSync(cloudReport("degraded", 0,
        new JsonObject().put("reason", "unreachable")), now));
    assertEquals("degraded (never connected, enforcing saved policies from 2h 5m ago)", StatusLines.cloudSync(
        cloudReport("degraded", 0, new JsonObject().put("reason", "unreachable").put("policies",
            new JsonObject().put("source", "persisted").put("fetchedAtMillis", now - (2 * 3600 + 5 * 60) * 1000L))), now));
    assertEquals("degraded (last success 4m ago)", StatusLines.cloudSync(cloudReport("degraded", now - 4 * 60_000,
        new JsonObject().put("reason", "unreachable")), now));
    assertEquals("connected", StatusLines.cloudSync(cloudReport("connected", now, new JsonObject()), now));
  }

  private static Messages.StatusReport cloudReport(String state, long lastSuccess, JsonObject cloud) {
    return new Messages.StatusReport(7, 8080, 60, new Messages.StatsSnapshot(0, 0), "echo", "default", state,
        lastSuccess, new Messages.ProviderStates(List.of()), cloud);
  }

  @Test
  void theSevenLinesOfTheDeploymentPageInOrder() {
    var report = new Messages.StatusReport(12345, 8080, 2 * 3600 + 14 * 60, new Messages.StatsSnapshot(4821, 4715),
        "openai", "primary", "disabled", 0, new Messages.ProviderStates(List.of()));
    assertEquals(List.of("Gateway status: running", "PID: 12345", "Port: 8080", "Uptime: 2h 14m",
        "Requests: 4,821 (97.8% success)", "Provider: openai (primary)", "Cloud sync: disabled"), StatusLines.of(report));
  }

  @Test
  void withAFallbackEachProvidersCircuitAndAttemptsFollowTheSevenLines() {
    var providers = new Messages.ProviderStates(List.of(
        new Messages.ProviderState("openai", "primary", "open", 1_204, 37),
        new Messages.ProviderState("anthropic", "fallback", "closed", 40, 0)));
    var report = new Messages.StatusReport(7, 8080, 60, new Messages.StatsSnapshot(1_210, 1_209),
        "openai", "primary", "disabled", 0, providers);
    List<String> lines = StatusLines.of(report);
    assertEquals(10, lines.size());
    assertEquals("Requests: 1,210 (99.9% success)", lines.get(4));
    assertEquals(List.of("Providers:", "  openai (primary): circuit open, 1,204 attempts, 37 failed",
        "  anthropic (fallback): circuit closed, 40 attempts, 0 failed"), lines.subList(7, 10));
  }

  @Test
  void aSingleProviderKeepsExactlyTheSevenLines() {
    var providers = new Messages.ProviderStates(List.of(new Messages.ProviderState("openai", "primary", "closed", 5, 1)));
    var report = new Messages.StatusReport(7, 8080, 60, new Messages.StatsSnapshot(5, 4),
        "openai", "primary", "disabled", 0, providers);
    assertEquals(7, StatusLines.of(report).size());
  }
  @Test
  void aClusterKeepsTheSevenLinesFirstThenOneLinePerNodeThenThisNodesProviders() {
    var echo = new Messages.ProviderStates(List.of(new Messages.ProviderState("openai", "primary", "closed", 5, 0),
        new Messages.ProviderState("anthropic", "fallback", "open", 3, 3)));
    var self = new Messages.NodeReport("n1", "10.0.0.11:8080", true, 11, 2 * 3600 + 14 * 60,
        new Messages.StatsSnapshot(4_821, 4_715), echo, false);
    var peer = new Messages.NodeReport("n2", "10.0.0.12:8080", true, 12, 312, new Messages.StatsSnapshot(1_000, 1_000),
        echo, true);
    var silent = Messages.NodeReport.notAnswering("n3", "10.0.0.13 (cluster port 5701)");
    var cluster = new Messages.ClusterReport("n1", List.of(self, peer, silent), new Messages.StatsSnapshot(6_000, 5_900));
    var report = new Messages.StatusReport(11, 8080, 2 * 3600 + 14 * 60, new Messages.StatsSnapshot(6_000, 5_900),
        "openai", "primary", "disabled", 0, new Messages.ProviderStates(List.of(
            new Messages.ProviderState("openai", "primary", "closed", 5, 0),
            new Messages.ProviderState("anthropic", "fallback", "open", 3, 3))));
    assertEquals(List.of("Gateway status: running", "PID: 11", "Port: 8080", "Uptime: 2h 14m",
            "Requests: 6,000 (98.3% success)", "Provider: openai (primary)", "Cloud sync: disabled",
            "Cluster: 3 nodes",
            "  10.0.0.11:8080 (this node): serving, up 2h 14m, 4,821 requests (97.8% success), "
                + "circuits openai closed, anthropic open",
            "  10.0.0.12:8080: draining, up 5m 12s, 1,000 requests (100.0% success), circuits openai closed, "
                + "anthropic open",
            "  10.0.0.13 (cluster port 5701): not answering",
            "Providers (this node):",
            "  openai (primary): circuit closed, 5 attempts, 0 failed",
            "  anthropic (fallback): circuit open, 3 attempts, 3 failed"),
        StatusLines.of(report, cluster));
  }

  @Test
  void standaloneOutputIsUnchangedWithoutAClusterPart() {
    var report = new Messages.StatusReport(7, 8080, 60, new Messages.StatsSnapshot(5, 4),
        "openai", "primary", "disabled", 0, new Messages.ProviderStates(List.of()));
    assertEquals(StatusLines.of(report), StatusLines.of(report, null));
  }

  @Test
  void theClusterPartSurvivesItsJsonRoundTrip() {
    var self = new Messages.NodeReport("n1", "10.0.0.11:8080", true, 11, 60, new Messages.StatsSnapshot(3, 2),
        new Messages.ProviderStates(List.of(new Messages.ProviderState("echo", "primary", "closed", 0, 0))), false);
    var cluster = new Messages.ClusterReport("n1", List.of(self, Messages.NodeReport.notAnswering("n2", "h")),
        new Messages.StatsSnapshot(9, 8));
    assertEquals(cluster, Messages.ClusterReport.fromJson(cluster.toJson()));
  }
}
