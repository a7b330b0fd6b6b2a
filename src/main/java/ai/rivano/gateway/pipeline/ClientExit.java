package ai.rivano.gateway.pipeline;

import ai.rivano.gateway.errors.GatewayError;
import ai.rivano.gateway.observability.Events;
import ai.rivano.gateway.routing.UpstreamHeaders;
import ai.rivano.gateway.routing.sse.SseEvent;
import ai.rivano.gateway.routing.translate.ErrorMapping;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The one way out of the gateway for a proxied request: every answer (a provider's JSON, a stream and each of its
 * events, a provider's error, a gateway-made error, a piped body) is written here and nowhere else. That is what
 * makes the response-phase guardrails and the audit record impossible to skip: JSON answers and stream events pass
 * the {@link GuardrailChain}'s response steps on their way out, and {@link #finish} runs exactly once per request,
 * however it ends (answered, blocked, failed, or abandoned by the client).
 *
 * <p>It also stamps {@code X-Rivano-Provider}, {@code X-Rivano-Latency}, {@code X-Rivano-Trace-Id} and
 * {@code X-Rivano-Warning} on the head of whatever goes out, just before it is written.
 */
public final class ClientExit {

  public static final String PROVIDER_HEADER = "X-Rivano-Provider";
  public static final String LATENCY_HEADER = "X-Rivano-Latency";
  public static final String TRACE_HEADER = "X-Rivano-Trace-Id";
  public static final String WARNING_HEADER = "X-Rivano-Warning";

  /** What happens once a request is over: counters, the audit record, metrics, buffer accounting. */
  @FunctionalInterface
  public interface Finisher {
    /** @param success the client got a status below 400 and, for a stream, a complete one */
    void finish(RequestContext ctx, int httpStatus, boolean success);
  }

  private final RequestContext ctx;
  private final HttpServerResponse response;
  private final GuardrailChain chain;
  private final Finisher finisher;
  private final LiveStreams liveStreams;
  private final List<Runnable> abandonListeners = new ArrayList<>(1);
  private List<Runnable> atFinish;
  private boolean finished;
  private StreamOut stream;
  private final SendDeadline sendDeadline;

  /** @param sendTimeoutMs how long the client may take no bytes of a pending answer before it is disconnected */
  public ClientExit(RequestContext ctx, GuardrailChain chain, Finisher finisher, LiveStreams liveStreams,
                    long sendTimeoutMs) {
    this.ctx = ctx;
    this.response = ctx.request().response();
    this.chain = chain;
    this.finisher = finisher;
    this.liveStreams = liveStreams;
    this.sendDeadline = new SendDeadline(sendTimeoutMs, () -> {
      Events.clientStalled(ctx.traceId(), sendTimeoutMs);
      HardClose.now(ctx.request().connection()); // the close handler then abandons the answer and its upstream
    });
    ctx.attach(this);
    response.headersEndHandler(v -> stamp());
    response.closeHandler(v -> {
      if (!finished && !response.ended()) {
        abandoned();
      }
    });
  }

  private void stamp() {
    ctx.headWritten();
    MultiMap headers = response.headers();
    headers.set(PROVIDER_HEADER, ctx.provider())
        .set(LATENCY_HEADER, Long.toString(ctx.elapsedMillis()))
        .set(TRACE_HEADER, ctx.traceId());
    if (!ctx.warnings().isEmpty()) {
      headers.set(WARNING_HEADER, String.join("; ", ctx.warnings()));
    }
  }

  // ---- before the answer ---------------------------------------------------------------------------------------

  /** Sets a header of the answer to come (rate-limit figures, {@code Connection: close}, the cache status). */
  public ClientExit header(CharSequence name, CharSequence value) {
    if (!response.headWritten()) {
      response.headers().set(name, value);
    }
    return this;
  }

  /** Answers {@code Expect: 100-continue}: the request was admitted, its body is welcome. */
  public void writeContinue() {
    response.writeContinue();
  }

  /**
   * Runs {@code listener} if the answer is abandoned before it is complete: the client went away, or the exit
   * itself ended a stream early (a response policy blocked it). The caller then stops any upstream work.
   */
  public void onAbandoned(Runnable listener) {
    abandonListeners.add(listener);
  }

  /** The client is gone (or the answer was cut short here); nothing more will be written. */
  private void abandoned() {
    for (Runnable listener : List.copyOf(abandonListeners)) {
      listener.run();
    }
    finish(499, false);
  }

  public boolean finished() {
    return finished;
  }

  /** Runs {@code action} once the request is over, however it ended (e.g. giving back buffered bytes). */
  public void atFinish(Runnable action) {
    if (finished) {
      action.run();
      return;
    }
    if (atFinish == null) {
      atFinish = new ArrayList<>(1);
    }
    atFinish.add(action);
  }

  public boolean headWritten() {
    return response.headWritten();
  }

  // ---- gateway-made answers ------------------------------------------------------------------------------------

  /** A step refused the request (rate limit, policy block): the decision is recorded, the error sent. */
  public void reject(Rejection rejection) {
    ctx.decide(rejection.decision());
    fail(rejection.error(), rejection.message());
  }

  /**
   * A gateway-made error in the client's dialect. Once a head is out it is too late for a status: a stream ends
   * with an error event, any other body is cut (the connection closed) so it cannot pass for complete.
   */
  public void fail(GatewayError error, String message) {
    if (finished) {
      return;
    }
    if (response.headWritten()) {
      if (stream != null) {
        stream.endWithError(error.status(), message);
      } else {
        ctx.request().connection().close();
        finish(error.status(), false);
      }
      return;
    }
    if (response.closed()) {
      finish(error.status(), false);
      return;
    }
    response.setStatusCode(error.status()).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(error.body(ctx.clientFormat(), message).toBuffer());
    finish(error.status(), false);
  }

  // ---- provider answers ----------------------------------------------------------------------------------------

  /**
   * A provider's whole JSON answer, in the client's dialect. A 2xx answer passes the response steps first: they
   * may rewrite it (redaction, token restoration) or block it (the answer is discarded, the client gets a 403).
   *
   * @param upstreamHeaders the provider's headers to relay (hop-by-hop ones are dropped), or null when the answer
   *                        was translated (then only the content type is set)
   * @param raw             the answer's bytes as received (sent unchanged when no step rewrote it)
   * @param parsed          the same answer parsed, or null when it is not a JSON object
   */
  public void answerJson(int status, MultiMap upstreamHeaders, Buffer raw, JsonObject parsed) {
    if (finished) {
      return;
    }
    Buffer out = raw;
    if (status >= 200 && status < 300 && parsed != null) {
      ResponseStep.Verdicts verdicts = new ResponseStep.Verdicts();
      boolean changed = chain.onResponse(ctx, parsed, verdicts);
      if (verdicts.block() != null) {
        reject(verdicts.block());
        return;
      }
      if (changed) {
        out = parsed.toBuffer();
      }
    }
    writeWhole(status, upstreamHeaders, out, out != raw || upstreamHeaders == null);
  }

  /** A provider's error answer (or any answer not inspected), relayed as it is. */
  public void relay(int status, MultiMap upstreamHeaders, Buffer body, boolean jsonBody) {
    if (finished) {
      return;
    }
    writeWhole(status, upstreamHeaders, body, jsonBody && upstreamHeaders == null);
  }

  private void writeWhole(int status, MultiMap upstreamHeaders, Buffer body, boolean setJsonType) {
    if (response.closed()) {
      finish(status, false);
      return;
    }
    response.setStatusCode(status);
    if (upstreamHeaders != null) {
      UpstreamHeaders.copyResponseHeaders(upstreamHeaders, response.headers());
      response.headers().remove(HttpHeaders.CONTENT_LENGTH); // recomputed: the body may have been rewritten
    }
    if (setJsonType) {
      response.headers().set(HttpHeaders.CONTENT_TYPE, "application/json");
    }
    Future<Void> written = response.end(body);
    if (!written.isComplete()) { // rare: the answer did not fit in the socket buffers
      sendDeadline.waitingForDrain();
      written.onComplete(done -> sendDeadline.drained());
    }
    finish(status, status < 400);
  }

  /**
   * A body the gateway does not inspect (audio, files, other non-JSON answers), piped with back-pressure. A body
   * that breaks half-way is cut (the connection closed) so it cannot pass for complete.
   */
  public void pipe(HttpClientResponse upstream) {
    pipe(upstream, null);
  }

  /**
   * As {@link #pipe(HttpClientResponse)}, after {@code alreadyRead}: the start of an answer that was being read
   * whole when it outgrew what the gateway may buffer (it is relayed uninspected rather than failed).
   */
  public void pipe(HttpClientResponse upstream, Buffer alreadyRead) {
    if (finished) {
      upstream.request().reset();
      return;
    }
    response.setStatusCode(upstream.statusCode());
    UpstreamHeaders.copyResponseHeaders(upstream.headers(), response.headers());
    if (!upstream.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
      response.setChunked(true);
    }
    if (alreadyRead != null && alreadyRead.length() > 0) {
      response.write(alreadyRead);
    }
    // endOnFailure(false): a body cut by the upstream must not be closed off as if it were complete.
    upstream.pipe().endOnFailure(false).to(new DeadlineWriteStream(response, sendDeadline)).onComplete(done -> {
      sendDeadline.drained();
      if (done.failed()) {
        upstream.request().reset();
        ctx.request().connection().close();
      }
      finish(upstream.statusCode(), done.succeeded() && upstream.statusCode() < 400);
    });
  }

  // ---- streams -------------------------------------------------------------------------------------------------

  /**
   * Commits a stream: a 200 head with the event-stream type. Events then go through {@link StreamOut#send}, which
   * runs every stream step's filter before the bytes leave.
   *
   * @param upstreamHeaders the provider's headers to relay, or null when the stream is translated
   */
  public StreamOut openStream(MultiMap upstreamHeaders) {
    response.setStatusCode(200);
    if (upstreamHeaders != null) {
      UpstreamHeaders.copyResponseHeaders(upstreamHeaders, response.headers());
      response.headers().remove(HttpHeaders.CONTENT_LENGTH);
    }
    response.headers().set(HttpHeaders.CONTENT_TYPE, "text/event-stream").set(HttpHeaders.CACHE_CONTROL, "no-cache");
    response.setChunked(true);
    stream = new StreamOut(chain.newStreamFilters(ctx));
    liveStreams.add(stream, io.vertx.core.Vertx.currentContext());
    return stream;
  }

  /** The stream in progress, or null. */
  public StreamOut stream() {
    return stream;
  }

  /**
   * One stream's way out: events pass each stream step's filter in order (which may hold some back across event
   * boundaries, rewrite them, or block), then are batched into one write per upstream chunk.
   */
  public final class StreamOut {
    private final List<StreamStep.Filter> filters;
    private final List<StreamStep.Emitter> emitters;
    private Buffer pending;
    private Rejection blocked;

    private StreamOut(List<StreamStep.Filter> filters) {
      this.filters = filters;
      // emitters.get(i) is where filter i sends its output: the next filter, or the client for the last one
      this.emitters = new ArrayList<>(filters.size());
      for (int i = 0; i < filters.size(); i++) {
        emitters.add(i == filters.size() - 1 ? new Sink() : new Next(i + 1));
      }
    }

    /** Passes one event (in the client's dialect) through the filters; the result waits for {@link #flush()}. */
    public void send(SseEvent event, JsonObject parsed) {
      if (finished || blocked != null) {
        return;
      }
      if (filters.isEmpty()) {
        append(event);
      } else {
        filters.get(0).onEvent(event, parsed, emitters.get(0));
      }
      if (blocked != null) {
        endBlocked();
      }
    }

    /** Writes what the filters released since the last flush, in one write. */
    public void flush() {
      if (pending == null || finished) {
        return;
      }
      Buffer out = pending;
      pending = null;
      if (!response.closed()) {
        response.write(out);
      }
    }

    public boolean writeQueueFull() {
      return response.writeQueueFull();
    }

    /** The relay waits for the client: the send deadline runs until it drains. */
    public void drainHandler(Handler<Void> handler) {
      sendDeadline.waitingForDrain();
      response.drainHandler(v -> {
        sendDeadline.drained();
        handler.handle(v);
      });
    }

    /**
     * The upstream finished: held text is released, the response ends.
     *
     * @param clean the answer is complete (false when the upstream ended it with its own error event)
     */
    public void end(boolean clean) {
      if (finished) {
        return;
      }
      for (int i = 0; i < filters.size() && blocked == null; i++) {
        filters.get(i).onEnd(emitters.get(i));
      }
      if (blocked != null) {
        endBlocked();
        return;
      }
      flush();
      response.end();
      finish(200, clean);
    }

    /**
     * Ends the stream with an explicit error event in the client's dialect (an SDK raises it as an error), never
     * with a silent, clean-looking end. Text held back by a filter is not released: the answer is incomplete.
     */
    public void endWithError(int status, String message) {
      if (finished) {
        return;
      }
      flush();
      if (!response.closed() && !response.ended()) {
        response.end(ErrorMapping.streamErrorEvent(ctx.clientFormat(), status, message).toBuffer());
      }
      finish(200, false);
    }

    /** Ends the stream with an error event and stops its upstream (the node is shutting down). */
    void abort(int status, String message) {
      if (finished) {
        return;
      }
      ai.rivano.gateway.observability.Events.streamAborted(ctx.traceId(), ctx.provider(), message);
      endWithError(status, message);
      for (Runnable listener : List.copyOf(abandonListeners)) {
        listener.run();
      }
    }

    private void endBlocked() {
      Rejection rejection = blocked;
      ctx.decide(rejection.decision());
      pending = null; // what the blocked event carried must not leave
      if (!response.closed() && !response.ended()) {
        response.end(ErrorMapping.streamErrorEvent(ctx.clientFormat(), rejection.error().status(),
            rejection.message()).toBuffer());
      }
      for (Runnable listener : List.copyOf(abandonListeners)) {
        listener.run();
      }
      finish(200, false);
    }

    private void append(SseEvent event) {
      if (pending == null) {
        pending = Buffer.buffer(256);
      }
      pending.appendString(event.toWireString());
    }

    /** What filter {@code index - 1} emits goes to filter {@code index}. */
    private final class Next implements StreamStep.Emitter {
      private final int index;

      Next(int index) {
        this.index = index;
      }

      @Override
      public void emit(SseEvent event, JsonObject parsed) {
        if (blocked == null) {
          filters.get(index).onEvent(event, parsed, emitters.get(index));
        }
      }

      @Override
      public void block(Rejection rejection) {
        StreamOut.this.block(rejection);
      }
    }

    /** After the last filter: bytes for the client. */
    private final class Sink implements StreamStep.Emitter {
      @Override
      public void emit(SseEvent event, JsonObject parsed) {
        if (blocked == null) {
          append(event);
        }
      }

      @Override
      public void block(Rejection rejection) {
        StreamOut.this.block(rejection);
      }
    }

    private void block(Rejection rejection) {
      if (blocked == null) {
        blocked = rejection;
      }
    }
  }

  // ---- the end -------------------------------------------------------------------------------------------------

  /** Once per request, however it ended. */
  private void finish(int status, boolean success) {
    if (finished) {
      return;
    }
    finished = true;
    if (stream != null) {
      sendDeadline.drained();
      liveStreams.remove(stream);
    }
    if (atFinish != null) {
      atFinish.forEach(Runnable::run);
    }
    finisher.finish(ctx, status, success);
  }

  /** Ends a request the exit has nothing to write for (the client broke off while sending its body). */
  public void clientBrokeOff() {
    finish(499, false);
  }
}
