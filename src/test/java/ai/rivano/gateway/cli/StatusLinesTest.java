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
}
