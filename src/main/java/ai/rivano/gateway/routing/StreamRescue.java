package ai.rivano.gateway.routing;

import ai.rivano.gateway.audit.UsageMeter;
import ai.rivano.gateway.pipeline.ClientExit;
import ai.rivano.gateway.pipeline.RequestContext;
import ai.rivano.gateway.routing.failover.BreakerGate;
import ai.rivano.gateway.routing.failover.RoutePlan.Candidate;
import ai.rivano.gateway.routing.relay.StreamProgress;
import ai.rivano.gateway.routing.relay.StreamRelay;
import ai.rivano.gateway.routing.translate.AssistantPrefill;
import ai.rivano.gateway.routing.translate.StreamTranslator;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

/**
 * Continues a stream that broke after the client got bytes, with the next candidate of the plan:
 * <ul>
 *   <li>one that supports assistant prefill gets the text already sent as a prefill, and its continuation is
 *       spliced onto the client's stream;</li>
 *   <li>one that has none, or rejects the prefill (a 400), is asked the request afresh, once: if its answer starts
 *       with the text already sent, only what follows is relayed ({@code ReplayFilter}).</li>
 * </ul>
 * If none can (or every one fails too), the stream ends with an explicit SSE error event. Never a clean-looking,
 * truncated end.
 */
final class StreamRescue {

  /** How a candidate is asked to continue. */
  private enum Mode { PREFILL, RESTART }

  private final ProxyFlow flow;
  private final RequestContext ctx;
  private StreamProgress progress;

  StreamRescue(ProxyFlow flow, RequestContext ctx) {
    this.flow = flow;
    this.ctx = ctx;
  }

  /** True when some candidate from {@code from} on could continue a cut stream (so progress is worth keeping). */
  boolean possibleFrom(int from) {
    return candidateFrom(from) >= 0;
  }

  /** What the client has been sent so far; null when no rescue is possible (nothing is tracked then). */
  void track(StreamProgress progress) {
    this.progress = progress;
  }

  private int candidateFrom(int from) {
    for (int i = from; i < flow.plan().candidates().size(); i++) {
      if (!flow.plan().candidates().get(i).isEcho()) { // any provider can restart; prefill is per model
        return i;
      }
    }
    return -1;
  }

  /** The stream broke ({@code why}); try candidates from {@code from} on, else end with an error event. */
  void rescue(String why, int from) {
    if (flow.abandoned()) {
      return;
    }
    int target = progress != null && progress.continuable() ? candidateFrom(from) : -1;
    if (target < 0) {
      if (ctx.span() != null) {
        ctx.span().rescueEnded("aborted", true);
      }
      ai.rivano.gateway.observability.Events.streamAborted(ctx.traceId(), ctx.provider(), why);
      ctx.exit().stream().endWithError(502, "The answer is incomplete: " + why + ".");
      return;
    }
    flow.switchTo(target);
    Candidate candidate = flow.current();
    ai.rivano.gateway.observability.Events.rescue(ctx.traceId(), ctx.provider(), candidate.provider().name(),
        progress.text().length(), why);
    if (ctx.span() != null) {
      ctx.span().rescueStarted(ctx.provider(), candidate.provider().name(), progress.text().length(), why);
    }
    attempt(candidate, target, candidate.supportsPrefill() ? Mode.PREFILL : Mode.RESTART, why);
  }

  private void attempt(Candidate candidate, int target, Mode mode, String why) {
    JsonObject request = mode == Mode.PREFILL
        ? AssistantPrefill.withAssistantPrefill(ctx.json(), ctx.clientFormat(), progress.text().stripTrailing())
        : ctx.json();
    flow.guarded(candidate, verdict -> send(candidate, request, verdict, why, target, mode),
        () -> rescue(why, target + 1));
  }

