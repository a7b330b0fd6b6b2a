package ai.rivano.gateway.config;

import ai.rivano.gateway.routing.providers.ProviderKind;

import java.util.Map;

/**
 * One entry of {@code gateway.providers}. {@link #toString()} never prints the API key.
 *
 * @param models   requested model → this provider's model (and what that model accepts), {@code "*"} as the
 *                 catch-all (may be empty)
 * @param failover breaker and backoff settings: the provider's own keys over {@code gateway.failover}
 */
public record ProviderConfig(
    String name,
    ProviderKind kind,
    String apiKey,
    String baseUrl,
    boolean isPrimary,
    boolean isFallback,
    long timeoutMs,
    long firstTokenTimeoutMs,
    long idleTimeoutMs,
    int maxRetries,
    boolean supportsPrefill,
    Map<String, ModelRoute> models,
    FailoverSettings failover) {

  public static final long DEFAULT_TIMEOUT_MS = 30_000;
  public static final long DEFAULT_FIRST_TOKEN_TIMEOUT_MS = 10_000;
  public static final long DEFAULT_IDLE_TIMEOUT_MS = 30_000;
  public static final int DEFAULT_MAX_RETRIES = 1;

  public boolean hasApiKey() {
    return apiKey != null && !apiKey.isEmpty();
  }

  /** The configured base URL, or the provider's documented default. */
  public String effectiveBaseUrl() {
    return baseUrl != null ? baseUrl : kind.defaultBaseUrl();
  }

  @Override
  public String toString() {
    return "ProviderConfig[" + name + ", baseUrl=" + effectiveBaseUrl() + ", apiKey=" + (hasApiKey() ? "<set>" : "<none>")
        + ", primary=" + isPrimary + ", fallback=" + isFallback + "]";
  }
}
