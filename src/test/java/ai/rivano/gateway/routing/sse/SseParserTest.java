package ai.rivano.gateway.routing.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SseParserTest {

  private static final String STREAM = ": keep-alive comment\n"
      + "event: message_start\n"
      + "data: {\"type\":\"message_start\"}\n"
      + "\n"
      + "data: line one\n"
      + "data: line two\n"
      + "id: 42\n"
      + "\n"
      + ":another comment\n"
      + "data:no-space\n"
      + "retry: 1000\n"
      + "\n"
      + "data: héllo wörld ✓ 😀\n"
      + "\n"
      + "data: [DONE]\n"
      + "\n";

  private static List<SseEvent> parseInChunks(byte[] raw, int chunkSize) {
    List<SseEvent> events = new ArrayList<>();
    SseParser parser = new SseParser(events::add);
    for (int i = 0; i < raw.length; i += chunkSize) {
      parser.feed(Buffer.buffer(Arrays.copyOfRange(raw, i, Math.min(raw.length, i + chunkSize))));
    }
    parser.end();
    return events;
  }

  private static void assertExpectedEvents(List<SseEvent> events) {
    assertEquals(5, events.size(), events.toString());
    assertEquals(new SseEvent("message_start", "{\"type\":\"message_start\"}", null), events.get(0));
    assertEquals(new SseEvent(null, "line one\nline two", "42"), events.get(1));
    assertEquals(new SseEvent(null, "no-space", null), events.get(2));
    assertEquals("héllo wörld ✓ 😀", events.get(3).data());
    assertTrue(events.get(4).isDone());
    assertFalse(events.get(3).isDone());
  }

  /** Every split position, including inside multi-byte UTF-8 characters. */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5, 13, 64, 10_000})
  void parsesLfStreamInAnySplit(int chunkSize) {
    assertExpectedEvents(parseInChunks(STREAM.getBytes(StandardCharsets.UTF_8), chunkSize));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 10_000})
  void parsesCrLfStreamInAnySplitIncludingBetweenCrAndLf(int chunkSize) {
    byte[] crlf = STREAM.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    assertExpectedEvents(parseInChunks(crlf, chunkSize));
  }

  @Test
  void parsesBareCrLineEnds() {
    byte[] cr = STREAM.replace("\n", "\r").getBytes(StandardCharsets.UTF_8);
    assertExpectedEvents(parseInChunks(cr, 1));
  }

  @Test
  void crAtEndOfChunkFollowedByLfIsOneLineEnd() {
    List<SseEvent> events = new ArrayList<>();
    SseParser parser = new SseParser(events::add);
    parser.feed(Buffer.buffer("data: a\r"));
    parser.feed(Buffer.buffer("\ndata: b\r"));
    parser.feed(Buffer.buffer("\n\r"));
    parser.feed(Buffer.buffer("\n"));
    assertEquals(List.of(SseEvent.data("a\nb")), events);
  }

  @Test
  void eventWithoutTrailingBlankLineIsDispatchedAtEnd() {
    List<SseEvent> events = new ArrayList<>();
    SseParser parser = new SseParser(events::add);
    parser.feed(Buffer.buffer("data: first\n\ndata: last"));
    assertEquals(1, events.size());
    parser.end();
    assertEquals(List.of(SseEvent.data("first"), SseEvent.data("last")), events);
  }

  @Test
  void eventWithOnlyCommentsOrNoDataIsNotDispatched() {
    List<SseEvent> events = new ArrayList<>();
    SseParser parser = new SseParser(events::add);
    parser.feed(Buffer.buffer(": ping\n\nevent: lonely\n\n\n\n"));
    parser.end();
    assertTrue(events.isEmpty());
  }

  @Test
  void emptyDataFieldIsAnEventWithEmptyData() {
    List<SseEvent> events = new ArrayList<>();
    new SseParser(events::add).feed(Buffer.buffer("data\n\n"));
    assertEquals(List.of(SseEvent.data("")), events);
  }

  @Test
  void writerOutputParsesBackToTheSameEvents() {
    List<SseEvent> original = List.of(
        SseEvent.named("content_block_delta", "{\"a\":1}"),
        new SseEvent("e", "multi\nline\ndata", "7"),
        SseEvent.done());
    List<SseEvent> parsed = new ArrayList<>();
    new SseParser(parsed::add).feed(SseWriter.toBuffer(original));
    assertEquals(original, parsed);
  }

  @Test
  void toBufferHasTheWireForm() {
    assertEquals("event: ping\ndata: {}\n\n", SseEvent.named("ping", "{}").toBuffer().toString());
    assertEquals("data: [DONE]\n\n", SseEvent.done().toWireString());
    assertNull(SseEvent.done().event());
  }
}