  private void send(Candidate candidate, JsonObject prefilled, Promise<Void> verdict, String why, int target,
                    Mode mode) {
    long started = System.nanoTime();
    String name = candidate.provider().name();
    Buffer body;
    try {
      body = flow.requests().bodyFor(candidate, prefilled);
    } catch (RuntimeException untranslatable) {
      verdict.tryComplete();
      flow.record(candidate, "rescue_untranslatable", started);
      rescue(why, target + 1);
      return;
    }
    UpstreamConnector.Attempt attempt = flow.connector().send(candidate.provider(), HttpMethod.POST,
        flow.requests().uriFor(candidate), flow.requests().headersFor(candidate), body,
        flow.traceparentFor(candidate, mode == Mode.PREFILL ? "rescue_prefill" : "rescue_restart"));
    flow.inFlight(attempt);
    attempt.response().onComplete(result -> flow.safely(verdict, () -> {
      if (flow.abandoned()) {
        verdict.tryComplete();
        return;
      }
      if (result.failed() || result.result().statusCode() != 200 || !UpstreamResponses.isEventStream(result.result())) {
        String outcome = result.failed() ? "rescue_failed" : "rescue_http_" + result.result().statusCode();
        if (result.succeeded()) {
          result.result().request().reset();
        }
        if (result.failed() || BreakerGate.providerFault(result.result().statusCode())) {
          verdict.tryFail(new UpstreamFailure(UpstreamFailure.Kind.RESET, name, outcome));
        } else {
          verdict.tryComplete(); // e.g. a 400 rejecting the prefill: the provider itself is fine
        }
        flow.record(candidate, outcome, started);
        if (mode == Mode.PREFILL && result.succeeded() && result.result().statusCode() == 400) {
          attempt(candidate, target, Mode.RESTART, why); // no prefill here after all: ask afresh, once
        } else {
          rescue(why, target + 1);
        }
        return;
      }
      StreamTranslator translator = candidate.translator().newStreamTranslator(prefilled, candidate.model());
      UsageMeter meter = new UsageMeter(candidate.translator().upstreamFormat());
      ctx.meterRescue(meter); // billed on top of what the cut stream had used
      flow.relay(StreamRelay.rescue(flow.vertx(), result.result(), ctx.exit().stream(), translator,
          new Listener(candidate, verdict, started, why, target, mode), candidate.provider().firstTokenTimeoutMs(),
          candidate.provider().idleTimeoutMs(), progress, !candidate.translates(), mode == Mode.RESTART, meter));
    }));
  }

  /** How a rescue stream reports back: it continues a stream the client already has. */
  private final class Listener implements StreamRelay.Listener {
    private final Candidate candidate;
    private final Promise<Void> verdict;
    private final long started;
    private final String why;
    private final int target;
    private final Mode mode;

    Listener(Candidate candidate, Promise<Void> verdict, long started, String why, int target, Mode mode) {
      this.candidate = candidate;
      this.verdict = verdict;
      this.started = started;
      this.why = why;
      this.target = target;
      this.mode = mode;
    }

    private String name() {
      return candidate.provider().name();
    }

    @Override
    public ClientExit.StreamOut commit() {
      ctx.servedBy(name(), candidate.model(), true);
      return ctx.exit().stream();
    }

    @Override
    public void failedBeforeCommit(boolean silent, String reason) {
      verdict.tryFail(new UpstreamFailure(UpstreamFailure.Kind.RESET, name(), reason));
      flow.record(candidate, silent ? "rescue_first_event_timeout" : "rescue_stream_broken_before_first_event", started);
      rescue(why, target + 1);
    }

    @Override
    public void finished(boolean clean) {
      String outcome = clean ? mode == Mode.PREFILL ? "rescued" : "restarted" : "stream_error_event";
      if (clean) {
        verdict.tryComplete();
      } else {
        verdict.tryFail(new UpstreamFailure(UpstreamFailure.Kind.RESET, name(), "in-stream error event"));
      }
      flow.record(candidate, outcome, started);
      if (ctx.span() != null) {
        ctx.span().rescueEnded(outcome, !clean);
      }
      ctx.exit().stream().end(clean);
    }

    @Override
    public void cutAfterCommit(String reason) {
      boolean diverged = reason.startsWith("the restarted answer");
      if (diverged) {
        verdict.tryComplete(); // a different answer is not the provider's fault
      } else {
        verdict.tryFail(new UpstreamFailure(UpstreamFailure.Kind.RESET, name(), reason));
      }
      flow.record(candidate, diverged ? "restart_diverged" : "stream_cut", started);
      rescue(diverged ? why : name() + ": " + reason, target + 1);
    }

    @Override
    public void clientGone() {
      verdict.tryComplete();
    }
  }
}
