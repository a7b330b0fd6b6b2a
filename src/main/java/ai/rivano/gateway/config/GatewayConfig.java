package ai.rivano.gateway.config;

import io.vertx.core.json.JsonArray;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated {@code rivano.yaml}. Built only by {@link ConfigLoader}; every field has its default applied.
 *
 * @param providers in file order, which matters: with no {@code isPrimary} the first one is the default
 * @param policies  the raw, validated {@code policies:} list (the policy engine reads it)
 * @param limits    timeouts, connection cap and buffer budget of the entrypoint
 * @param tracing   OTLP span export ({@link TracingConfig#disabled()} unless {@code gateway.tracing.otlp} is set)
 */
public record GatewayConfig(
    String fileName,
    int port,
    String host,
    long shutdownTimeoutMs,
    long maxBodyBytes,
    List<String> trustedProxies,
    Map<String, ProviderConfig> providers,
    MiddlewareConfig middleware,
    CloudConfig cloud,
    ClusterSettings cluster,
    JsonArray policies,
    List<String> policyPacks,
    IngressLimits limits,
    LoggingConfig logging,
    MetricsConfig metrics,
    TracingConfig tracing) {

  public static final int DEFAULT_PORT = 8080;
  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final long DEFAULT_SHUTDOWN_TIMEOUT_MS = 30_000;
  public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;

  /** The provider that serves requests naming none: the first {@code isPrimary}, else the first configured. */
  public ProviderConfig defaultProvider() {
    return providers.values().stream().filter(ProviderConfig::isPrimary).findFirst()
        .orElseGet(() -> providers.values().iterator().next());
  }

  /** The first provider marked {@code isFallback} other than the default one. */
  public Optional<ProviderConfig> fallbackProvider() {
    ProviderConfig primary = defaultProvider();
    return providers.values().stream().filter(p -> p.isFallback() && p != primary).findFirst();
  }

  /** {@code primary} (the default, marked isPrimary), {@code default}, {@code fallback} or {@code standby}. */
  public String roleOf(ProviderConfig provider) {
    ProviderConfig primary = defaultProvider();
    if (provider == primary) {
      return provider.isPrimary() ? "primary" : "default";
    }
    return fallbackProvider().orElse(null) == provider ? "fallback" : "standby";
  }

  public Optional<CloudConfig> cloudConfig() {
    return Optional.ofNullable(cloud);
  }

  /** A copy listening on another port (the CLI's {@code --port} wins over the file). */
  public GatewayConfig withPort(int newPort) {
    return new GatewayConfig(fileName, newPort, host, shutdownTimeoutMs, maxBodyBytes, trustedProxies, providers,
        middleware, cloud, cluster, policies, policyPacks, limits, logging, metrics, tracing);
  }
}
