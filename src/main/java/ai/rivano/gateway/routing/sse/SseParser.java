package ai.rivano.gateway.routing.sse;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Incremental parser for a text/event-stream (WHATWG "event stream interpretation").
 *
 * <p>Chunks may split anywhere: inside a line, between CR and LF, or inside a multi-byte UTF-8
 * character. Only the bytes of the current unfinished line and the fields of the current
 * unfinished event are kept, never the stream so far. Lines are decoded only once complete,
 * which is what makes split UTF-8 sequences safe.
 */
public final class SseParser {

  /**
   * Largest event (or single line) kept in memory. An upstream that never ends its line would otherwise grow the
   * buffer without bound; LLM stream events are a few hundred bytes.
   */
  public static final int MAX_EVENT_BYTES = 4 * 1024 * 1024;

  /** Thrown by {@link #feed} when an event outgrows {@link #MAX_EVENT_BYTES}; the stream cannot continue. */
  public static final class EventTooLargeException extends RuntimeException {
    EventTooLargeException() {
      super("an SSE event exceeded " + MAX_EVENT_BYTES + " bytes", null, false, false);
    }
  }

  private final Consumer<SseEvent> handler;

  /** Bytes of the line being read (no terminator). */
  private Buffer partialLine = Buffer.buffer();
  /** The previous chunk ended in CR: a leading LF in the next chunk belongs to that line end. */
  private boolean skipLeadingLf;

  private String eventName;
  private String lastEventId;
  private StringBuilder data;

  public SseParser(Consumer<SseEvent> handler) {
    this.handler = Objects.requireNonNull(handler);
  }

  public void feed(Buffer chunk) {
    int length = chunk.length();
    int lineStart = 0;
    int i = 0;
    if (skipLeadingLf && length > 0) {
      skipLeadingLf = false;
      if (chunk.getByte(0) == '\n') {
        lineStart = i = 1;
      }
    }
    for (; i < length; i++) {
      byte b = chunk.getByte(i);
      if (b != '\n' && b != '\r') {
        continue;
      }
      appendToLine(chunk, lineStart, i);
      completeLine();
      if (b == '\r') {
        if (i + 1 < length) {
          if (chunk.getByte(i + 1) == '\n') {
            i++;
          }
        } else {
          skipLeadingLf = true;
        }
      }
      lineStart = i + 1;
    }
    appendToLine(chunk, lineStart, length);
  }

  /**
   * The upstream closed. The spec discards an event without its blank line; we dispatch it,
   * because several upstreams omit the final blank line and the last event (often the one with
   * the finish reason and usage) matters more than strictness.
   */
  public void end() {
    if (partialLine.length() > 0) {
      completeLine();
    }
    dispatch();
  }

  private void appendToLine(Buffer chunk, int from, int to) {
    if (to > from) {
      partialLine.appendBuffer(chunk, from, to - from);
      if (partialLine.length() > MAX_EVENT_BYTES) {
        throw new EventTooLargeException();
      }
    }
  }

  private void completeLine() {
    String line = partialLine.length() == 0 ? "" : partialLine.toString(StandardCharsets.UTF_8);
    partialLine = Buffer.buffer();
    if (line.isEmpty()) {
      dispatch();
      return;
    }
    if (line.charAt(0) == ':') {
      return; // comment / keep-alive
    }
    int colon = line.indexOf(':');
    String field = colon < 0 ? line : line.substring(0, colon);
    String value = colon < 0 ? "" : line.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    switch (field) {
      case "data" -> {
        if (data == null) {
          data = new StringBuilder(value);
        } else {
          data.append('\n').append(value);
        }
        if (data.length() > MAX_EVENT_BYTES) {
          throw new EventTooLargeException();
        }
      }
      case "event" -> eventName = value;
      case "id" -> {
        if (value.indexOf('\0') < 0) {
          lastEventId = value;
        }
      }
      default -> { } // "retry" and unknown fields do not affect translation
    }
  }

  private void dispatch() {
    if (data != null) {
      handler.accept(new SseEvent(eventName, data.toString(), lastEventId));
    }
    data = null;
    eventName = null;
    // Per spec, the last event id persists across events; we only report what the event carried.
    lastEventId = null;
  }
}
