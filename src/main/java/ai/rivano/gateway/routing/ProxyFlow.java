package ai.rivano.gateway.routing;

import ai.rivano.gateway.errors.GatewayError;
import ai.rivano.gateway.routing.failover.ProviderCircuits;
import ai.rivano.gateway.routing.failover.RetryPolicy;
import ai.rivano.gateway.routing.failover.RoutePlan;
import ai.rivano.gateway.routing.failover.RoutePlan.Candidate;
import ai.rivano.gateway.routing.providers.EchoProvider;
import ai.rivano.gateway.routing.relay.BodyReader;
import ai.rivano.gateway.routing.relay.StreamProgress;
import ai.rivano.gateway.routing.relay.StreamRelay;
import ai.rivano.gateway.routing.sse.SseEvent;
import ai.rivano.gateway.routing.translate.AssistantPrefill;
import ai.rivano.gateway.routing.translate.ErrorMapping;
import ai.rivano.gateway.routing.translate.StreamTranslator;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * One request's way through its {@link RoutePlan}: attempts, retries, failover, and the stream commit rule.
 *
 * <p>Each attempt runs inside the provider's circuit breaker and its outcome is recorded. A failure before the
 * client has a response head (connection refused or reset, 5xx, 429, a silent upstream, a stream that breaks
 * before its first event, a non-stream body that is cut) is invisible to the client: the policy retries the
 * provider or moves to the next one. Once a stream has been committed, a cut or stall is either rescued by a
 * provider that supports assistant prefill (the text already sent is the prefill, the continuation is spliced
 * on) or ended with an explicit SSE error event — never closed off as a clean, truncated answer.
 */
final class ProxyFlow {

  /** What the client asked for, as routing needs it. */
  record Request(String forwardUri, String path, Buffer body, JsonObject json, boolean stream) {
  }

  /** One attempt, for status and the audit record. */
  record AttemptRecord(String provider, String outcome, long durationMs) {
  }

  /** What the client gets if no provider succeeds: a gateway error, or the last upstream error response. */
  private record Failure(GatewayError error, String message, Candidate candidate, int status, MultiMap headers,
                         Buffer body) {
    static Failure gateway(GatewayError error, String message) {
      return new Failure(error, message, null, 0, null, null);
    }

    static Failure upstream(Candidate candidate, int status, MultiMap headers, Buffer body) {
      return new Failure(null, null, candidate, status, headers, body);
    }
  }

  /** Largest upstream body read into memory (a non-stream JSON answer or an error body). */
  private static final long MAX_BUFFERED_RESPONSE = 64L * 1024 * 1024;

  private final Vertx vertx;
  private final UpstreamConnector connector;
  private final ProviderCircuits circuits;
  private final ClientExchange exchange;
  private final RoutePlan plan;
  private final Request request;
  private final List<AttemptRecord> attempts = new ArrayList<>(2);
  private int index = -1;
  private int retries;
  private long candidateStartNanos;
  private UpstreamConnector.Attempt inFlight;
  private StreamRelay relay;
  private StreamProgress progress;
  private Failure lastFailure;
  private boolean clientGone;

  ProxyFlow(Vertx vertx, UpstreamConnector connector, ProviderCircuits circuits, ClientExchange exchange,
            RoutePlan plan, Request request) {
    this.vertx = vertx;
    this.connector = connector;
    this.circuits = circuits;
    this.exchange = exchange;
    this.plan = plan;
    this.request = request;
  }

  void start() {
    exchange.response().closeHandler(v -> onClientGone());
    if (plan.isEmpty()) {
      exchange.fail(GatewayError.INVALID_REQUEST, "the provider cannot serve a " + exchange.clientFormat()
          + " request on " + request.path() + " (no translation for it)");
      return;
    }
    next();
  }

  List<AttemptRecord> attempts() {
    return attempts;
  }

  // ---- candidates and attempts ------------------------------------------------------------------------------

  private Candidate current() {
    return plan.candidates().get(index);
  }

  private void next() {
    index++;
    retries = 0;
    if (index >= plan.candidates().size()) {
      giveUp();
      return;
    }
    candidateStartNanos = System.nanoTime();
    if (current().isEcho()) {
      serveEcho(current());
      return;
    }
    attempt();
  }

