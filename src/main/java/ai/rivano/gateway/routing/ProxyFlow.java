package ai.rivano.gateway.routing;

import ai.rivano.gateway.audit.UsageMeter;
import ai.rivano.gateway.errors.GatewayError;
import ai.rivano.gateway.ingress.BodyLease;
import ai.rivano.gateway.ingress.BufferBudget;
import ai.rivano.gateway.middleware.cache.CacheStage;
import ai.rivano.gateway.observability.Events;
import ai.rivano.gateway.observability.GatewayMetrics;
import ai.rivano.gateway.pipeline.ClientExit;
import ai.rivano.gateway.pipeline.RequestContext;
import ai.rivano.gateway.routing.failover.BreakerGate;
import ai.rivano.gateway.routing.failover.ProviderCircuits;
import ai.rivano.gateway.routing.failover.RetryPolicy;
import ai.rivano.gateway.routing.failover.RoutePlan;
import ai.rivano.gateway.routing.failover.RoutePlan.Candidate;
import ai.rivano.gateway.routing.providers.EchoProvider;
import ai.rivano.gateway.routing.relay.BodyReader;
import ai.rivano.gateway.routing.relay.StreamProgress;
import ai.rivano.gateway.routing.relay.StreamRelay;
import ai.rivano.gateway.routing.sse.SseEvent;
import ai.rivano.gateway.routing.translate.StreamTranslator;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * One request's way through its {@link RoutePlan}: attempts, retries, failover, and the stream commit rule.
 *
 * <p>Each attempt runs inside the provider's circuit breaker ({@link BreakerGate}) and its outcome is recorded. A
 * failure before the client has a response head (connection refused or reset, 5xx, 429, a silent upstream, a
 * stream that breaks before its first event, a body that is cut or is not the JSON it claims to be) is invisible
 * to the client: the {@link RetryPolicy} retries the provider or the flow moves to the next one. Once a stream
 * has been committed, a cut or stall goes to {@link StreamRescue}: continued by a provider that supports assistant
 * prefill, or ended with an explicit SSE error event — never closed off as a clean, truncated answer.
 *
 * <p>Every answer leaves through the request's {@link ClientExit}.
 */
final class ProxyFlow {

  /** What the client gets if no provider succeeds: a gateway error, or the last upstream error response. */
  record Failure(GatewayError error, String message, Candidate candidate, int status, MultiMap headers, Buffer body) {
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
  private final BreakerGate gate;
  private final CacheStage cache;
  private final GatewayMetrics metrics;
  private final BufferBudget budget;
  private final RequestContext ctx;
  private final ClientExit exit;
  private final RoutePlan plan;
  private final UpstreamRequests requests;
  private int index = -1;
  private int retries;
  private long candidateStartNanos;
  private UpstreamConnector.Attempt inFlight;
  private StreamRelay relay;
  private Failure lastFailure;
  private boolean abandoned;

  ProxyFlow(Vertx vertx, UpstreamConnector connector, ProviderCircuits circuits, CacheStage cache,
            GatewayMetrics metrics, BufferBudget budget, RequestContext ctx, RoutePlan plan) {
    this.budget = budget;
    this.vertx = vertx;
    this.connector = connector;
    this.circuits = circuits;
    this.gate = new BreakerGate(circuits);
    this.cache = cache;
    this.metrics = metrics;
    this.ctx = ctx;
    this.exit = ctx.exit();
    this.plan = plan;
    this.requests = new UpstreamRequests(ctx);
  }

  void start() {
    exit.onAbandoned(this::onAbandoned);
    if (plan.isEmpty()) {
      exit.fail(GatewayError.INVALID_REQUEST, "the provider cannot serve a " + ctx.clientFormat()
          + " request on " + ctx.path() + " (no translation for it)");
      return;
    }
    next();
  }

  // ---- candidates and attempts ------------------------------------------------------------------------------

  Candidate current() {
    return plan.candidates().get(index);
  }

