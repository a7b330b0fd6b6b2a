package ai.rivano.gateway.cloud;

import ai.rivano.gateway.cloud.CloudSyncState.PolicyView;
import ai.rivano.gateway.cloud.CloudSyncState.Reason;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The state transitions of {@code /health} and {@code status}, on a clock the test moves. */
class CloudSyncStateTest {

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final CloudSyncState state = CloudSyncState.enabled(CloudNode.settings("http://127.0.0.1:1", Path.of(".")),
      now::get);

  @Test
  void connectedWhileTheLastSuccessIsAtMostThreeIntervalsOld() {
    assertEquals("degraded", state.word(), "never connected yet");
    assertEquals("never_connected", state.healthDetail().getString("reason"));

    state.succeeded();
    assertTrue(state.connected());
    state.failed(Reason.UNREACHABLE, "connection refused");
    now.addAndGet(3_000);
    assertTrue(state.connected(), "failed polls within three intervals are a blip");
    now.addAndGet(1);
    assertFalse(state.connected());
    assertEquals("degraded", state.word());
    assertEquals("unreachable", state.healthDetail().getString("reason"));

    state.succeeded();
    assertEquals("connected", state.word());
  }

  @Test
  void aRejectedKeyDegradesAtOnce() {
    state.succeeded();
    state.failed(Reason.API_KEY_REJECTED, "GET /api/policies answered 401 (API key rejected)");
    assertFalse(state.connected());
    assertEquals("api_key_rejected", state.toJson().getString("reason"));
  }

  @Test
  void theViewCrossesTheClusterAsJsonUnchanged() {
    state.succeeded();
    state.failed(Reason.RATE_LIMITED, "GET /api/policies answered 429");
    state.enforcing(new PolicyView("cloud", "\"v3\"", 42, 2, List.of("policies[1] (x): bad")));
    CloudSyncState.SyncView view = state.view();
    assertEquals(view, CloudSyncState.SyncView.fromJson(new JsonObject(view.toJson().encode())));
  }

  @Test
  void withoutACloudSectionItIsDisabledAndTracesGoNowhere() {
    CloudSyncState off = CloudSyncState.disabled();
    assertEquals("disabled", off.word());
    assertFalse(off.connected());
    off.traces().accept(TraceIngestTest.plainRecord("trace_x"));
    assertEquals(0, off.toJson().getJsonObject("ingest").getLong("accepted"));
  }
}
