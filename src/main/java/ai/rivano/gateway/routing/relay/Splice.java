package ai.rivano.gateway.routing.relay;

import ai.rivano.gateway.routing.sse.SseEvent;

/**
 * Joins a rescue stream onto a stream the client already has, event by event (in the client's dialect): drops what
 * the client saw once (opening events), renumbers what must continue, and trims what would be sent twice.
 */
public interface Splice {

  /** The event to send the client instead of {@code event}, or null to drop it. */
  SseEvent apply(SseEvent event);

  /** The rescue cannot continue the client's stream (a restarted answer that differs from what was sent). */
  final class Diverged extends RuntimeException {
    public Diverged(String why) {
      super(why, null, false, false);
    }
  }
}
