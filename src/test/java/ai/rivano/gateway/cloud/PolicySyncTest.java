package ai.rivano.gateway.cloud;

import ai.rivano.gateway.cloud.CloudSyncState.Reason;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static ai.rivano.gateway.cloud.ControlPlaneStub.policy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Policy polling against a control plane on loopback (a real HTTP server): conditional requests, remote changes
 * enforced within one interval, and every way the control plane can fail leaving the good set in force.
 */
@ExtendWith(VertxExtension.class)
class PolicySyncTest {

  /** One interval (1 s) plus generous slack for a loaded machine; a missed poll would take another full second. */
  private static final Duration ONE_INTERVAL = Duration.ofMillis(1_000 + 1_500);

  @TempDir
  Path dir;

  private static final JsonArray LOCAL = new JsonArray().add(policy("local-only", "x")).add(policy("shared", "local"));

  @Test
  void pollsWithTheKeyAndAnEtagAndA304ChangesNothing(Vertx vertx) {
    ControlPlaneStub plane = ControlPlaneStub.start(vertx).policies(new JsonArray().add(policy("a", "alpha")));
    CloudNode node = CloudNode.deploy(vertx, CloudNode.settings(plane.baseUrl(), dir), LOCAL);

    await().atMost(Duration.ofSeconds(10)).until(() -> plane.policyCalls().size() >= 3);
    ControlPlaneStub.Seen first = plane.policyCalls().get(0);
    assertEquals("GET", first.method());
    assertEquals("enabled=true&limit=500", first.query());
    assertEquals("Bearer " + CloudNode.API_KEY, first.headers().get("Authorization"));
    assertNull(first.headers().get("If-None-Match"), "nothing cached yet: an unconditional GET");
    assertEquals(plane.etag(), plane.policyCalls().get(1).headers().get("If-None-Match"));
    assertEquals(plane.etag(), plane.policyCalls().get(2).headers().get("If-None-Match"));

    assertEquals(List.of("local-only", "shared", "a"), node.names());
    assertEquals(1, node.installs(), "a 304 installs nothing");
    JsonObject counters = node.state.toJson().getJsonObject("sync");
    assertEquals(1, counters.getLong("updated"));
    assertTrue(counters.getLong("unchanged") >= 2, counters.encode());
    assertEquals(0, counters.getLong("failed"));
    assertTrue(node.state.connected());
    assertEquals("connected", node.state.word());
    assertEquals(plane.etag(), node.state.view().policies().etag());
  }

  @Test
  void aPolicyAddedRemotelyIsEnforcedWithinOneIntervalAndRemovedLikewise(Vertx vertx) {
    ControlPlaneStub plane = ControlPlaneStub.start(vertx).policies(new JsonArray().add(policy("a", "alpha")));
    CloudNode node = CloudNode.deploy(vertx, CloudNode.settings(plane.baseUrl(), dir), LOCAL);
    await().atMost(Duration.ofSeconds(5)).until(() -> node.names().contains("a"));

    plane.policies(new JsonArray().add(policy("a", "alpha")).add(policy("shared", "remote")));
    await().atMost(ONE_INTERVAL).until(() -> node.names().equals(List.of("local-only", "shared", "a")) && "remote"
        .equals(pattern(node, "shared")));

    plane.policies(new JsonArray().add(policy("shared", "remote")));
    await().atMost(ONE_INTERVAL).until(() -> !node.names().contains("a"));
    assertEquals(List.of("local-only", "shared"), node.names(), "removed remotely; the local ones stay");
    assertEquals(1, node.state.view().policies().remote());
  }

