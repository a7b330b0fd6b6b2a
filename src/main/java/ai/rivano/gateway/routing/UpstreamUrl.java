package ai.rivano.gateway.routing;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A provider's base URL, parsed once, and the joining rule for client paths: without doubling a version segment,
 * {@code https://api.openai.com/v1} + {@code /v1/chat/completions} → {@code https://api.openai.com/v1/chat/completions},
 * and {@code https://api.openai.com/v1} + {@code /chat/completions} gives the same. The longest run of trailing
 * base-path segments that the client path starts with is written once.
 */
public final class UpstreamUrl {

  private final String origin;
  private final String host;
  private final int port;
  private final boolean ssl;
  private final String basePath;
  private final String[] baseSegments;

  private UpstreamUrl(String baseUrl) {
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    URI uri = URI.create(base);
    this.ssl = "https".equalsIgnoreCase(uri.getScheme());
    this.host = uri.getHost();
    this.port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
    this.basePath = uri.getRawPath() == null ? "" : uri.getRawPath();
    this.origin = base.substring(0, base.length() - basePath.length());
    this.baseSegments = segments(basePath);
  }

  public static UpstreamUrl of(String baseUrl) {
    return new UpstreamUrl(baseUrl);
  }

  /** The full URL for a client path (prefix already stripped) with its raw query string, if any. */
  public static String join(String baseUrl, String pathAndQuery) {
    return of(baseUrl).resolve(pathAndQuery);
  }

  public String resolve(String pathAndQuery) {
    return origin + pathFor(pathAndQuery);
  }

  /** The request target (path and query) to send to this provider's host. */
  public String pathFor(String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    String query = q < 0 ? "" : pathAndQuery.substring(q);
    String[] pathSegments = segments(path);
    int overlap = overlap(baseSegments, pathSegments);
    StringBuilder out = new StringBuilder(basePath.length() + path.length() + query.length() + 1).append(basePath);
    for (int i = overlap; i < pathSegments.length; i++) {
      out.append('/').append(pathSegments[i]);
    }
    if (path.endsWith("/") && pathSegments.length > overlap) {
      out.append('/');
    }
    if (out.length() == 0) {
      out.append('/');
    }
    return out.append(query).toString();
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public boolean ssl() {
    return ssl;
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

  /** Non-empty segments of a path; no regex, this runs on every request. */
  private static String[] segments(String path) {
    List<String> out = new ArrayList<>(6);
    int start = 0;
    for (int i = 0; i <= path.length(); i++) {
      if (i == path.length() || path.charAt(i) == '/') {
        if (i > start) {
          out.add(path.substring(start, i));
        }
        start = i + 1;
      }
    }
    return out.toArray(new String[0]);
  }
}
