package ai.rivano.gateway.observability.tracing;

import ai.rivano.gateway.config.TracingConfig;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One node's span export ({@code gateway.tracing.otlp}): an OpenTelemetry SDK tracer whose spans go, in batches and
 * on the SDK's own thread, to an OTLP/HTTP collector (http/protobuf, sent with the JDK's HTTP client). Each proxied
 * request gets a {@link RequestSpan} from {@link #startRequest}; everything else about a request's tree is in that
 * class. When tracing is off there is no instance at all (the request path checks for null and does nothing else).
 *
 * <p>Sampling: a caller's {@code traceparent} decides for its trace (its sampled flag is followed); a trace that
 * starts here is recorded with probability {@code sampleRatio}, decided on the trace id.
 */
public final class Tracing {

  private static final String INSTRUMENTATION = "ai.rivano.gateway";

  private final SdkTracerProvider provider;
  private final Tracer tracer;
  private final BoundedExport export;
  private final long exportTimeoutMs;

  private Tracing(TracingConfig config, String instance, SpanExporter exporter) {
    this.exportTimeoutMs = config.timeoutMs();
    this.export = new BoundedExport(exporter, config.maxQueueSize(), Duration.ofMillis(config.timeoutMs()));
    Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
        AttributeKey.stringKey("service.name"), config.serviceName(),
        AttributeKey.stringKey("service.instance.id"), instance)));
    this.provider = SdkTracerProvider.builder()
        .setResource(resource)
        .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(config.sampleRatio())))
        .addSpanProcessor(export)
        .build();
    this.tracer = provider.get(INSTRUMENTATION);
  }

  /** The node's tracing as configured, or null when {@code gateway.tracing} is off. */
  public static Tracing create(TracingConfig config, String instance) {
    if (!config.enabled()) {
      return null;
    }
    return new Tracing(config, instance, OtlpHttpSpanExporter.builder()
        .setEndpoint(config.endpoint())
        .setTimeout(Duration.ofMillis(config.timeoutMs()))
        .setHeaders(config::headers)
        .build());
  }

  /** As configured, but exporting to {@code exporter} (tests: an in-memory exporter). */
  public static Tracing create(TracingConfig config, String instance, SpanExporter exporter) {
    return config.enabled() ? new Tracing(config, instance, exporter) : null;
  }

  /**
   * Starts the span of a request that just arrived: a child of the caller's span when {@code traceparent} is valid,
   * else the root of a new trace. Its ids become the request's trace context ({@code X-Rivano-Trace-Id}).
   */
  public RequestSpan startRequest(String method, String traceparent) {
    return new RequestSpan(tracer, method, traceparent);
  }

  /** Exports what has ended so far (tests; the drain uses {@link #shutdown}). */
  public CompletableResultCode flush() {
    return provider.forceFlush();
  }

  /**
   * Exports the spans still queued and stops, waiting at most {@code timeoutMs}, and never longer than one export
   * may take ({@code gateway.tracing.otlp.timeoutMs}): a collector that is down does not hold the drain for the
   * whole of {@code shutdownTimeoutMs}. Blocking: call it off the event loop.
   *
   * @return true when everything was exported in time
   */
  public boolean shutdown(long timeoutMs) {
    long bound = Math.max(1, Math.min(timeoutMs, exportTimeoutMs));
    return provider.shutdown().join(bound, TimeUnit.MILLISECONDS).isSuccess();
  }

  /** Spans lost: the export queue was full, or the collector refused or never got them. */
  public long dropped() {
    return export.dropped();
  }

  /** Spans waiting for export. */
  public long queued() {
    return export.waiting();
  }

  /** Spans the collector accepted. */
  public long exported() {
    return export.exported();
  }
}