  private void attempt() {
    if (clientGone) {
      return;
    }
    Candidate candidate = current();
    guarded(candidate, verdict -> send(candidate, verdict), () -> {
      if (lastFailure == null) {
        lastFailure = Failure.gateway(GatewayError.NO_PROVIDER_AVAILABLE,
            "no provider available: the circuit of " + candidate.provider().name() + " is open");
      }
      next();
    });
  }

  /**
   * Runs {@code work} inside the candidate's circuit breaker, which learns the outcome from the verdict promise;
   * {@code refused} runs instead when the circuit is open (nothing is sent, nothing counted on the provider).
   */
  private void guarded(Candidate candidate, java.util.function.Consumer<Promise<Void>> work, Runnable refused) {
    boolean[] admitted = {false};
    circuits.breaker(candidate.provider().name()).<Void>execute(verdict -> {
      admitted[0] = true;
      try {
        work.accept(verdict);
      } catch (RuntimeException bug) {
        // Never leave the client waiting: the breaker would swallow the exception and nothing would answer.
        verdict.tryComplete();
        exchange.fail(GatewayError.INTERNAL_ERROR, "the gateway failed to prepare the request for "
            + candidate.provider().name() + " (" + bug.getClass().getSimpleName() + ")");
      }
    }).onFailure(err -> {
      if (!admitted[0]) {
        record(candidate, "circuit_open", System.nanoTime());
        refused.run();
      }
    });
  }

  private void send(Candidate candidate, Promise<Void> verdict) {
    long started = System.nanoTime();
    Buffer body;
    try {
      body = bodyFor(candidate, request.json());
    } catch (RuntimeException malformed) {
      // A body the translator cannot read is the client's error, not the provider's.
      verdict.tryComplete();
      String why = malformed instanceof ClassCastException || malformed.getMessage() == null
          ? "a field has an unexpected JSON type" : malformed.getMessage();
      exchange.fail(GatewayError.INVALID_REQUEST,
          "the request cannot be translated for " + candidate.provider().name() + ": " + why);
      return;
    }
    inFlight = connector.send(candidate.provider(), methodFor(candidate), uriFor(candidate),
        headersFor(candidate), body);
    inFlight.response().onComplete(result -> {
      if (clientGone) {
        verdict.tryComplete();
        return;
      }
      if (result.failed()) {
        UpstreamFailure failure = asFailure(result.cause(), candidate);
        verdict.tryFail(failure);
        record(candidate, failure.kind().name().toLowerCase(), started);
        lastFailure = Failure.gateway(GatewayError.of(failure), failure.getMessage());
        afterFailure(candidate, failure.kind() == UpstreamFailure.Kind.TIMEOUT, -1);
        return;
      }
      onHead(candidate, result.result(), verdict, started);
    });
  }

  private void onHead(Candidate candidate, HttpClientResponse upstream, Promise<Void> verdict, long started) {
    int status = upstream.statusCode();
    String name = candidate.provider().name();
    if (status >= 200 && status < 300) {
      if (isEventStream(upstream) && !isCompressed(upstream)) {
        startStream(candidate, upstream, verdict, started);
      } else if (!candidate.translates() && !isJson(upstream)) {
        verdict.tryComplete();
        record(candidate, "ok", started);
        pipeThrough(upstream);
      } else {
        BodyReader.read(vertx, upstream, name, candidate.provider().idleTimeoutMs(), MAX_BUFFERED_RESPONSE)
            .onComplete(body -> {
              if (clientGone) {
                verdict.tryComplete();
              } else if (body.failed()) {
                UpstreamFailure failure = asFailure(body.cause(), candidate);
                verdict.tryFail(failure);
                record(candidate, "body_" + failure.kind().name().toLowerCase(), started);
                lastFailure = Failure.gateway(GatewayError.of(failure), failure.getMessage());
                afterFailure(candidate, failure.kind() == UpstreamFailure.Kind.TIMEOUT, -1);
              } else {
                verdict.tryComplete();
                record(candidate, "ok", started);
                respondJson(candidate, upstream, body.result());
              }
            });
      }
      return;
    }
    BodyReader.read(vertx, upstream, name, candidate.provider().idleTimeoutMs(), MAX_BUFFERED_RESPONSE)
        .onComplete(read -> {
          Buffer body = read.succeeded() ? read.result() : Buffer.buffer();
          if (clientGone) {
            verdict.tryComplete();
            return;
          }
          record(candidate, "http_" + status, started);
          if (RetryPolicy.retryableStatus(status)) {
            verdict.tryFail(new UpstreamFailure(UpstreamFailure.Kind.RESET, name, name + " answered " + status));
            lastFailure = Failure.upstream(candidate, status, upstream.headers(), body);
            long retryAfter = status == 429 ? RetryPolicy.retryAfterMs(upstream.headers(), System.currentTimeMillis()) : -1;
            afterFailure(candidate, false, retryAfter);
            return;
          }
          verdict.tryComplete(); // the provider is healthy; the request was not
          if (status == 400 && isContextLengthError(body) && failOverToAnotherModel(candidate)) {
            return;
          }
          respondUpstreamError(candidate, status, upstream.headers(), body);
        });
  }

