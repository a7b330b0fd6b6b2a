package ai.rivano.gateway.node;

import ai.rivano.gateway.audit.AuditLog;
import ai.rivano.gateway.audit.AuditRecord;
import ai.rivano.gateway.audit.Pricing;
import ai.rivano.gateway.config.ProviderConfig;
import ai.rivano.gateway.middleware.pii.PiiEntity;
import ai.rivano.gateway.observability.GatewayMetrics;
import ai.rivano.gateway.pipeline.ClientExit;
import ai.rivano.gateway.pipeline.RequestContext;
import ai.rivano.gateway.routing.providers.ProviderKind;
import ai.rivano.gateway.routing.translate.TokenUsage;
import ai.rivano.gateway.stats.RequestCounters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What happens once per proxied request, after its answer has left (or it was refused, failed or abandoned): it is
 * counted for {@code status}, its audit record is built and handed to the audit log (step 8 of the pipeline), and,
 * with OTLP tracing on, its span tree is ended with the record's metadata. Runs on the request's event loop; nothing
 * here blocks (the audit log and the span exporter only enqueue).
 */
final class RequestFinisher implements ClientExit.Finisher {

  private final RequestCounters counters;
  private final AuditLog audit;
  private final Pricing pricing;
  private final Map<String, ProviderConfig> providers;
  private final String node;
  private final GatewayMetrics metrics;

  RequestFinisher(RequestCounters counters, AuditLog audit, Pricing pricing, Map<String, ProviderConfig> providers,
                  String node, GatewayMetrics metrics) {
    this.counters = counters;
    this.metrics = metrics;
    this.audit = audit;
    this.pricing = pricing;
    this.providers = providers;
    this.node = node;
  }

  @Override
  public void finish(RequestContext ctx, int httpStatus, boolean success) {
    counters.record(success);
    AuditRecord record = record(ctx, httpStatus, success);
    if (audit != null) {
      audit.record(record);
    }
    measure(ctx, record);
    if (ctx.span() != null) {
      ctx.span().end(record, ctx.clientFormat().name().toLowerCase(), ctx.requestedModel(), ctx.path(), success);
    }
  }

  private void measure(RequestContext ctx, AuditRecord record) {
    String provider = record.provider();
    String model = record.model();
    metrics.requestCompleted(provider, model, record.httpStatus(), record.decision().wireName());
    if (record.inputTokens() > 0 || record.outputTokens() > 0) {
      metrics.tokens(provider, model, record.inputTokens(), record.outputTokens());
    }
    if (record.costUsd() != null && record.costUsd() > 0) {
      metrics.cost(provider, model, record.costUsd());
    }
    long added = ctx.addedNanos();
    if (added >= 0) {
      metrics.addedLatency(provider, added);
    }
    for (AuditRecord.PolicyFired fired : record.policiesFired()) {
      metrics.guardrail(fired.name(), fired.action());
    }
  }

  AuditRecord record(RequestContext ctx, int httpStatus, boolean success) {
    TokenUsage usage = ctx.usage();
    List<String> pii = new ArrayList<>(ctx.piiDetected().size());
    for (PiiEntity entity : ctx.piiDetected()) {
      pii.add(entity.configName());
    }
    return new AuditRecord(
        ctx.traceId(),
        success ? "success" : "error",
        usage == null ? 0 : usage.promptTokens(),
        usage == null ? 0 : usage.completionTokens(),
        cost(ctx, usage),
        ctx.elapsedMillis(),
        ctx.injectionScore(),
        pii,
        List.copyOf(ctx.policiesFired()),
        ctx.provider(),
        ctx.servedModel(),
        ctx.createdAt(),
        ctx.agent(),
        ctx.path() != null ? ctx.path() : ctx.request().path(),
        httpStatus,
        ctx.decision(),
        ctx.fallbackUsed(),
        ctx.cached(),
        ctx.stream(),
        node,
        List.copyOf(ctx.attempts().all()));
  }

  /**
   * From the built-in price table; null when the model is unknown or no usage was reported. A cached answer cost
   * nothing (no provider was called); local and built-in providers (ollama, echo) are not billed.
   */
  private Double cost(RequestContext ctx, TokenUsage usage) {
    if (ctx.cached()) {
      return 0.0;
    }
    ProviderConfig provider = providers.get(ctx.provider());
    if (usage == null || provider == null || provider.kind() == ProviderKind.ECHO
        || provider.kind() == ProviderKind.OLLAMA || ctx.servedModel() == null) {
      return null;
    }
    return pricing.costUsd(ctx.servedModel(), usage);
  }
}
