package ai.rivano.gateway.bench;

import ai.rivano.gateway.bench.SoakMix.Kind;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What the client of one soak request got, and whether that is what its {@link Kind} must get
 * ({@link #verdict}). Streams are read event by event into a {@link Stream} summary.
 */
final class SoakAnswer {

  /** A verdict: the outcome's name as the report counts it, and whether it is the kind's expected answer. */
  record Verdict(boolean expected, String outcome) {
    static Verdict ok(String outcome) {
      return new Verdict(true, outcome);
    }

    static Verdict unexpected(String outcome) {
      return new Verdict(false, outcome);
    }
  }

  int status;
  String provider;
  String retryAfter;
  String contentType;
  Buffer body;
  final Stream stream = new Stream();
  /** The client closed the connection on purpose (an abandoned stream). */
  boolean abandoned;
  /** A client-side failure (connection error, timeout, broken stream), or null. */
  String failure;
  long elapsedMs;

  /** The SSE events of a stream answer, as far as the client read them. */
  static final class Stream {
    private final StringBuilder line = new StringBuilder(256);
    final StringBuilder text = new StringBuilder();
    int contentEvents;
    boolean done;
    String finishReason;
    String error;
    String unreadable;

    void feed(Buffer chunk) {
      for (int i = 0; i < chunk.length(); i++) {
        byte b = chunk.getByte(i);
        if (b == '\n') {
          endLine();
        } else if (b != '\r') {
          line.append((char) b);
        }
      }
    }

    private void endLine() {
      if (line.indexOf("data:") == 0) {
        onData(line.substring(5).trim());
      }
      line.setLength(0);
    }

    private void onData(String data) {
      if ("[DONE]".equals(data)) {
        done = true;
        return;
      }
      try {
        JsonObject event = new JsonObject(data);
        if (event.containsKey("error")) {
          error = event.getJsonObject("error").getString("message");
          return;
        }
        JsonArray choices = event.getJsonArray("choices");
        JsonObject choice = choices == null || choices.isEmpty() ? null : choices.getJsonObject(0);
        if (choice == null) {
          return;
        }
        String content = choice.getJsonObject("delta", new JsonObject()).getString("content");
        if (content != null && !content.isEmpty()) {
          text.append(content);
          contentEvents++;
        }
        if (choice.getString("finish_reason") != null) {
          finishReason = choice.getString("finish_reason");
        }
      } catch (RuntimeException e) {
        unreadable = data.length() > 80 ? data.substring(0, 80) + "…" : data;
      }
    }
  }

  /** Whether this is the answer {@code kind} must get. */
  Verdict verdict(Kind kind) {
    if (kind == Kind.ABANDONED) {
      return abandoned && status == 200 && stream.contentEvents >= SoakMix.ABANDON_AFTER_EVENTS
          ? Verdict.ok("left after " + SoakMix.ABANDON_AFTER_EVENTS + " events")
          : Verdict.unexpected("not abandoned as planned: " + describe());
    }
    if (failure != null) {
      return Verdict.unexpected("client failure: " + failure);
    }
    return switch (kind) {
      case JSON -> wholeJson("openai");
      case FAILOVER_500, FAILOVER_RESET -> wholeJson("mistral");
      // normally after the 1 s Retry-After; at once when the one retry was already spent on another failure (the
      // retry policy: a 429 whose retry budget is gone fails over without waiting)
      case FAILOVER_429 -> wholeJson("mistral");
      case STREAM, RESCUED_CUT -> wholeStream();
      case RELAYED_500 -> status == 500 && body != null && body.toString().contains("injected fault")
          ? Verdict.ok("500 relayed") : Verdict.unexpected(describe());
      case RELAYED_429 -> status == 429 && UpstreamStub.RETRY_AFTER_SECONDS.equals(retryAfter)
          ? Verdict.ok("429 relayed, Retry-After " + retryAfter) : Verdict.unexpected(describe());
      case RELAYED_RESET -> status == 502 && body != null && body.toString().contains("upstream_unreachable")
          ? Verdict.ok("502 upstream_unreachable") : Verdict.unexpected(describe());
      case ABORTED_CUT -> status == 200 && !stream.done && stream.error != null
          && stream.text.toString().equals(UpstreamStub.streamText(UpstreamStub.CUT_AFTER_EVENTS))
          ? Verdict.ok("cut, then the error event") : Verdict.unexpected(describe());
      case ABANDONED -> throw new IllegalStateException("handled above");
    };
  }

  private Verdict wholeJson(String from) {
    boolean whole = status == 200 && contentType != null && contentType.startsWith("application/json")
        && body != null && body.length() == UpstreamStub.COMPLETION.length();
    return whole && from.equals(provider) ? Verdict.ok("200 from " + from) : Verdict.unexpected(describe());
  }

  private Verdict wholeStream() {
    boolean whole = status == 200 && stream.done && stream.error == null && "stop".equals(stream.finishReason)
        && stream.text.toString().equals(UpstreamStub.streamText(SoakMix.STREAM_EVENTS));
    return whole && "openai".equals(provider) ? Verdict.ok("200, whole stream") : Verdict.unexpected(describe());
  }

  /** A short description of what came back, for the report's examples of unexpected answers. */
  String describe() {
    StringBuilder d = new StringBuilder("HTTP ").append(status);
    if (provider != null) {
      d.append(" from ").append(provider);
    }
    if (failure != null) {
      d.append(", failure: ").append(failure);
    }
    if (contentType != null && contentType.startsWith("text/event-stream")) {
      d.append(", ").append(stream.contentEvents).append(" events \"").append(stream.text).append('"')
          .append(stream.done ? ", [DONE]" : ", no [DONE]");
      if (stream.error != null) {
        d.append(", error event: ").append(stream.error);
      }
      if (stream.unreadable != null) {
        d.append(", unreadable event: ").append(stream.unreadable);
      }
    } else if (body != null) {
      String b = body.toString();
      d.append(", body: ").append(b.length() > 160 ? b.substring(0, 160) + "…" : b);
    }
    return d.append(", ").append(elapsedMs).append(" ms").toString();
  }
}
