package ai.rivano.gateway.audit;

import ai.rivano.gateway.pipeline.RequestContext;
import ai.rivano.gateway.pipeline.ResponseStep;
import ai.rivano.gateway.pipeline.StreamStep;
import ai.rivano.gateway.routing.sse.SseEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Token usage for the audit record. A whole JSON answer is metered here, as the client receives it. Streams are
 * metered by the relay from the provider's own events (so a translated stream is counted even when the client did
 * not ask for usage); this step only hides the usage chunk the gateway asked an OpenAI-format provider for when the
 * client did not ({@code stream_options.include_usage}), so the client's stream is what it asked for.
 */
public final class UsageStep implements ResponseStep, StreamStep {

  @Override
  public String id() {
    return "usage";
  }

  @Override
  public boolean onResponse(RequestContext ctx, JsonObject answer, Verdicts verdicts) {
    UsageMeter meter = new UsageMeter(ctx.clientFormat());
    meter.onJsonAnswer(answer);
    ctx.meterAnswer(meter);
    return false;
  }

  @Override
  public Filter newFilter(RequestContext ctx) {
    return ctx.usageForced() ? HIDE_FORCED_USAGE_CHUNK : null;
  }

  /** Drops OpenAI's final usage-only chunk ({@code "choices": []} with {@code usage}); stateless, so shared. */
  private static final Filter HIDE_FORCED_USAGE_CHUNK = new Filter() {
    @Override
    public void onEvent(SseEvent event, JsonObject parsed, Emitter out) {
      if (parsed != null && parsed.getValue("usage") instanceof JsonObject
          && parsed.getValue("choices") instanceof JsonArray choices && choices.isEmpty()) {
        return;
      }
      out.emit(event, parsed);
    }

    @Override
    public void onEnd(Emitter out) {
    }
  };
}