  private void afterFailure(Candidate candidate, boolean silent, long retryAfterMs) {
    if (clientGone) {
      return;
    }
    long remainingMs = candidate.provider().timeoutMs() - (System.nanoTime() - candidateStartNanos) / 1_000_000;
    RetryPolicy.Decision decision =
        RetryPolicy.after(retries, candidate.provider().maxRetries(), retryAfterMs, remainingMs, silent);
    if (decision.step() == RetryPolicy.Step.RETRY_SAME) {
      retries++;
      vertx.setTimer(Math.max(1, decision.delayMs()), id -> attempt());
    } else {
      next();
    }
  }

  /** A prompt too long for this model may go to a later candidate with another model, never to the same one. */
  private boolean failOverToAnotherModel(Candidate failed) {
    for (int i = index + 1; i < plan.candidates().size(); i++) {
      String model = plan.candidates().get(i).model();
      if (model == null || !model.equals(failed.model())) {
        index = i - 1;
        next();
        return true;
      }
    }
    return false;
  }

  /**
   * Nothing succeeded. With a single provider the client gets that provider's own answer (its 429 with
   * Retry-After, its 5xx) or 502/504, so SDK retry logic sees what really happened. With a fallback planned,
   * every provider was unavailable: 503 {@code no_provider_available}, naming each provider's last outcome.
   */
  private void giveUp() {
    Failure failure = lastFailure != null ? lastFailure
        : Failure.gateway(GatewayError.NO_PROVIDER_AVAILABLE, "no provider available");
    if (plan.candidates().size() > 1) {
      if (failure.headers() != null && failure.headers().get(HttpHeaders.RETRY_AFTER) != null) {
        exchange.response().putHeader(HttpHeaders.RETRY_AFTER, failure.headers().get(HttpHeaders.RETRY_AFTER));
      }
      exchange.fail(GatewayError.NO_PROVIDER_AVAILABLE, "every provider failed: " + outcomesByProvider());
    } else if (failure.candidate() != null) {
      respondUpstreamError(failure.candidate(), failure.status(), failure.headers(), failure.body());
    } else {
      exchange.fail(failure.error(), failure.message());
    }
  }

  /** e.g. {@code openai: http_503 (2 attempts), anthropic: first_event_timeout (1 attempt)}. */
  private String outcomesByProvider() {
    java.util.Map<String, AttemptRecord> last = new java.util.LinkedHashMap<>();
    java.util.Map<String, Integer> counts = new java.util.HashMap<>();
    for (AttemptRecord attempt : attempts) {
      last.put(attempt.provider(), attempt);
      counts.merge(attempt.provider(), 1, Integer::sum);
    }
    java.util.StringJoiner out = new java.util.StringJoiner(", ");
    last.forEach((provider, attempt) -> out.add(provider + ": " + attempt.outcome() + " (" + counts.get(provider)
        + (counts.get(provider) == 1 ? " attempt)" : " attempts)")));
    return out.toString();
  }

  // ---- answering the client ---------------------------------------------------------------------------------

  private void serveEcho(Candidate candidate) {
    exchange.servedBy(candidate.provider().name());
    EchoProvider.Answer answer = EchoProvider.answer(exchange.response(), exchange.request().method().name(),
        request.path(), exchange.clientFormat(), request.body());
    exchange.completed(answer.status() < 400);
  }

