package ai.rivano.gateway.cloud;

import ai.rivano.gateway.config.CloudConfig;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything cloud sync needs, with the values {@code rivano.yaml} does not expose fixed here (documented in
 * {@code docs/cloud-sync.md}). Tests shorten the clocks with the {@code with…} copies.
 *
 * @param syncInterval     policy poll period; {@code /health} stays {@code ok} for 3 of them after a success
 * @param requestTimeout   bound on one control-plane call: connecting, and the whole answer
 * @param ingestInterval   how often pending traces are sent (a full batch goes at once)
 * @param ingestBatchSize  traces per POST at most
 * @param ingestBuffer     traces held at most; when full the oldest is dropped (and counted)
 * @param backoffBase      first retry delay of a failed ingest batch (full jitter, doubling)
 * @param backoffCap       longest retry delay of a failed ingest batch
 * @param retryAfterCap    a {@code Retry-After} longer than this is clamped (a control plane's typo must not
 *                         silence a gateway for a day)
 * @param maxPolicyBytes   a policy answer larger than this is refused, never buffered whole
 * @param flushTimeout     bound on sending the pending traces when the node stops
 */
public record CloudSyncSettings(String apiKey, String baseUrl, String policiesPath, String ingestPath,
                                Path cacheFile, Duration syncInterval, Duration requestTimeout,
                                Duration ingestInterval, int ingestBatchSize, int ingestBuffer,
                                Duration backoffBase, Duration backoffCap, Duration retryAfterCap,
                                long maxPolicyBytes, Duration flushTimeout) {

  /** The control plane's page size for policies (SPEC §8): {@code ?enabled=true&limit=500}. */
  public static final int POLICY_LIMIT = 500;

  public static CloudSyncSettings from(CloudConfig cloud, long shutdownTimeoutMs) {
    return new CloudSyncSettings(cloud.apiKey(), cloud.baseUrl(), cloud.policiesPath(), cloud.ingestPath(),
        Path.of(cloud.cacheFile()), Duration.ofSeconds(cloud.syncIntervalSeconds()),
        Duration.ofMillis(cloud.timeoutMs()), Duration.ofSeconds(5), 500, 10_000,
        Duration.ofSeconds(1), Duration.ofMinutes(2), Duration.ofMinutes(10),
        8L * 1024 * 1024, Duration.ofMillis(Math.max(1_000, shutdownTimeoutMs)));
  }

  /** {@code baseUrl} + {@code path}, without a doubled slash. */
  String url(String path) {
    return (baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl) + path;
  }

  /** {@code /health} reports the control plane unreachable once the last success is older than this. */
  Duration staleAfter() {
    return syncInterval.multipliedBy(3);
  }

  public CloudSyncSettings withApiKey(String key) {
    return new CloudSyncSettings(key, baseUrl, policiesPath, ingestPath, cacheFile, syncInterval, requestTimeout,
        ingestInterval, ingestBatchSize, ingestBuffer, backoffBase, backoffCap, retryAfterCap, maxPolicyBytes,
        flushTimeout);
  }

  public CloudSyncSettings withClocks(Duration sync, Duration timeout, Duration ingest) {
    return new CloudSyncSettings(apiKey, baseUrl, policiesPath, ingestPath, cacheFile, sync, timeout, ingest,
        ingestBatchSize, ingestBuffer, backoffBase, backoffCap, retryAfterCap, maxPolicyBytes, flushTimeout);
  }

  public CloudSyncSettings withIngest(int batchSize, int buffer, Duration base, Duration cap) {
    return new CloudSyncSettings(apiKey, baseUrl, policiesPath, ingestPath, cacheFile, syncInterval, requestTimeout,
        ingestInterval, batchSize, buffer, base, cap, retryAfterCap, maxPolicyBytes, flushTimeout);
  }

  public CloudSyncSettings withMaxPolicyBytes(long bytes) {
    return new CloudSyncSettings(apiKey, baseUrl, policiesPath, ingestPath, cacheFile, syncInterval, requestTimeout,
        ingestInterval, ingestBatchSize, ingestBuffer, backoffBase, backoffCap, retryAfterCap, bytes, flushTimeout);
  }

  @Override
  public String toString() {
    return "CloudSyncSettings[baseUrl=" + baseUrl + ", apiKey=<set>, syncInterval=" + syncInterval + "]";
  }
}
