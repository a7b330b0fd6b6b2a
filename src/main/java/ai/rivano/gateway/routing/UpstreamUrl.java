package ai.rivano.gateway.routing;

import java.net.URI;

/**
 * Joins a provider's base URL with the path a client called, without doubling a version segment:
 * {@code https://api.openai.com/v1} + {@code /v1/chat/completions} → {@code https://api.openai.com/v1/chat/completions},
 * and {@code https://api.openai.com/v1} + {@code /chat/completions} gives the same. The longest run of trailing
 * base-path segments that the client path starts with is written once.
 */
public final class UpstreamUrl {

  private UpstreamUrl() {
  }

  /** @param pathAndQuery the client's path (prefix already stripped) with its raw query string, if any */
  public static String join(String baseUrl, String pathAndQuery) {
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    String query = q < 0 ? "" : pathAndQuery.substring(q);
    if (!path.startsWith("/")) {
      path = "/" + path;
    }
    String basePath = URI.create(base).getRawPath();
    String origin = base.substring(0, base.length() - basePath.length());
    String[] baseSegments = segments(basePath);
    String[] pathSegments = segments(path);
    int overlap = overlap(baseSegments, pathSegments);
    StringBuilder url = new StringBuilder(origin).append(basePath);
    for (int i = overlap; i < pathSegments.length; i++) {
      url.append('/').append(pathSegments[i]);
    }
    if (path.endsWith("/") && pathSegments.length > overlap) {
      url.append('/');
    }
    if (url.length() == origin.length()) {
      url.append('/');
    }
    return url.append(query).toString();
  }

  private static int overlap(String[] base, String[] path) {
    for (int k = Math.min(base.length, path.length); k > 0; k--) {
      boolean match = true;
      for (int i = 0; i < k && match; i++) {
        match = base[base.length - k + i].equals(path[i]);
      }
      if (match) {
        return k;
      }
    }
    return 0;
  }

  private static String[] segments(String path) {
    String trimmed = path.replaceAll("^/+|/+$", "");
    return trimmed.isEmpty() ? new String[0] : trimmed.split("/");
  }
}
