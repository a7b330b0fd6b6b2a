package ai.rivano.gateway.routing.sse;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** An upstream that never ends its line cannot make the gateway buffer without bound. */
class SseParserLimitTest {

  @Test
  void aLineThatNeverEndsIsRejectedOnceOverTheLimit() {
    SseParser parser = new SseParser(e -> { });
    Buffer megabyte = Buffer.buffer(new byte[1024 * 1024]);
    parser.feed(Buffer.buffer("data: "));
    for (int i = 0; i < 3; i++) {
      parser.feed(megabyte);
    }
    assertThrows(SseParser.EventTooLargeException.class, () -> {
      for (int i = 0; i < 3; i++) {
        parser.feed(megabyte);
      }
    });
  }

  @Test
  void manyLinesOfOneHugeEventAreRejectedToo() {
    SseParser parser = new SseParser(e -> { });
    String line = "data: " + "x".repeat(64 * 1024) + "\n";
    assertThrows(SseParser.EventTooLargeException.class, () -> {
      for (int i = 0; i < 100; i++) {
        parser.feed(Buffer.buffer(line));
      }
    });
  }

  @Test
  void normalEventsUnderTheLimitPass() {
    List<SseEvent> events = new ArrayList<>();
    SseParser parser = new SseParser(events::add);
    for (int i = 0; i < 10_000; i++) {
      parser.feed(Buffer.buffer("data: {\"i\":" + i + "}\n\n"));
    }
    assertEquals(10_000, events.size());
  }
}
