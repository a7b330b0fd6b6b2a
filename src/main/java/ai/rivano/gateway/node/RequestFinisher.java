package ai.rivano.gateway.node;

import ai.rivano.gateway.pipeline.ClientExit;
import ai.rivano.gateway.pipeline.RequestContext;
import ai.rivano.gateway.stats.RequestCounters;

/**
 * What happens once per proxied request, after its answer has left (or it was abandoned): it is counted for
 * {@code status}. Runs on the request's event loop; everything here is non-blocking.
 */
final class RequestFinisher implements ClientExit.Finisher {

  private final RequestCounters counters;

  RequestFinisher(RequestCounters counters) {
    this.counters = counters;
  }

  @Override
  public void finish(RequestContext ctx, int httpStatus, boolean success) {
    counters.record(success);
  }
}