  private void respondJson(Candidate candidate, HttpClientResponse upstream, Buffer body) {
    HttpServerResponse out = exchange.response();
    exchange.servedBy(candidate.provider().name());
    out.setStatusCode(upstream.statusCode());
    if (!candidate.translates()) {
      UpstreamHeaders.copyResponseHeaders(upstream.headers(), out.headers());
      out.end(body);
      exchange.completed(true);
      return;
    }
    JsonObject answer;
    try {
      answer = candidate.translator().translateResponse(body.toJsonObject(), candidate.model());
    } catch (RuntimeException e) {
      exchange.fail(GatewayError.UPSTREAM_UNREACHABLE, candidate.provider().name() + " sent an answer that is not valid JSON");
      return;
    }
    out.putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(answer.toBuffer());
    exchange.completed(true);
  }

  private void respondUpstreamError(Candidate candidate, int status, MultiMap headers, Buffer body) {
    HttpServerResponse out = exchange.response();
    if (out.headWritten()) {
      exchange.fail(GatewayError.UPSTREAM_UNREACHABLE, "upstream error after the response started");
      return;
    }
    exchange.servedBy(candidate.provider().name());
    out.setStatusCode(status);
    if (candidate.translates()) {
      String retryAfter = headers.get(HttpHeaders.RETRY_AFTER);
      if (retryAfter != null) {
        out.putHeader(HttpHeaders.RETRY_AFTER, retryAfter);
      }
      out.putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .end(candidate.translator().translateError(status, jsonOrNull(body)).toBuffer());
    } else {
      UpstreamHeaders.copyResponseHeaders(headers, out.headers());
      out.end(body);
    }
    exchange.completed(false);
  }

  private void pipeThrough(HttpClientResponse upstream) {
    HttpServerResponse out = exchange.response();
    exchange.servedBy(current().provider().name());
    out.setStatusCode(upstream.statusCode());
    UpstreamHeaders.copyResponseHeaders(upstream.headers(), out.headers());
    if (!upstream.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
      out.setChunked(true);
    }
    // endOnFailure(false): a body cut by the upstream must not be closed off as if it were complete.
    upstream.pipe().endOnFailure(false).to(out).onComplete(done -> {
      exchange.completed(done.succeeded());
      if (done.failed()) {
        upstream.request().reset();
        exchange.request().connection().close();
      }
    });
  }

  // ---- streams ----------------------------------------------------------------------------------------------

  private void startStream(Candidate candidate, HttpClientResponse upstream, Promise<Void> verdict, long started) {
    StreamTranslator translator = candidate.translator().newStreamTranslator(request.json(), candidate.model());
    progress = request.json() != null && rescueCandidate(index + 1) >= 0 ? new StreamProgress(exchange.clientFormat()) : null;
    relay = StreamRelay.start(vertx, upstream, exchange.response(), translator,
        new StreamListener(candidate, upstream, verdict, started, null), candidate.provider().firstTokenTimeoutMs(),
        candidate.provider().idleTimeoutMs(), progress, !candidate.translates());
  }

  private void writeStreamHead(Candidate candidate, HttpClientResponse upstream) {
    HttpServerResponse out = exchange.response();
    exchange.servedBy(candidate.provider().name());
    out.setStatusCode(200);
    if (!candidate.translates()) {
      UpstreamHeaders.copyResponseHeaders(upstream.headers(), out.headers());
      out.headers().remove(HttpHeaders.CONTENT_LENGTH);
    }
    out.headers().set(HttpHeaders.CONTENT_TYPE, "text/event-stream").set(HttpHeaders.CACHE_CONTROL, "no-cache");
    out.setChunked(true);
  }

  /** The first candidate from {@code from} on that can continue a cut stream, or -1. */
  private int rescueCandidate(int from) {
    for (int i = from; i < plan.candidates().size(); i++) {
      Candidate c = plan.candidates().get(i);
      if (c.provider().supportsPrefill() && !c.isEcho()) {
        return i;
      }
    }
    return -1;
  }

  private void rescue(String why, int from) {
    if (clientGone) {
      return;
    }
    int target = progress != null && progress.continuable() ? rescueCandidate(from) : -1;
    if (target < 0) {
      endStreamWithError(why);
      return;
    }
    index = target;
    Candidate candidate = current();
    JsonObject prefilled = AssistantPrefill.withAssistantPrefill(request.json(), exchange.clientFormat(),
        progress.text().stripTrailing());
    guarded(candidate, verdict -> sendRescue(candidate, prefilled, verdict, why), () -> rescue(why, index + 1));
  }

