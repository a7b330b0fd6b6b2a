package ai.rivano.gateway.routing.translate;

import ai.rivano.gateway.routing.sse.SseEvent;
import java.util.List;

/**
 * Translates one upstream SSE stream into the client's format. One instance per stream; state is
 * O(1) in the length of the answer (indices and counters, never the text).
 */
public interface StreamTranslator {

  /** Client events produced by one upstream event; often empty (pings, block stops). */
  List<SseEvent> onEvent(SseEvent upstreamEvent);

  /**
   * The upstream connection ended. Returns the client-format terminator (e.g. OpenAI {@code [DONE]},
   * Anthropic {@code message_delta}+{@code message_stop}) only when {@link #upstreamFinished()};
   * for a cut stream it returns nothing and the caller must rescue or send an error event.
   */
  List<SseEvent> onEnd();

  /**
   * True once the upstream reported the answer complete (a stop/finish reason, or the format's
   * own terminator). A stream that ends without it was cut.
   */
  boolean upstreamFinished();

  /** True when the upstream sent an in-stream error event (already translated for the client). */
  boolean upstreamFailed();
}
