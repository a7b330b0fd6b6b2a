package ai.rivano.gateway.config;

/**
 * {@code gateway.cloud}: the optional control plane. {@link #toString()} never prints the API key.
 *
 * @param policiesPath path under {@code baseUrl} polled for policies (query {@code enabled=true&limit=500} added)
 * @param ingestPath   path under {@code baseUrl} that receives trace metadata batches
 * @param cacheFile    where the last good policy set is persisted (with its ETag), for restarts during an outage
 * @param timeoutMs    bound on one control-plane call (connecting, and the whole answer)
 */
public record CloudConfig(String apiKey, String baseUrl, long syncIntervalSeconds, String policiesPath,
                          String ingestPath, String cacheFile, long timeoutMs) {

  public static final String DEFAULT_BASE_URL = "https://api.rivano.ai";
  public static final long DEFAULT_SYNC_INTERVAL_SECONDS = 30;
  public static final String DEFAULT_POLICIES_PATH = "/api/policies";
  public static final String DEFAULT_INGEST_PATH = "/api/traces/ingest";
  /** Next to {@code .rivano-gateway.pid}: the working directory the gateway runs in. */
  public static final String DEFAULT_CACHE_FILE = "./.rivano-policies.json";
  public static final long DEFAULT_TIMEOUT_MS = 10_000;

  /** The documented keys only; every added key at its default. */
  public CloudConfig(String apiKey, String baseUrl, long syncIntervalSeconds) {
    this(apiKey, baseUrl, syncIntervalSeconds, DEFAULT_POLICIES_PATH, DEFAULT_INGEST_PATH, DEFAULT_CACHE_FILE,
        DEFAULT_TIMEOUT_MS);
  }

  @Override
  public String toString() {
    return "CloudConfig[baseUrl=" + baseUrl + ", apiKey=<set>, syncInterval=" + syncIntervalSeconds + "s, policiesPath="
        + policiesPath + ", ingestPath=" + ingestPath + ", cacheFile=" + cacheFile + ", timeoutMs=" + timeoutMs + "]";
  }
}
