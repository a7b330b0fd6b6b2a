package ai.rivano.gateway.config;

import java.util.Map;

/**
 * {@code gateway.tracing}: optional OTLP export of one span tree per proxied request (docs/operations.md, "Tracing
 * (OTLP)"). Off unless {@code gateway.tracing.otlp} is present. {@link #toString()} never prints a header value: an
 * {@code Authorization} or API-key header for the collector is a secret.
 *
 * @param enabled      false: no tracer, no span, nothing on the request path beyond a null check
 * @param endpoint     the collector's OTLP/HTTP traces URL ({@code …/v1/traces}; added when the URL has no path)
 * @param headers      sent with every export (e.g. {@code Authorization}); values are secrets
 * @param timeoutMs    bound on one export call (connect, send, answer), retries included
 * @param sampleRatio  share of new traces recorded (0 to 1); a caller's sampled flag is followed as it is
 * @param maxQueueSize spans waiting for export; beyond it a span is dropped and counted, never waited for
 * @param serviceName  the {@code service.name} resource attribute
 */
public record TracingConfig(boolean enabled, String endpoint, Map<String, String> headers, long timeoutMs,
                            double sampleRatio, int maxQueueSize, String serviceName) {

  public static final String DEFAULT_PATH = "/v1/traces";
  public static final long DEFAULT_TIMEOUT_MS = 10_000;
  public static final double DEFAULT_SAMPLE_RATIO = 1.0;
  public static final int DEFAULT_MAX_QUEUE_SIZE = 2048;
  public static final String DEFAULT_SERVICE_NAME = "rivano-gateway";

  public static TracingConfig disabled() {
    return new TracingConfig(false, null, Map.of(), DEFAULT_TIMEOUT_MS, DEFAULT_SAMPLE_RATIO, DEFAULT_MAX_QUEUE_SIZE,
        DEFAULT_SERVICE_NAME);
  }

  @Override
  public String toString() {
    return enabled
        ? "TracingConfig[otlp " + endpoint + ", headers=" + headers.keySet() + " (values not shown), timeoutMs="
            + timeoutMs + ", sampleRatio=" + sampleRatio + ", maxQueueSize=" + maxQueueSize + ", serviceName="
            + serviceName + "]"
        : "TracingConfig[off]";
  }
}