  @Test
  void malformedJsonOrAnotherShapeNeverReplacesTheGoodSet(Vertx vertx) {
    ControlPlaneStub plane = ControlPlaneStub.start(vertx).policies(new JsonArray().add(policy("a", "alpha")));
    CloudNode node = CloudNode.deploy(vertx, CloudNode.settings(plane.baseUrl(), dir), LOCAL);
    await().atMost(Duration.ofSeconds(5)).until(() -> node.names().contains("a"));
    JsonArray good = node.enforced();

    plane.policiesFault(ControlPlaneStub.body("{\"data\": [ {\"name\": \"a\", "));
    await().atMost(Duration.ofSeconds(5)).until(() -> node.state.view().reason() == Reason.BAD_RESPONSE);
    assertTrue(node.state.view().lastError().contains("malformed JSON"), node.state.view().lastError());
    assertEquals(good, node.enforced());

    long failed = failures(node);
    plane.policiesFault(ControlPlaneStub.body("{\"items\": []}"));
    await().atMost(Duration.ofSeconds(5)).until(() -> failures(node) > failed);
    assertTrue(node.state.view().lastError().contains("expected a JSON array"), node.state.view().lastError());
    assertEquals(good, node.enforced(), "an empty list under an unknown key is not \"no policies\"");
    assertEquals(1, node.installs());
  }

  @Test
  void anInvalidRemotePolicyIsSkippedAndReportedAndItsLastGoodVersionStays(Vertx vertx) {
    ControlPlaneStub plane = ControlPlaneStub.start(vertx).policies(new JsonArray().add(policy("a", "alpha")));
    CloudNode node = CloudNode.deploy(vertx, CloudNode.settings(plane.baseUrl(), dir), LOCAL);
    await().atMost(Duration.ofSeconds(5)).until(() -> node.names().contains("a"));

    plane.policies(new JsonArray().add(policy("a", "(unclosed")).add(policy("b", "beta")).add(policy("c", "[z-a]"))
        .add("not an object"));
    await().atMost(ONE_INTERVAL).until(() -> node.names().contains("b"));

    assertEquals(List.of("local-only", "shared", "a", "b"), node.names(), "c is new and invalid: not enforced");
    assertEquals("alpha", pattern(node, "a"), "a's last good version stays in force");
    List<String> skipped = node.state.view().policies().skipped();
    assertEquals(3, skipped.size(), skipped.toString());
    assertTrue(skipped.get(0).startsWith("policies[3]: not a policy object"), skipped.toString());
    assertTrue(skipped.get(1).startsWith("policies[0] (a): condition.pattern: invalid regular expression"), skipped.toString());
    assertTrue(skipped.get(1).endsWith("; keeping the previous version"), skipped.toString());
    assertTrue(skipped.get(2).startsWith("policies[2] (c): condition.pattern: invalid regular expression"), skipped.toString());
    assertTrue(node.state.toJson().getJsonObject("policies").getJsonArray("skipped").size() == 3);
    assertTrue(node.state.connected(), "the control plane answered: still connected");
  }

  @Test
  void aRejectedKeyIsDegradedAtOnceAndTheSetStays(Vertx vertx) {
    ControlPlaneStub plane = ControlPlaneStub.start(vertx).policies(new JsonArray().add(policy("a", "alpha")));
    CloudNode node = CloudNode.deploy(vertx, CloudNode.settings(plane.baseUrl(), dir), LOCAL);
    await().atMost(Duration.ofSeconds(5)).until(node.state::connected);

    plane.policiesFault(ControlPlaneStub.status(401));
    await().atMost(ONE_INTERVAL).until(() -> node.state.view().reason() == Reason.API_KEY_REJECTED);
    assertFalse(node.state.connected(), "a revoked key is not a blip: degraded without waiting three intervals");
    assertEquals("degraded", node.state.word());
    assertEquals("api_key_rejected", node.state.healthDetail().getString("reason"));
    assertTrue(node.names().contains("a"));
    assertFalse(node.state.view().lastError().contains(CloudNode.API_KEY));

    plane.policiesFault(ControlPlaneStub.status(403));
    plane.policiesFault(null);
    await().atMost(ONE_INTERVAL.multipliedBy(2)).until(node.state::connected);
  }

