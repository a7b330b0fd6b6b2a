package ai.rivano.gateway.config;

/** {@code gateway.cloud}: the optional control plane. {@link #toString()} never prints the API key. */
public record CloudConfig(String apiKey, String baseUrl, long syncIntervalSeconds) {

  public static final String DEFAULT_BASE_URL = "https://api.rivano.ai";
  public static final long DEFAULT_SYNC_INTERVAL_SECONDS = 30;

  @Override
  public String toString() {
    return "CloudConfig[baseUrl=" + baseUrl + ", apiKey=<set>, syncInterval=" + syncIntervalSeconds + "s]";
  }
}
