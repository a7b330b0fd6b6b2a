package ai.rivano.gateway.pipeline;

import ai.rivano.gateway.routing.sse.SseEvent;
import io.vertx.core.json.JsonObject;

/**
 * One step of the per-event phase of a stream (usage accounting, response PII with its hold-back window, response
 * policies, token restoration). For each stream it makes a {@link Filter} that sees every event in the client's
 * dialect, in order, before it leaves.
 */
public interface StreamStep {

  String id();

  /** A filter for this request's stream, or null when the step has nothing to do on it. */
  Filter newFilter(RequestContext ctx);

  /** What a filter sends on: events to pass downstream, or a block that ends the stream with an error event. */
  interface Emitter {
    void emit(SseEvent event, JsonObject parsed);

    /** Ends the stream with an error event in the client's dialect naming why; nothing more is sent. */
    void block(Rejection rejection);
  }

  /** Per-stream state. Events it holds back (a possible match spanning events) it emits later, or at the end. */
  interface Filter {
    /** @param parsed the event's data as JSON, or null when it is not JSON (e.g. {@code [DONE]}) */
    void onEvent(SseEvent event, JsonObject parsed, Emitter out);

    /** The upstream finished: release anything held. */
    void onEnd(Emitter out);
  }
}
