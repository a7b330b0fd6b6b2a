package ai.rivano.gateway.config;

import java.util.List;

/**
 * {@code gateway.metrics}: the Prometheus endpoint {@code GET /metrics}.
 *
 * @param enabled when false there is no {@code /metrics} and nothing is measured (no per-request cost at all)
 * @param allow   CIDRs (besides loopback, always allowed) whose direct connections may scrape; empty = loopback only
 * @param vertxHttp also Vert.x's own HTTP server and client series ({@code vertx_http_*}); off by default: they
 *                cost about 8 % CPU per request at saturation and repeat what {@code rivano_requests_total} and
 *                {@code rivano_upstream_attempts_total} say (docs/benchmarks.md)
 */
public record MetricsConfig(boolean enabled, List<String> allow, boolean vertxHttp) {

  public static MetricsConfig defaults() {
    return new MetricsConfig(true, List.of(), false);
  }
}