  private void sendRescue(Candidate candidate, JsonObject prefilled, Promise<Void> verdict, String why) {
    long started = System.nanoTime();
    String name = candidate.provider().name();
    Buffer body;
    try {
      body = bodyFor(candidate, prefilled);
    } catch (RuntimeException untranslatable) {
      verdict.tryComplete();
      record(candidate, "rescue_untranslatable", started);
      rescue(why, index + 1);
      return;
    }
    inFlight = connector.send(candidate.provider(), HttpMethod.POST, uriFor(candidate), headersFor(candidate), body);
    inFlight.response().onComplete(result -> {
      if (clientGone) {
        verdict.tryComplete();
        return;
      }
      if (result.failed() || result.result().statusCode() != 200 || !isEventStream(result.result())) {
        String outcome = result.failed() ? "rescue_failed" : "rescue_http_" + result.result().statusCode();
        if (result.succeeded()) {
          result.result().request().reset();
        }
        boolean providerFault = result.failed() || RetryPolicy.retryableStatus(result.result().statusCode());
        if (providerFault) {
          verdict.tryFail(new UpstreamFailure(UpstreamFailure.Kind.RESET, name, outcome));
        } else {
          verdict.tryComplete(); // e.g. a 400 rejecting the prefill: the provider itself is fine
        }
        record(candidate, outcome, started);
        rescue(why, index + 1);
        return;
      }
      StreamTranslator translator = candidate.translator().newStreamTranslator(prefilled, candidate.model());
      relay = StreamRelay.rescue(vertx, result.result(), exchange.response(), translator,
          new StreamListener(candidate, result.result(), verdict, started, why), candidate.provider().firstTokenTimeoutMs(),
          candidate.provider().idleTimeoutMs(), progress, !candidate.translates());
    });
  }

  /**
   * How one stream attempt reports back: a first stream ({@code rescueOf == null}) writes the response head on
   * commit and fails over before it; a rescue ({@code rescueOf} = why the stream broke) continues a stream the
   * client already has and, if it fails too, hands over to the next rescuer or the error event.
   */
  private final class StreamListener implements StreamRelay.Listener {
    private final Candidate candidate;
    private final HttpClientResponse upstream;
    private final Promise<Void> verdict;
    private final long started;
    private final String rescueOf;

    StreamListener(Candidate candidate, HttpClientResponse upstream, Promise<Void> verdict, long started, String rescueOf) {
      this.candidate = candidate;
      this.upstream = upstream;
      this.verdict = verdict;
      this.started = started;
      this.rescueOf = rescueOf;
    }

    private String name() {
      return candidate.provider().name();
    }

    @Override
    public void commit() {
      if (rescueOf == null) {
        writeStreamHead(candidate, upstream);
      }
    }

    @Override
    public void failedBeforeCommit(boolean silent, String why) {
      verdict.tryFail(new UpstreamFailure(UpstreamFailure.Kind.RESET, name(), why));
      String outcome = silent ? "first_event_timeout" : "stream_broken_before_first_event";
      if (rescueOf != null) {
        record(candidate, "rescue_" + outcome, started);
        rescue(rescueOf, index + 1);
        return;
      }
      record(candidate, outcome, started);
      lastFailure = Failure.gateway(silent ? GatewayError.UPSTREAM_TIMEOUT : GatewayError.UPSTREAM_UNREACHABLE,
          name() + ": " + why);
      afterFailure(candidate, silent, -1);
    }

    @Override
    public void finished(boolean clean) {
      if (!clean) {
        verdict.tryFail(new UpstreamFailure(UpstreamFailure.Kind.RESET, name(), "in-stream error event"));
        record(candidate, "stream_error_event", started);
        exchange.completed(false);
        return;
      }
      verdict.tryComplete();
      record(candidate, rescueOf == null ? "ok" : "rescued", started);
      exchange.completed(true);
    }

    @Override
    public void cutAfterCommit(String why) {
      verdict.tryFail(new UpstreamFailure(UpstreamFailure.Kind.RESET, name(), why));
      record(candidate, "stream_cut", started);
      rescue(name() + ": " + why, index + 1);
    }

    @Override
    public void clientGone() {
      verdict.tryComplete();
      exchange.completed(false);
    }
  }

