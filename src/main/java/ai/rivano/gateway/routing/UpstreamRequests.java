package ai.rivano.gateway.routing;

import ai.rivano.gateway.pipeline.RequestContext;
import ai.rivano.gateway.routing.failover.RoutePlan.Candidate;
import ai.rivano.gateway.routing.providers.ProviderKind;
import ai.rivano.gateway.routing.translate.WireFormat;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

/**
 * What to send each candidate of a request's plan: method, path, headers and body, in the candidate's dialect.
 * An untranslated request with an unchanged model goes out as the client's exact bytes.
 */
final class UpstreamRequests {

  private final RequestContext ctx;

  UpstreamRequests(RequestContext ctx) {
    this.ctx = ctx;
  }

  HttpMethod methodFor(Candidate candidate) {
    return candidate.translates() ? HttpMethod.POST : ctx.request().method();
  }

  String uriFor(Candidate candidate) {
    return candidate.translates()
        ? candidate.translator().upstreamPath(ctx.path(), candidate.model(), ctx.stream())
        : ctx.forwardUri();
  }

  MultiMap headersFor(Candidate candidate) {
    if (!candidate.translates()) {
      return ctx.request().headers(); // UpstreamHeaders filters them (hop-by-hop, credentials, encoding)
    }
    // Another provider's dialect: none of the client's provider-specific headers make sense there.
    return MultiMap.caseInsensitiveMultiMap()
        .set(HttpHeaders.CONTENT_TYPE, "application/json")
        .set(HttpHeaders.ACCEPT, ctx.stream() ? "text/event-stream" : "application/json");
  }

  /** @param json the request to send (the client's, or a rescue's prefilled copy) */
  Buffer bodyFor(Candidate candidate, JsonObject json) {
    if (candidate.translates()) {
      return candidate.translator().translateRequest(json, candidate.model()).toBuffer();
    }
    if (json == null) {
      return ctx.body();
    }
    boolean forceUsage = needsForcedUsage(candidate, json);
    boolean sameModel = candidate.model() == null || candidate.model().equals(json.getValue("model"));
    if (sameModel && json == ctx.json() && !forceUsage) {
      return ctx.body(); // untouched: forward the client's exact bytes
    }
    JsonObject out = candidate.model() == null ? json.copy() : candidate.translator().translateRequest(json, candidate.model());
    if (forceUsage) {
      ctx.usageForced(true);
      JsonObject options = out.getValue("stream_options") instanceof JsonObject o ? o.copy() : new JsonObject();
      out.put("stream_options", options.put("include_usage", true));
    }
    return out.toBuffer();
  }

  /**
   * OpenAI and Azure report a stream's token usage only when asked ({@code stream_options.include_usage}); the audit
   * needs it, so the gateway asks, and {@code UsageStep} hides the extra chunk from a client that did not.
   */
  private boolean needsForcedUsage(Candidate candidate, JsonObject json) {
    if (!ctx.stream() || ctx.clientFormat() != WireFormat.OPENAI_CHAT) {
      return false;
    }
    ProviderKind kind = candidate.provider().kind();
    if (kind != ProviderKind.OPENAI && kind != ProviderKind.AZURE) {
      return false;
    }
    Object options = json.getValue("stream_options");
    return !(options instanceof JsonObject o && Boolean.TRUE.equals(o.getValue("include_usage")));
  }
}