  private void next() {
    index++;
    retries = 0;
    if (index >= plan.candidates().size()) {
      giveUp();
      return;
    }
    if (index > 0) {
      List<ai.rivano.gateway.audit.AuditRecord.Attempt> tried = ctx.attempts().all();
      Events.failover(ctx.traceId(), plan.candidates().get(index - 1).provider().name(), current().provider().name(),
          tried.isEmpty() ? "none" : tried.get(tried.size() - 1).outcome());
    }
    candidateStartNanos = System.nanoTime();
    if (current().isEcho()) {
      serveEcho(current());
      return;
    }
    attempt();
  }

  private void attempt() {
    if (abandoned) {
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

  /** Runs {@code work} in the candidate's breaker; an open circuit is recorded and runs {@code refused}. */
  void guarded(Candidate candidate, java.util.function.Consumer<Promise<Void>> work, Runnable refused) {
    String name = candidate.provider().name();
    gate.run(name, ctx.traceId(), work, () -> {
      record(candidate, "circuit_open", System.nanoTime());
      refused.run();
    }, bug -> gatewayBug("the gateway failed to prepare the request for " + name, bug));
  }

  private void send(Candidate candidate, Promise<Void> verdict) {
    long started = System.nanoTime();
    Buffer body;
    String uri;
    try {
      body = requests.bodyFor(candidate, ctx.json());
      uri = requests.uriFor(candidate);
    } catch (RuntimeException malformed) {
      // A body the translator cannot read is the client's error, not the provider's.
      verdict.tryComplete();
      String why = malformed instanceof ClassCastException || malformed.getMessage() == null
          ? "a field has an unexpected JSON type" : malformed.getMessage();
      exit.fail(GatewayError.INVALID_REQUEST,
          "the request cannot be translated for " + candidate.provider().name() + ": " + why);
      return;
    }
    inFlight = connector.send(candidate.provider(), requests.methodFor(candidate), uri,
        requests.headersFor(candidate), body,
        traceparentFor(candidate, retries > 0 ? "retry" : index > 0 ? "failover" : "first"));
    inFlight.response().onComplete(result -> safely(verdict, () -> {
      if (abandoned) {
        verdict.tryComplete();
        return;
      }
      if (result.failed()) {
        UpstreamFailure failure = asFailure(result.cause(), candidate);
        failedAttempt(candidate, verdict, failure, failure.kind().name().toLowerCase(), started);
        return;
      }
      long headNanos = System.nanoTime() - started;
      ctx.waitedUpstream(headNanos);
      metrics.upstreamLatency(candidate.provider().name(), headNanos);
      onHead(candidate, result.result(), verdict, started);
    }));
  }

  /** The provider's own fault before the client saw anything: counted, then retried or failed over. */
  private void failedAttempt(Candidate candidate, Promise<Void> verdict, UpstreamFailure failure, String outcome,
                             long started) {
    verdict.tryFail(failure);
    record(candidate, outcome, started);
    lastFailure = Failure.gateway(GatewayError.of(failure), failure.getMessage());
    afterFailure(candidate, failure.kind() == UpstreamFailure.Kind.TIMEOUT, -1);
  }

  private void onHead(Candidate candidate, HttpClientResponse upstream, Promise<Void> verdict, long started) {
    int status = upstream.statusCode();
    if (status >= 200 && status < 300) {
      if (UpstreamResponses.isEventStream(upstream) && !UpstreamResponses.isCompressed(upstream)) {
        startStream(candidate, upstream, verdict, started);
      } else if (!candidate.translates() && !UpstreamResponses.isJson(upstream)) {
        verdict.tryComplete();
        record(candidate, "ok", started);
        served(candidate);
        exit.pipe(upstream);
      } else {
        readWhole(candidate, upstream, verdict, started);
      }
      return;
    }
    readError(candidate, upstream, verdict, started);
  }

  /**
   * A 2xx JSON answer is read whole before the client sees anything, so an answer cut half-way, or one that is not
   * the JSON it claims to be, still fails over invisibly.
   */
  private void readWhole(Candidate candidate, HttpClientResponse upstream, Promise<Void> verdict, long started) {
    String name = candidate.provider().name();
    long bodyStarted = System.nanoTime();
    BodyLease lease = budget.lease();
    exit.atFinish(lease::release);
    BodyReader.read(vertx, upstream, name, candidate.provider().idleTimeoutMs(), MAX_BUFFERED_RESPONSE, lease::grow)
        .onComplete(read -> safely(verdict, () -> {
          if (abandoned) {
            verdict.tryComplete();
            return;
          }
          if (read.cause() instanceof BodyReader.TooLargeToBuffer tooLarge) {
            lease.release();
            tooLargeToBuffer(candidate, upstream, verdict, started, tooLarge.readSoFar());
            return;
          }
          if (read.failed()) {
            UpstreamFailure failure = asFailure(read.cause(), candidate);
            failedAttempt(candidate, verdict, failure, "body_" + failure.kind().name().toLowerCase(), started);
            return;
          }
          ctx.waitedUpstream(System.nanoTime() - bodyStarted);
          Buffer raw = SecretScrubber.scrub(read.result(), candidate.provider());
          JsonObject answer;
          try {
            JsonObject parsed = raw.toJsonObject();
            answer = candidate.translates() ? candidate.translator().translateResponse(parsed, candidate.model()) : parsed;
          } catch (RuntimeException notJson) {
            failedAttempt(candidate, verdict, new UpstreamFailure(UpstreamFailure.Kind.RESET, name,
                name + " sent an answer that is not valid JSON"), "body_malformed", started);
            return;
          }
          verdict.tryComplete();
          record(candidate, "ok", started);
          served(candidate);
          if (cache != null) {
            cache.store(ctx, upstream.statusCode(), candidate.translates() ? answer.toBuffer() : raw,
                ctx.servedModel());
          }
          if (candidate.translates()) {
            exit.answerJson(upstream.statusCode(), null, answer.toBuffer(), answer);
          } else {
            exit.answerJson(upstream.statusCode(), SecretScrubber.scrub(upstream.headers(), candidate.provider()), raw,
                answer);
          }
        }));
  }

  /**
   * A 2xx answer that outgrew the per-answer cap or the node's buffer budget while it was read whole (a large
   * embeddings batch, say). Failing it over would only move the problem, so an answer in the client's own dialect is
   * streamed through as it comes, uninspected; one that would need translating cannot be, and gets 503 overloaded.
   */
  private void tooLargeToBuffer(Candidate candidate, HttpClientResponse upstream, Promise<Void> verdict, long started,
                                Buffer readSoFar) {
    verdict.tryComplete(); // the provider answered; the gateway had no room
    if (candidate.translates()) {
      upstream.request().reset();
      record(candidate, "body_too_large", started);
      exit.header(HttpHeaders.RETRY_AFTER, "1");
      exit.fail(GatewayError.OVERLOADED, "the answer of " + candidate.provider().name()
          + " is too large for the gateway to translate now; retry later");
      return;
    }
    record(candidate, "ok_unbuffered", started);
    served(candidate);
    exit.pipe(upstream, readSoFar);
  }

  private void readError(Candidate candidate, HttpClientResponse upstream, Promise<Void> verdict, long started) {
    int status = upstream.statusCode();
    String name = candidate.provider().name();
    BodyLease lease = budget.lease();
    exit.atFinish(lease::release);
    BodyReader.read(vertx, upstream, name, candidate.provider().idleTimeoutMs(), MAX_BUFFERED_RESPONSE, lease::grow)
        .onComplete(read -> safely(verdict, () -> {
          if (read.cause() instanceof BodyReader.TooLargeToBuffer) {
            upstream.request().reset(); // an error body this large is not worth the memory: relayed without it
          }
          Buffer body = read.succeeded() ? read.result() : Buffer.buffer();
          if (abandoned) {
            verdict.tryComplete();
            return;
          }
          record(candidate, "http_" + status, started);
          if (RetryPolicy.retryableStatus(status)) {
            if (BreakerGate.providerFault(status)) {
              verdict.tryFail(new UpstreamFailure(UpstreamFailure.Kind.RESET, name, name + " answered " + status));
            } else {
              verdict.tryComplete(); // a 429 is one key's or model's quota: honoured, never held against the provider
            }
            lastFailure = Failure.upstream(candidate, status, upstream.headers(), body);
            long retryAfter = status == 429 ? RetryPolicy.retryAfterMs(upstream.headers(), System.currentTimeMillis()) : -1;
            afterFailure(candidate, false, retryAfter);
            return;
          }
          verdict.tryComplete(); // the provider is healthy; the request was not
          if (status == 400 && UpstreamResponses.isContextLengthError(body) && failOverToAnotherModel(candidate)) {
            return;
          }
          respondUpstreamError(candidate, status, upstream.headers(), body);
        }));
  }

  private void afterFailure(Candidate candidate, boolean silent, long retryAfterMs) {
    if (abandoned) {
      return;
    }
    long remainingMs = candidate.provider().timeoutMs() - (System.nanoTime() - candidateStartNanos) / 1_000_000;
    var failover = candidate.provider().failover();
    RetryPolicy.Decision decision = RetryPolicy.after(retries, candidate.provider().maxRetries(), retryAfterMs,
        remainingMs, silent, failover.backoffBaseMs(), failover.backoffCapMs());
    if (decision.step() == RetryPolicy.Step.RETRY_SAME) {
      retries++;
      List<ai.rivano.gateway.audit.AuditRecord.Attempt> tried = ctx.attempts().all();
      Events.retry(ctx.traceId(), candidate.provider().name(), retries,
          tried.isEmpty() ? "none" : tried.get(tried.size() - 1).outcome(), decision.delayMs());
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
        exit.header(HttpHeaders.RETRY_AFTER, failure.headers().get(HttpHeaders.RETRY_AFTER));
      }
      exit.fail(GatewayError.NO_PROVIDER_AVAILABLE, "every provider failed: " + ctx.attempts().outcomesByProvider());
    } else if (failure.candidate() != null) {
      respondUpstreamError(failure.candidate(), failure.status(), failure.headers(), failure.body());
    } else {
      exit.fail(failure.error(), failure.message());
    }
  }

  // ---- answers that are not streams ---------------------------------------------------------------------------

  private void served(Candidate candidate) {
    ctx.servedBy(candidate.provider().name(), candidate.model(), index > 0);
  }

  private void serveEcho(Candidate candidate) {
    // echo's answer is a second copy of the request's text, built in memory: a buffered answer like any other, so
    // it is reserved from the node's budget (about the body's size) before it is built
    BodyLease lease = budget.lease();
    exit.atFinish(lease::release);
    if (!lease.grow(ctx.body().length())) {
      exit.header(HttpHeaders.RETRY_AFTER, "1");
      exit.fail(GatewayError.OVERLOADED, "echo's answer does not fit in this node's buffer budget now; retry later");
      return;
    }
    served(candidate);
    try {
      answerEcho();
    } catch (RuntimeException bug) {
      // a bug in echo must be a 500 with its trace id, never a client left waiting (as "stream": null once did)
      gatewayBug("the echo provider failed", bug);
    }
  }

  private void answerEcho() {
    EchoProvider.answer(new EchoProvider.Out() {
      @Override
      public void json(int status, JsonObject body) {
        exit.answerJson(status, null, body.toBuffer(), body);
      }

      @Override
      public void stream(List<SseEvent> events) {
        UsageMeter meter = new UsageMeter(ctx.clientFormat());
        ctx.meterAnswer(meter);
        ClientExit.StreamOut out = exit.openStream(null);
        for (SseEvent event : events) {
          JsonObject parsed = event.isDone() ? null : new JsonObject(event.data());
          meter.onEvent(parsed);
          out.send(event, parsed);
        }
        out.end(true);
      }
    }, ctx.request().method().name(), ctx.path(), ctx.clientFormat(), ctx.body());
  }

  private void respondUpstreamError(Candidate candidate, int status, MultiMap headers, Buffer body) {
    if (exit.headWritten()) {
      exit.fail(GatewayError.UPSTREAM_UNREACHABLE, "upstream error after the response started");
      return;
    }
    served(candidate);
    Buffer scrubbed = SecretScrubber.scrub(body, candidate.provider());
    if (candidate.translates()) {
      String retryAfter = headers.get(HttpHeaders.RETRY_AFTER);
      if (retryAfter != null) {
        exit.header(HttpHeaders.RETRY_AFTER, retryAfter);
      }
      exit.relay(status, null,
          candidate.translator().translateError(status, UpstreamResponses.jsonOrNull(scrubbed)).toBuffer(), true);
    } else {
      exit.relay(status, SecretScrubber.scrub(headers, candidate.provider()), scrubbed, false);
    }
  }

  // ---- streams ----------------------------------------------------------------------------------------------

  private void startStream(Candidate candidate, HttpClientResponse upstream, Promise<Void> verdict, long started) {
    StreamTranslator translator = candidate.translator().newStreamTranslator(ctx.json(), candidate.model());
    StreamRescue rescue = new StreamRescue(this, ctx);
    StreamProgress progress = ctx.json() != null && rescue.possibleFrom(index + 1)
        ? new StreamProgress(ctx.clientFormat()) : null;
    rescue.track(progress);
    // Usage is read from the provider's own events: a translated stream is counted even when the client did not ask.
    UsageMeter meter = new UsageMeter(candidate.translator().upstreamFormat());
    ctx.meterAnswer(meter);
    relay = StreamRelay.start(vertx, upstream, translator,
        new StreamListener(candidate, upstream, verdict, started, rescue), candidate.provider().firstTokenTimeoutMs(),
        candidate.provider().idleTimeoutMs(), progress, !candidate.translates(), meter);
  }

  /**
   * How the first stream attempt reports back: it writes the response head on commit and fails over before it;
   * once committed, a cut or stall goes to the rescue.
   */
  private final class StreamListener implements StreamRelay.Listener {
    private final Candidate candidate;
    private final HttpClientResponse upstream;
    private final Promise<Void> verdict;
    private final long started;
    private final StreamRescue rescue;
    private final long headArrived = System.nanoTime();

    StreamListener(Candidate candidate, HttpClientResponse upstream, Promise<Void> verdict, long started,
                   StreamRescue rescue) {
      this.candidate = candidate;
      this.upstream = upstream;
      this.verdict = verdict;
      this.started = started;
      this.rescue = rescue;
    }

    private String name() {
      return candidate.provider().name();
    }

    @Override
    public ClientExit.StreamOut commit() {
      served(candidate);
      ctx.waitedUpstream(System.nanoTime() - headArrived); // the provider's time to its first event
      metrics.timeToFirstToken(name(), System.nanoTime() - ctx.startNanos());
      return exit.openStream(candidate.translates() ? null : SecretScrubber.scrub(upstream.headers(), candidate.provider()));
    }

    @Override
    public void failedBeforeCommit(boolean silent, String why) {
      verdict.tryFail(new UpstreamFailure(UpstreamFailure.Kind.RESET, name(), why));
      record(candidate, silent ? "first_event_timeout" : "stream_broken_before_first_event", started);
      lastFailure = Failure.gateway(silent ? GatewayError.UPSTREAM_TIMEOUT : GatewayError.UPSTREAM_UNREACHABLE,
          name() + ": " + why);
      afterFailure(candidate, silent, -1);
    }

    @Override
    public void finished(boolean clean) {
      if (clean) {
        verdict.tryComplete();
        record(candidate, "ok", started);
      } else {
        verdict.tryFail(new UpstreamFailure(UpstreamFailure.Kind.RESET, name(), "in-stream error event"));
        record(candidate, "stream_error_event", started);
      }
      exit.stream().end(clean);
    }

    @Override
    public void cutAfterCommit(String why) {
      verdict.tryFail(new UpstreamFailure(UpstreamFailure.Kind.RESET, name(), why));
      record(candidate, "stream_cut", started);
      rescue.rescue(name() + ": " + why, index + 1);
    }

    @Override
    public void clientGone() {
      verdict.tryComplete();
    }
  }

  // ---- what the rescue needs from the flow ------------------------------------------------------------------

  RoutePlan plan() {
    return plan;
  }

  Vertx vertx() {
    return vertx;
  }

  UpstreamConnector connector() {
    return connector;
  }

  UpstreamRequests requests() {
    return requests;
  }

  boolean abandoned() {
    return abandoned;
  }

  void switchTo(int candidateIndex) {
    index = candidateIndex;
  }

  void inFlight(UpstreamConnector.Attempt attempt) {
    this.inFlight = attempt;
  }

  void relay(StreamRelay relay) {
    this.relay = relay;
  }

  // ---- helpers ----------------------------------------------------------------------------------------------

  /**
   * Runs a step of the flow that reacts to the upstream. An exception there is a gateway bug; inside a Vert.x
   * callback it would be swallowed and leave the client waiting forever, so the client gets a 500 (or its stream
   * an error event), the upstream is stopped, and the breaker is told nothing about the provider.
   */
  void safely(Promise<Void> verdict, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException bug) {
      verdict.tryComplete();
      onAbandoned();
      gatewayBug("the gateway failed while handling the answer of " + current().provider().name(), bug);
    }
  }

