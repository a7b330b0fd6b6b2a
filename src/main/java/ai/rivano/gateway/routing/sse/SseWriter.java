package ai.rivano.gateway.routing.sse;

import io.vertx.core.buffer.Buffer;
import java.util.List;

/** Serialises events for a client response; batches a translator's output into one write. */
public final class SseWriter {

  private SseWriter() {}

  public static Buffer toBuffer(SseEvent event) {
    return event.toBuffer();
  }

  /** One buffer for several events, so a translated upstream event costs one socket write. */
  public static Buffer toBuffer(List<SseEvent> events) {
    Buffer out = Buffer.buffer();
    for (SseEvent event : events) {
      out.appendString(event.toWireString());
    }
    return out;
  }
}
