package ai.rivano.gateway.routing;

import ai.rivano.gateway.config.ProviderConfig;
import ai.rivano.gateway.routing.providers.ProviderKind;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which headers cross the gateway, in each direction, and how credentials are swapped. Hop-by-hop headers
 * (RFC 9110 §7.6.1) belong to one connection and never cross; {@code X-Rivano-*} request headers are addressed to
 * the gateway itself.
 */
public final class UpstreamHeaders {

  /** Connection-scoped headers, never forwarded in either direction. */
  public static final Set<String> HOP_BY_HOP = Set.of(
      "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection",
      "te", "trailer", "transfer-encoding", "upgrade");

  /**
   * Request headers the gateway sets itself for the upstream connection. {@code Expect: 100-continue} was
   * answered by the gateway; the body it read is sent upstream in one go. Answers are asked for uncompressed
   * ({@code Accept-Encoding: identity}): the gateway reads every JSON answer and stream event (guardrails, usage,
   * failover on a cut body), which it cannot do through gzip. {@code traceparent} names the attempt's own span.
   */
  private static final Set<String> RECOMPUTED =
      Set.of("host", "content-length", "expect", "accept-encoding", "traceparent");

  /** Every header that can carry a client's provider credential. */
  private static final Set<String> CREDENTIALS = Set.of("authorization", "x-api-key", "x-goog-api-key", "api-key");

  /**
   * The three sets above as one case-insensitive table, name → what it is: one lookup per header, without
   * lower-casing each name first (a client sends a dozen headers on every request).
   */
  private static final MultiMap KNOWN = MultiMap.caseInsensitiveMultiMap();
  private static final String HOP = "hop-by-hop";
  private static final String OWN = "recomputed";
  private static final String CREDENTIAL = "credential";
  private static final String RIVANO_PREFIX = "x-rivano-";

  static {
    HOP_BY_HOP.forEach(name -> KNOWN.add(name, HOP));
    RECOMPUTED.forEach(name -> KNOWN.add(name, OWN));
    CREDENTIALS.forEach(name -> KNOWN.add(name, CREDENTIAL));
  }

  public static final String ANTHROPIC_VERSION = "anthropic-version";
  public static final String DEFAULT_ANTHROPIC_VERSION = "2023-06-01";

  private UpstreamHeaders() {
  }

  /**
   * The headers to send upstream for a client request bound for {@code provider}.
   *
   * @param traceparent the attempt's W3C {@code traceparent} (the request's trace, a span of its own), or null
   */
  public static MultiMap forUpstream(MultiMap client, ProviderConfig provider, String traceparent) {
    Set<String> dropped = connectionListed(client);
    MultiMap out = MultiMap.caseInsensitiveMultiMap();
    boolean replaceCredentials = provider.hasApiKey();
    for (Map.Entry<String, String> h : client) {
      String name = h.getKey();
      String known = KNOWN.get(name);
      if (HOP.equals(known) || OWN.equals(known) || (CREDENTIAL.equals(known) && replaceCredentials)
          || name.regionMatches(true, 0, RIVANO_PREFIX, 0, RIVANO_PREFIX.length()) || listed(dropped, name)) {
        continue;
      }
      out.add(name, h.getValue());
    }
    if (replaceCredentials) {
      addCredential(out, client, provider);
    }
    out.set(HttpHeaders.ACCEPT_ENCODING, "identity");
    if (traceparent != null) {
      out.set("traceparent", traceparent);
    }
    if (provider.kind() == ProviderKind.ANTHROPIC && !out.contains(ANTHROPIC_VERSION)) {
      out.set(ANTHROPIC_VERSION, DEFAULT_ANTHROPIC_VERSION);
    }
    return out;
  }

  /** Copies an upstream response's headers to the client response, minus hop-by-hop ones. */
  public static void copyResponseHeaders(MultiMap upstream, MultiMap toClient) {
    Set<String> dropped = connectionListed(upstream);
    for (Map.Entry<String, String> h : upstream) {
      String name = h.getKey();
      if (!HOP.equals(KNOWN.get(name)) && !listed(dropped, name)) {
        toClient.add(name, h.getValue());
      }
    }
  }

  /** Whether the message's {@code Connection} header named {@code name} (the set is lower case, usually empty). */
  private static boolean listed(Set<String> dropped, String name) {
    return !dropped.isEmpty() && dropped.contains(name.toLowerCase(Locale.ROOT));
  }

  private static void addCredential(MultiMap out, MultiMap client, ProviderConfig provider) {
    String key = provider.apiKey();
    switch (provider.kind().authStyle()) {
      case X_API_KEY -> out.set("x-api-key", key);
      // Gemini API keys travel in x-goog-api-key; OAuth tokens as Bearer. Keep whichever the client used.
      case BEARER_OR_GOOG_KEY -> {
        if (client.contains("x-goog-api-key")) {
          out.set("x-goog-api-key", key);
        } else {
          out.set(HttpHeaders.AUTHORIZATION, "Bearer " + key);
        }
      }
      case BEARER -> out.set(HttpHeaders.AUTHORIZATION, "Bearer " + key);
      case NONE -> {
      }
    }
  }

  /** Header names a {@code Connection} header declares hop-by-hop for this message. */
  private static Set<String> connectionListed(MultiMap headers) {
    String connection = headers.get(HttpHeaders.CONNECTION);
    if (connection == null) {
      return Set.of();
    }
    Set<String> names = new HashSet<>();
    for (String token : connection.split(",")) {
      names.add(token.trim().toLowerCase(Locale.ROOT));
    }
    return names;
  }
}