  @Test
  void a429sRetryAfterDelaysTheNextPoll(Vertx vertx) {
    ControlPlaneStub plane = ControlPlaneStub.start(vertx).policies(new JsonArray().add(policy("a", "alpha")));
    CloudNode node = CloudNode.deploy(vertx, CloudNode.settings(plane.baseUrl(), dir), LOCAL);
    await().atMost(Duration.ofSeconds(5)).until(() -> node.names().contains("a"));

    plane.policiesFault((request, body) -> {
      plane.policiesFault(null); // once
      ControlPlaneStub.status(429, "Retry-After", "3").accept(request, body);
    });
    await().atMost(Duration.ofSeconds(5)).until(() -> node.state.view().reason() == Reason.RATE_LIMITED);
    int limitedAt = plane.policyCalls().size() - 1;
    await().atMost(Duration.ofSeconds(10)).until(() -> plane.policyCalls().size() > limitedAt + 1);

    List<ControlPlaneStub.Seen> calls = plane.policyCalls();
    long gapMs = (calls.get(limitedAt + 1).atNanos() - calls.get(limitedAt).atNanos()) / 1_000_000;
    assertTrue(gapMs >= 2_900, "Retry-After: 3 honoured (interval is 1 s), next poll after " + gapMs + " ms");
    await().atMost(Duration.ofSeconds(2)).until(node.state::connected);
  }

  @Test
  void anOutageDegradesAfterThreeIntervalsAndRecovers(Vertx vertx) {
    ControlPlaneStub plane = ControlPlaneStub.start(vertx).policies(new JsonArray().add(policy("a", "alpha")));
    CloudNode node = CloudNode.deploy(vertx, CloudNode.settings(plane.baseUrl(), dir), LOCAL);
    await().atMost(Duration.ofSeconds(5)).until(node.state::connected);
    JsonArray good = node.enforced();

    plane.down();
    long downAt = System.nanoTime();
    await().atMost(Duration.ofSeconds(5)).until(() -> node.state.view().reason() == Reason.UNREACHABLE);
    assertTrue(node.state.connected() || (System.nanoTime() - downAt) / 1_000_000 >= 2_000,
        "one failed poll is a blip: connected until the last success is three intervals old");
    await().atMost(Duration.ofSeconds(8)).until(() -> !node.state.connected());
    assertTrue((System.nanoTime() - downAt) / 1_000_000 >= 2_000, "degraded only after ~3 intervals");
    assertEquals("degraded", node.state.word());
    assertEquals(good, node.enforced(), "offline with the cached policies");

    plane.up();
    await().atMost(ONE_INTERVAL).until(node.state::connected);
    assertNull(node.state.view().reason());
  }

  @Test
  void anAnswerLargerThanTheBoundIsRefused(Vertx vertx) {
    ControlPlaneStub plane = ControlPlaneStub.start(vertx).policies(new JsonArray().add(policy("a", "x".repeat(4_000))));
    CloudNode node = CloudNode.deploy(vertx, CloudNode.settings(plane.baseUrl(), dir).withMaxPolicyBytes(2_048), LOCAL);

    await().atMost(Duration.ofSeconds(5)).until(() -> node.state.view().reason() == Reason.BAD_RESPONSE);
    assertTrue(node.state.view().lastError().contains("answer larger than 2048 bytes"), node.state.view().lastError());
    assertEquals(LOCAL, node.enforced());
  }

  private static long failures(CloudNode node) {
    return node.state.toJson().getJsonObject("sync").getLong("failed");
  }

  private static String pattern(CloudNode node, String name) {
    return node.enforced().stream().map(JsonObject.class::cast).filter(p -> name.equals(p.getString("name")))
        .map(p -> p.getJsonObject("condition").getString("pattern")).findFirst().orElse(null);
  }
}
