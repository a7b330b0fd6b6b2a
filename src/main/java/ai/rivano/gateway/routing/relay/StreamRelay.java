package ai.rivano.gateway.routing.relay;

import ai.rivano.gateway.audit.UsageMeter;
import ai.rivano.gateway.pipeline.ClientExit.StreamOut;
import ai.rivano.gateway.routing.sse.SseEvent;
import ai.rivano.gateway.routing.sse.SseParser;
import ai.rivano.gateway.routing.translate.StreamTranslator;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Relays one upstream SSE stream to the client, event by event, with the two stream clocks and the commit rule.
 *
 * <p>Before the first upstream event nothing reaches the client: a stream that fails then is reported through
 * {@link Listener#failedBeforeCommit} and can fail over invisibly. The first event commits (the listener writes
 * the response head). After that, the idle clock watches for stalls, and a stream that ends without the
 * format's completion signal is reported through {@link Listener#cutAfterCommit} (never closed off as a clean,
 * truncated success). Only complete events are forwarded, so the client's stream is always well-formed at the
 * point a rescue or an error event is appended; an event whose data is not JSON is dropped, not fatal.
 *
 * <p>Events leave through the request's {@link StreamOut} (the exit), which runs the stream guardrails on each
 * one; the relay writes once per upstream chunk and pauses the upstream while the client applies back-pressure.
 */
public final class StreamRelay {

  /** How the relay reports to the routing flow. */
  public interface Listener {
    /** First upstream event arrived: write the response head now, and say where the events go. */
    StreamOut commit();

    /** Failed before any event: {@code silent} when the first-event clock ran out. */
    void failedBeforeCommit(boolean silent, String why);

    /**
     * The upstream's stream ended (every event is flushed, the client's stream is still open for the listener to
     * end): {@code clean} when it finished its answer, false when it ended with its own in-stream error event
     * (already relayed to the client in the client's format).
     */
    void finished(boolean clean);

    /** The stream broke after the client got bytes; the response is still open for a rescue or an error. */
    void cutAfterCommit(String why);

    /** The client went away; the upstream has been cancelled. */
    void clientGone();
  }

  private final HttpClientResponse upstream;
  private StreamOut client;
  private final StreamTranslator translator;
  private final Listener listener;
  private final StreamProgress progress;
  private final Splice continuation;
  private final boolean validateJson;
  private final UsageMeter meter;
  private final long idleMs;
  private final IdleClock clock;
  private final SseParser parser;
  private boolean pending;
  private boolean committed;
  private boolean done;

  /**
   * @param progress     records what the client was sent, or null when no rescue is possible
   * @param continuation splices a rescue onto a stream the client already has, or null for a fresh stream
   * @param validateJson drop events whose data is not JSON (needed when events pass through untranslated)
   */
  StreamRelay(Vertx vertx, HttpClientResponse upstream, StreamOut client, StreamTranslator translator,
              Listener listener, long firstEventMs, long idleMs, StreamProgress progress,
              Splice continuation, boolean validateJson, UsageMeter meter) {
    this.upstream = upstream;
    this.meter = meter;
    this.client = client;
    this.translator = translator;
    this.listener = listener;
    this.progress = progress;
    this.continuation = continuation;
    this.validateJson = validateJson;
    this.idleMs = idleMs;
    this.parser = new SseParser(this::onEvent);
    this.clock = new IdleClock(vertx, firstEventMs, this::onClockExpired);
  }

  /** Starts relaying a fresh stream (nothing sent to the client yet). */
  public static StreamRelay start(Vertx vertx, HttpClientResponse upstream,
                                  StreamTranslator translator, Listener listener, long firstEventMs, long idleMs,
                                  StreamProgress progress, boolean validateJson, UsageMeter meter) {
    StreamRelay relay = new StreamRelay(vertx, upstream, null, translator, listener, firstEventMs, idleMs, progress,
        null, validateJson, meter);
    relay.wire();
    return relay;
  }

  /**
   * Starts relaying a rescue stream that continues what {@code progress} says the client already has: the
   * response head is out, so {@link Listener#commit()} only marks the rescue's first event.
   *
   * @param restarted the rescue is the request asked afresh (no prefill): only what follows the text already sent
   *                  is relayed, and an answer that does not start with that text breaks the stream
   */
  public static StreamRelay rescue(Vertx vertx, HttpClientResponse upstream, StreamOut client,
                                   StreamTranslator translator, Listener listener, long firstEventMs, long idleMs,
                                   StreamProgress progress, boolean validateJson, boolean restarted,
                                   UsageMeter meter) {
    Splice splice = restarted ? new ReplayFilter(progress) : new ContinuationFilter(progress);
    StreamRelay relay = new StreamRelay(vertx, upstream, client, translator, listener, firstEventMs, idleMs, progress,
        splice, validateJson, meter);
    relay.wire();
    return relay;
  }