  /** A gateway bug on this request: logged with its stack trace and the trace id, answered 500 (never a hang). */
  private void gatewayBug(String what, RuntimeException bug) {
    String message = what + " (" + bug.getClass().getSimpleName() + ")";
    Events.gatewayError(ctx.traceId(), 500, message, bug);
    exit.fail(GatewayError.INTERNAL_ERROR, message);
  }

  private void onAbandoned() {
    if (abandoned) {
      return;
    }
    abandoned = true;
    if (relay != null) {
      relay.clientGone();
    }
    if (inFlight != null) {
      inFlight.cancel();
    }
  }

  /**
   * The {@code traceparent} of an attempt about to be sent: with tracing on, the attempt's span is started here and
   * its id is the one the provider sees; else a fresh span id of the request's trace.
   *
   * @param kind {@code first}, {@code retry}, {@code failover}, {@code rescue_prefill} or {@code rescue_restart}
   */
  String traceparentFor(Candidate candidate, String kind) {
    if (ctx.span() == null) {
      return ctx.trace().childTraceparent();
    }
    UpstreamUrl base = UpstreamUrl.of(candidate.provider().effectiveBaseUrl());
    return ctx.span().attemptStarted(candidate.provider().name(), candidate.model(), kind, base.host(), base.port());
  }

