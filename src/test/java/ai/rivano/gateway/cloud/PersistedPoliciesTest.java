package ai.rivano.gateway.cloud;

import ai.rivano.gateway.cloud.CloudSyncState.Reason;
import ai.rivano.gateway.testing.Futures;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static ai.rivano.gateway.cloud.ControlPlaneStub.policy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The last good set on disk: written after each change, enforced at start before the first sync. */
@ExtendWith(VertxExtension.class)
class PersistedPoliciesTest {

  private static final JsonArray LOCAL = new JsonArray().add(policy("local-only", "x"));

  @TempDir
  Path dir;

  @Test
  void aRestartDuringAnOutageEnforcesThePersistedSetAndTheFirstAnswerConfirmsIt(Vertx vertx) throws Exception {
    ControlPlaneStub plane = ControlPlaneStub.start(vertx)
        .policies(new JsonArray().add(policy("a", "alpha")).add(policy("b", "beta")));
    CloudSyncSettings settings = CloudNode.settings(plane.baseUrl(), dir);
    Path file = settings.cacheFile();

    Vertx first = Vertx.vertx();
    try {
      CloudNode before = CloudNode.deploy(first, settings, LOCAL);
      await().atMost(Duration.ofSeconds(5)).until(() -> before.state.toJson().getJsonObject("persist").getLong("writes") == 1);
    } finally {
      Futures.await(first.close());
    }
    JsonObject onDisk = new JsonObject(Files.readString(file));
    assertEquals(plane.etag(), onDisk.getString("etag"));
    assertEquals(plane.baseUrl(), onDisk.getString("baseUrl"));
    assertEquals(List.of("a", "b"), TestMerger.names(onDisk.getJsonArray("policies")));
    try (var listing = Files.list(dir)) {
      assertEquals(List.of(file), listing.toList(), "no temporary file left behind");
    }

    plane.down();
    CloudNode after = CloudNode.deploy(vertx, settings, LOCAL); // returns once started
    assertEquals(List.of("local-only", "a", "b"), after.names(), "enforced before any sync succeeded");
    assertEquals("persisted", after.state.view().policies().source());
    assertEquals(plane.etag(), after.state.view().policies().etag());
    await().atMost(Duration.ofSeconds(5)).until(() -> after.state.view().reason() == Reason.UNREACHABLE);
    assertFalse(after.state.connected());
    JsonObject health = after.state.healthDetail();
    assertEquals("persisted", health.getJsonObject("cachedPolicies").getString("source"));
    assertEquals(onDisk.getString("fetchedAt"), health.getJsonObject("cachedPolicies").getString("fetchedAt"));

    plane.up();
    await().atMost(Duration.ofSeconds(5)).until(after.state::connected);
    ControlPlaneStub.Seen confirm = plane.policyCalls().get(plane.policyCalls().size() - 1);
    assertEquals(plane.etag(), confirm.headers().get("If-None-Match"), "the persisted ETag makes the first poll conditional");
    assertEquals("cloud", after.state.view().policies().source(), "a 304 confirms the persisted set");
    assertEquals(1, after.installs(), "confirmed, not installed again");
  }

  @Test
  void aCorruptOrForeignCacheFileIsIgnoredAndTheNodeStillStarts(Vertx vertx) throws Exception {
    ControlPlaneStub plane = ControlPlaneStub.start(vertx);
    plane.down();
    CloudSyncSettings settings = CloudNode.settings(plane.baseUrl(), dir);

    Files.writeString(settings.cacheFile(), "{\"format\":1,\"etag\":\"x\",\"polic");
    CloudNode corrupt = CloudNode.deploy(vertx, settings, LOCAL);
    assertEquals(List.of("local-only"), corrupt.names());
    assertEquals("config", corrupt.state.view().policies().source());

    new PolicyCache(settings.cacheFile()).write(new PolicyCache.Entry("\"v9\"", 1_000, "https://other.example",
        new JsonArray().add(policy("foreign", "f"))));
    CloudNode foreign = CloudNode.deploy(vertx, settings, LOCAL);
    assertEquals(List.of("local-only"), foreign.names(), "policies of another control plane are not enforced");
  }

  @Test
  void theFileIsReplacedWholeOnEveryChange(Vertx vertx) throws Exception {
    ControlPlaneStub plane = ControlPlaneStub.start(vertx).policies(new JsonArray().add(policy("a", "alpha")));
    CloudSyncSettings settings = CloudNode.settings(plane.baseUrl(), dir);
    CloudNode node = CloudNode.deploy(vertx, settings, LOCAL);
    await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(settings.cacheFile()));

    plane.policies(new JsonArray().add(policy("b", "beta")));
    String etag = plane.etag();
    await().atMost(Duration.ofSeconds(5)).until(() -> etag.equals(readEtag(settings.cacheFile())));
    PolicyCache.Entry entry = new PolicyCache(settings.cacheFile()).read().orElseThrow();
    assertEquals(List.of("b"), TestMerger.names(entry.policies()));
    assertEquals(node.state.view().policies().fetchedAtMillis(), entry.fetchedAtMillis());
    try (var listing = Files.list(dir)) {
      assertEquals(1, listing.count());
    }
    await().atMost(Duration.ofSeconds(2)).until(() -> writes(node) == 2);
    int polls = plane.policyCalls().size();
    await().atMost(Duration.ofSeconds(5)).until(() -> plane.policyCalls().size() >= polls + 2);
    assertEquals(2, writes(node), "one write per change, none for a 304");
  }

  private static long writes(CloudNode node) {
    return node.state.toJson().getJsonObject("persist").getLong("writes");
  }

  private static String readEtag(Path file) {
    try {
      return new JsonObject(Files.readString(file)).getString("etag");
    } catch (Exception e) {
      return null; // not there yet
    }
  }
}