  private void wire() {
    upstream.handler(chunk -> safely(() -> onChunk(chunk)));
    upstream.endHandler(v -> safely(this::onUpstreamEnd));
    upstream.exceptionHandler(err -> onBroken("the upstream connection broke"));
  }

  /**
   * An exception while relaying is a gateway bug; thrown from a Netty handler it would be swallowed and leave the
   * stream open forever. The stream is treated as broken instead (rescued, or ended with an error event).
   */
  private void safely(Runnable step) {
    try {
      step.run();
    } catch (RuntimeException bug) {
      onBroken("the gateway failed while relaying the stream (" + bug.getClass().getSimpleName() + ")");
      upstream.request().reset();
    }
  }

  /** The client went away: stop, and cancel the upstream call. */
  public void clientGone() {
    if (!done) {
      done = true;
      clock.stop();
      upstream.request().reset();
      listener.clientGone();
    }
  }

  private void onChunk(Buffer chunk) {
    if (done) {
      return;
    }
    clock.touch();
    try {
      parser.feed(chunk);
    } catch (SseParser.EventTooLargeException e) {
      upstream.request().reset();
      onBroken("the upstream sent an event larger than " + SseParser.MAX_EVENT_BYTES + " bytes");
      return;
    }
    flush();
  }

  private void onEvent(SseEvent event) {
    if (done) {
      return;
    }
    if (!committed) {
      committed = true;
      clock.restart(idleMs);
      StreamOut out = listener.commit();
      if (client == null) {
        client = out;
      }
    }
    JsonObject parsed = null;
    if (validateJson && !event.isDone()) {
      parsed = parseOrNull(event.data());
      if (parsed == null) {
        return;
      }
    }
    if (meter != null && !event.isDone()) {
      if (parsed != null) {
        meter.onEvent(parsed); // the provider's own event, in its own dialect
      } else {
        meter.onEventData(event.data());
      }
    }
    List<SseEvent> translated;
    try {
      translated = translator.onEvent(event);
    } catch (RuntimeException unreadable) {
      return; // an event of an unexpected shape is dropped like a malformed one; the stream goes on
    }
    for (SseEvent out : translated) {
      SseEvent spliced;
      try {
        spliced = continuation == null ? out : continuation.apply(out);
      } catch (Splice.Diverged diverged) {
        onBroken(diverged.getMessage()); // first: the reset below fires the upstream's exception handler
        upstream.request().reset();
        return;
      }
      if (spliced != null) {
        // An event passed through untouched was parsed once already; progress reuses that parse.
        write(spliced, spliced == event ? parsed : null);
      }
    }
  }

  private void write(SseEvent event, JsonObject parsed) {
    if (progress != null) {
      progress.observe(event, parsed);
    }
    pending = true;
    client.send(event, parsed);
  }

  /** One write per upstream chunk, whatever number of events it held; pauses the upstream if the client lags. */
  private void flush() {
    if (!pending || done) {
      return;
    }
    pending = false;
    client.flush();
    if (client.writeQueueFull()) {
      upstream.pause();
      clock.pause();
      client.drainHandler(v -> {
        clock.resume();
        upstream.resume();
      });
    }
  }

  private void onUpstreamEnd() {
    if (done) {
      return;
    }
    parser.end();
    if (translator.upstreamFinished() || translator.upstreamFailed()) {
      for (SseEvent out : translator.onEnd()) {
        write(out, null);
      }
      flush();
      done = true;
      clock.stop();
      listener.finished(translator.upstreamFinished() && !translator.upstreamFailed());
      return;
    }
    onBroken("the upstream closed the stream before the answer was complete");
  }

  private void onClockExpired() {
    if (done) {
      return;
    }
    // Report first: resetting fires the upstream's exception handler, which would report a broken connection
    // (retryable) instead of a silent upstream (fail over at once) or a stall.
    onBroken(committed ? "the upstream stalled for more than " + idleMs + " ms" : "no first event in time");
    upstream.request().reset();
  }

  private void onBroken(String why) {
    if (done) {
      return;
    }
    done = true;
    clock.stop();
    flush0();
    if (!committed) {
      listener.failedBeforeCommit(why.startsWith("no first event"), why);
    } else {
      listener.cutAfterCommit(why);
    }
  }

  /** Sends complete events still held (never a partial one). */
  private void flush0() {
    if (pending) {
      pending = false;
      client.flush();
    }
  }

  public boolean committed() {
    return committed;
  }

  private static JsonObject parseOrNull(String data) {
    try {
      return new JsonObject(data);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
