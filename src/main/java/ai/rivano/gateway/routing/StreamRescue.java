package ai.rivano.gateway.routing;

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
 * Continues a stream that broke after the client got bytes. The text already sent becomes an assistant prefill for
 * the next provider that supports one, and its continuation is spliced onto the client's stream; if none can (or
 * every one fails too), the stream ends with an explicit SSE error event. Never a clean-looking, truncated end.
 */
final class StreamRescue {

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
      Candidate c = flow.plan().candidates().get(i);
      if (c.provider().supportsPrefill() && !c.isEcho()) {
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
      ctx.exit().stream().endWithError(502, "The answer is incomplete: " + why + ".");
      return;
    }
    flow.switchTo(target);
    Candidate candidate = flow.current();
    JsonObject prefilled = AssistantPrefill.withAssistantPrefill(ctx.json(), ctx.clientFormat(),
        progress.text().stripTrailing());
    flow.guarded(candidate, verdict -> send(candidate, prefilled, verdict, why, target),
        () -> rescue(why, target + 1));
  }

  private void send(Candidate candidate, JsonObject prefilled, Promise<Void> verdict, String why, int target) {
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
        flow.requests().uriFor(candidate), flow.requests().headersFor(candidate), body, ctx.trace().childTraceparent());
    flow.inFlight(attempt);
    attempt.response().onComplete(result -> {
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
        rescue(why, target + 1);
        return;
      }
      StreamTranslator translator = candidate.translator().newStreamTranslator(prefilled, candidate.model());
      flow.relay(StreamRelay.rescue(flow.vertx(), result.result(), ctx.exit().stream(), translator,
          new Listener(candidate, verdict, started, why, target), candidate.provider().firstTokenTimeoutMs(),
          candidate.provider().idleTimeoutMs(), progress, !candidate.translates()));
    });
  }

  /** How a rescue stream reports back: it continues a stream the client already has. */
  private final class Listener implements StreamRelay.Listener {
    private final Candidate candidate;
    private final Promise<Void> verdict;
    private final long started;
    private final String why;
    private final int target;

    Listener(Candidate candidate, Promise<Void> verdict, long started, String why, int target) {
      this.candidate = candidate;
      this.verdict = verdict;
      this.started = started;
      this.why = why;
      this.target = target;
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
      if (clean) {
        verdict.tryComplete();
        flow.record(candidate, "rescued", started);
      } else {
        verdict.tryFail(new UpstreamFailure(UpstreamFailure.Kind.RESET, name(), "in-stream error event"));
        flow.record(candidate, "stream_error_event", started);
      }
      ctx.exit().stream().end(clean);
    }

    @Override
    public void cutAfterCommit(String reason) {
      verdict.tryFail(new UpstreamFailure(UpstreamFailure.Kind.RESET, name(), reason));
      flow.record(candidate, "stream_cut", started);
      rescue(name() + ": " + reason, target + 1);
    }

    @Override
    public void clientGone() {
      verdict.tryComplete();
    }
  }
}
