package ai.rivano.gateway.middleware.policy;

import ai.rivano.gateway.pipeline.RequestContext;
import ai.rivano.gateway.pipeline.StreamStep;
import ai.rivano.gateway.routing.sse.SseEvent;
import io.vertx.core.json.JsonObject;

/**
 * The last stream step: values a {@code tokenize} redaction replaced in the request ({@code PII_EMAIL_a1b2c3}) are
 * put back in the streamed answer, across event boundaries (a token split over two events is held until it is
 * whole; everything else leaves at once). Nothing to do, and no filter, when the request tokenized nothing.
 */
public final class TokenRestoreStep implements StreamStep {

  @Override
  public String id() {
    return "token-restore";
  }

  @Override
  public Filter newFilter(RequestContext ctx) {
    if (!ctx.hasTokens()) {
      return null;
    }
    StreamTokenRestorer restorer = new StreamTokenRestorer(ctx.vault(), ctx.clientFormat());
    return new Filter() {
      @Override
      public void onEvent(SseEvent event, JsonObject parsed, Emitter out) {
        for (SseEvent restored : restorer.onEvent(event)) {
          out.emit(restored, restored == event ? parsed : null);
        }
      }

      @Override
      public void onEnd(Emitter out) {
        for (SseEvent rest : restorer.finish()) {
          out.emit(rest, null);
        }
      }
    };
  }
}
