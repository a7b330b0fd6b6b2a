package ai.rivano.gateway.config;

import java.util.List;

/**
 * {@code gateway.metrics}: the Prometheus endpoint {@code GET /metrics}.
 *
 * @param enabled when false there is no {@code /metrics} and nothing is measured (no per-request cost at all)
 * @param allow   CIDRs (besides loopback, always allowed) whose direct connections may scrape; empty = loopback only
 */
public record MetricsConfig(boolean enabled, List<String> allow) {

  public static MetricsConfig defaults() {
    return new MetricsConfig(true, List.of());
  }
}