  private void endStreamWithError(String why) {
    HttpServerResponse out = exchange.response();
    if (!out.closed() && !out.ended()) {
      SseEvent error = ErrorMapping.streamErrorEvent(exchange.clientFormat(), 502,
          "The answer is incomplete: " + why + ".");
      out.end(error.toBuffer());
    }
    exchange.completed(false);
  }

  private void onClientGone() {
    if (clientGone || exchange.response().ended()) {
      return;
    }
    clientGone = true;
    if (relay != null) {
      relay.clientGone();
    }
    if (inFlight != null) {
      inFlight.cancel();
    }
    exchange.completed(false);
  }

  // ---- building upstream requests ---------------------------------------------------------------------------

  private HttpMethod methodFor(Candidate candidate) {
    return candidate.translates() ? HttpMethod.POST : exchange.request().method();
  }

  private String uriFor(Candidate candidate) {
    return candidate.translates()
        ? candidate.translator().upstreamPath(request.path(), candidate.model(), request.stream())
        : request.forwardUri();
  }

  private MultiMap headersFor(Candidate candidate) {
    if (!candidate.translates()) {
      if (!request.stream()) {
        return exchange.request().headers();
      }
      // The relay must read the events (commit rule, clocks, rescue): ask for the stream uncompressed.
      return MultiMap.caseInsensitiveMultiMap().addAll(exchange.request().headers())
          .set(HttpHeaders.ACCEPT_ENCODING, "identity");
    }
    // Another provider's dialect: none of the client's provider-specific headers make sense there.
    return MultiMap.caseInsensitiveMultiMap()
        .set(HttpHeaders.CONTENT_TYPE, "application/json")
        .set(HttpHeaders.ACCEPT, request.stream() ? "text/event-stream" : "application/json")
        .set(HttpHeaders.ACCEPT_ENCODING, "identity");
  }

  private Buffer bodyFor(Candidate candidate, JsonObject json) {
    if (candidate.translates()) {
      return candidate.translator().translateRequest(json, candidate.model()).toBuffer();
    }
    if (json == null || candidate.model() == null) {
      return request.body();
    }
    boolean sameModel = candidate.model().equals(json.getValue("model"));
    if (sameModel && json == request.json()) {
      return request.body(); // untouched: forward the client's exact bytes
    }
    return candidate.translator().translateRequest(json, candidate.model()).toBuffer();
  }

  // ---- helpers ----------------------------------------------------------------------------------------------

  private void record(Candidate candidate, String outcome, long startedNanos) {
    attempts.add(new AttemptRecord(candidate.provider().name(), outcome, (System.nanoTime() - startedNanos) / 1_000_000));
    if ("circuit_open".equals(outcome)) {
      return; // refused by the breaker: nothing reached the provider, so it is neither an attempt nor a failure of it
    }
    circuits.recordAttempt(candidate.provider().name(), !"ok".equals(outcome) && !"rescued".equals(outcome));
  }

  private static UpstreamFailure asFailure(Throwable cause, Candidate candidate) {
    return cause instanceof UpstreamFailure f ? f
        : new UpstreamFailure(UpstreamFailure.Kind.UNREACHABLE, candidate.provider().name(),
            "cannot reach " + candidate.provider().name());
  }

  private static boolean isEventStream(HttpClientResponse response) {
    String type = response.getHeader(HttpHeaders.CONTENT_TYPE);
    return type != null && type.startsWith("text/event-stream");
  }

  /** A body we could not read event by event; relayed as bytes (it is rare: streams are requested uncompressed). */
  private static boolean isCompressed(HttpClientResponse response) {
    String encoding = response.getHeader(HttpHeaders.CONTENT_ENCODING);
    return encoding != null && !encoding.isBlank() && !"identity".equalsIgnoreCase(encoding.trim());
  }

  private static boolean isJson(HttpClientResponse response) {
    String type = response.getHeader(HttpHeaders.CONTENT_TYPE);
    return type != null && type.contains("json");
  }

  private static boolean isContextLengthError(Buffer body) {
    JsonObject json = jsonOrNull(body);
    return json != null && ErrorMapping.CONTEXT_LENGTH_EXCEEDED.equals(ErrorMapping.UpstreamError.parse(400, json).kind());
  }

  private static JsonObject jsonOrNull(Buffer body) {
    try {
      return body == null || body.length() == 0 ? null : body.toJsonObject();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