  void record(Candidate candidate, String outcome, long startedNanos) {
    String name = candidate.provider().name();
    ctx.attempts().add(name, outcome, (System.nanoTime() - startedNanos) / 1_000_000);
    metrics.attempt(name, outcome);
    boolean refused = "circuit_open".equals(outcome);
    boolean failed = !refused && !"ok".equals(outcome) && !"ok_unbuffered".equals(outcome)
        && !"rescued".equals(outcome) && !"restarted".equals(outcome) && !"body_too_large".equals(outcome);
    if (ctx.span() != null) {
      ctx.span().attemptEnded(name, outcome, failed);
    }
    if (refused) {
      return; // refused by the breaker: nothing reached the provider, so it is neither an attempt nor a failure of it
    }
    circuits.recordAttempt(name, failed);
    if (failed) {
      Events.upstreamError(ctx.traceId(), name, outcome.startsWith("http_") ? parseStatus(outcome) : 0, outcome);
    }
  }

  private static int parseStatus(String outcome) {
    try {
      return Integer.parseInt(outcome.substring("http_".length()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static UpstreamFailure asFailure(Throwable cause, Candidate candidate) {
    return cause instanceof UpstreamFailure f ? f
        : new UpstreamFailure(UpstreamFailure.Kind.UNREACHABLE, candidate.provider().name(),
            "cannot reach " + candidate.provider().name());
  }
}
