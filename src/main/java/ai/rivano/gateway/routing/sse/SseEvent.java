package ai.rivano.gateway.routing.sse;

import io.vertx.core.buffer.Buffer;

/**
 * One server-sent event. {@code event} and {@code id} are null when the stream did not name them
 * (OpenAI and Gemini streams carry only {@code data:}; Anthropic names every event).
 */
public record SseEvent(String event, String data, String id) {

  /** The OpenAI end-of-stream sentinel. */
  public static final String DONE_DATA = "[DONE]";

  public SseEvent {
    if (data == null) {
      throw new IllegalArgumentException("data must not be null (use \"\" for an empty event)");
    }
  }

  public static SseEvent data(String data) {
    return new SseEvent(null, data, null);
  }

  public static SseEvent named(String event, String data) {
    return new SseEvent(event, data, null);
  }

  public static SseEvent done() {
    return data(DONE_DATA);
  }

  /** True for OpenAI's {@code data: [DONE]} terminator. */
  public boolean isDone() {
    return DONE_DATA.equals(data.trim());
  }

  /** Wire form, ending with the blank line that dispatches the event. */
  public Buffer toBuffer() {
    return Buffer.buffer(toWireString());
  }

  public String toWireString() {
    StringBuilder out = new StringBuilder(data.length() + 32);
    if (event != null) {
      out.append("event: ").append(event).append('\n');
    }
    if (id != null) {
      out.append("id: ").append(id).append('\n');
    }
    // A data value containing newlines must become several data: lines; the parser rejoins them with '\n'.
    int start = 0;
    while (true) {
      int nl = data.indexOf('\n', start);
      String line = nl < 0 ? data.substring(start) : data.substring(start, nl);
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      out.append("data: ").append(line).append('\n');
      if (nl < 0) {
        break;
      }
      start = nl + 1;
    }
    return out.append('\n').toString();
  }
}
