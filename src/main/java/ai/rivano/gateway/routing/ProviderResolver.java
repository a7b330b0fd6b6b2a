package ai.rivano.gateway.routing;

import ai.rivano.gateway.config.GatewayConfig;
import ai.rivano.gateway.config.ProviderConfig;
import ai.rivano.gateway.routing.providers.ProviderKind;

/**
 * Picks the provider for a request, first match wins: (1) the {@code X-Rivano-Provider} header, (2) the path
 * prefix {@code /<provider>/…}, (3) the default provider. A known provider prefix is stripped before forwarding
 * even when the header chose, because the prefix is gateway routing syntax, not part of the upstream path. A path
 * that could climb out of the provider's base path ({@link RequestPaths}) is refused before any of this.
 */
public final class ProviderResolver {

  public static final String PROVIDER_HEADER = "X-Rivano-Provider";

  /** Either a provider and the path to forward, or why none could be chosen. */
  public record Resolution(ProviderConfig provider, String forwardPath, String error) {
    public boolean ok() {
      return error == null;
    }
  }

  private final GatewayConfig config;
  private final ProviderConfig defaultProvider;

  public ProviderResolver(GatewayConfig config) {
    this.config = config;
    this.defaultProvider = config.defaultProvider();
  }

  /** @param uri the request URI as received (path and raw query) */
  public Resolution resolve(String headerValue, String uri) {
    String pathProblem = RequestPaths.problem(uri);
    if (pathProblem != null) {
      return new Resolution(null, uri, pathProblem);
    }
    String prefix = firstSegment(uri);
    boolean prefixIsProvider = prefix != null && ProviderKind.byKey(prefix).isPresent();
    String forward = prefixIsProvider ? stripPrefix(uri, prefix) : uri;
    if (headerValue != null && !headerValue.isBlank()) {
      return byName(headerValue.trim(), forward, "header " + PROVIDER_HEADER);
    }
    if (prefixIsProvider) {
      return byName(prefix, forward, "path prefix /" + prefix);
    }
    return new Resolution(defaultProvider, uri, null);
  }

  private Resolution byName(String name, String forward, String source) {
    ProviderConfig provider = config.providers().get(name);
    if (provider == null) {
      return new Resolution(null, forward, "provider \"" + name + "\" (from " + source + ") is not configured; configured: "
          + String.join(", ", config.providers().keySet()));
    }
    return new Resolution(provider, forward, null);
  }

  private static String firstSegment(String uri) {
    if (uri.length() < 2 || uri.charAt(0) != '/') {
      return null;
    }
    int end = 1;
    while (end < uri.length() && uri.charAt(end) != '/' && uri.charAt(end) != '?') {
      end++;
    }
    return uri.substring(1, end);
  }

  private static String stripPrefix(String uri, String prefix) {
    String rest = uri.substring(prefix.length() + 1);
    return rest.isEmpty() || rest.charAt(0) == '?' ? "/" + rest : rest;
  }
}
