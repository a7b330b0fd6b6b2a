package ai.rivano.gateway.routing.translate;

import ai.rivano.gateway.routing.sse.SseEvent;
import ai.rivano.gateway.routing.sse.SseParser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Loads recorded-shape provider payloads from src/test/resources/fixtures. */
public final class Fixtures {

  private Fixtures() {}

  public static byte[] bytes(String path) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonObject json(String path) {
    return new JsonObject(Buffer.buffer(bytes(path)));
  }

  /** The SSE fixture parsed as the gateway would, fed in small uneven chunks. */
  public static List<SseEvent> sse(String path) {
    byte[] raw = bytes(path);
    List<SseEvent> events = new ArrayList<>();
    SseParser parser = new SseParser(events::add);
    for (int i = 0; i < raw.length; i += 7) {
      parser.feed(Buffer.buffer(java.util.Arrays.copyOfRange(raw, i, Math.min(raw.length, i + 7))));
    }
    parser.end();
    return events;
  }

  /** Runs a whole upstream stream through a translator, terminator included. */
  public static List<SseEvent> translate(StreamTranslator translator, List<SseEvent> upstream) {
    List<SseEvent> out = new ArrayList<>();
    for (SseEvent event : upstream) {
      out.addAll(translator.onEvent(event));
    }
    out.addAll(translator.onEnd());
    return out;
  }

  static List<JsonObject> dataJson(List<SseEvent> events) {
    List<JsonObject> out = new ArrayList<>();
    for (SseEvent event : events) {
      if (!event.isDone()) {
        out.add(new JsonObject(event.data()));
      }
    }
    return out;
  }
}
