package ai.rivano.gateway.routing;

/**
 * Paths the gateway refuses to forward. The client's path is appended to the provider's base URL with the
 * operator's key, so a path that climbs ({@code /openai/../../admin} reached the upstream as
 * {@code /v1/../../admin}) could reach whatever else the base URL's host serves, e.g. beside an Azure deployment.
 * Refused, in any case and any encoding:
 * <ul>
 *   <li>dot segments {@code .} and {@code ..} (also {@code %2e%2e}, and {@code ..;x}, which some servers read as
 *       {@code ..});</li>
 *   <li>encoded separators {@code %2f} and {@code %5c} (a segment that decodes to several), a raw backslash;</li>
 *   <li>encoded control characters ({@code %00}) and malformed percent-encoding;</li>
 *   <li>the above encoded twice ({@code %252e}), for upstreams that decode twice.</li>
 * </ul>
 * Nothing is normalised and forwarded instead: a client that sends such a path is not an SDK.
 */
final class RequestPaths {

  static final String REFUSED = "the request path must not contain \".\" or \"..\" segments, encoded \"/\" or \"\\\","
      + " or encoded control characters (in any encoding)";

  private RequestPaths() {
  }

  /** Why {@code uri}'s path is refused, or null when it may be forwarded. */
  static String problem(String uri) {
    int query = uri.indexOf('?');
    String path = query < 0 ? uri : uri.substring(0, query);
    if (path.indexOf('\\') >= 0) {
      return REFUSED;
    }
    int start = 0;
    while (start <= path.length()) {
      int end = path.indexOf('/', start);
      if (end < 0) {
        end = path.length();
      }
      if (!acceptable(path.substring(start, end))) {
        return REFUSED;
      }
      start = end + 1;
    }
    return null;
  }

  private static boolean acceptable(String rawSegment) {
    String once = decode(rawSegment);
    if (once == null) {
      return false;
    }
    for (int i = 0; i < once.length(); i++) {
      char c = once.charAt(i);
      if (c == '/' || c == '\\' || c < 0x20 || c == 0x7f) {
        return false;
      }
    }
    if (once.indexOf('%') >= 0) { // a '%' left after decoding once: was something encoded twice?
      String lower = once.toLowerCase(java.util.Locale.ROOT);
      if (lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00")) {
        return false;
      }
    }
    int parameters = once.indexOf(';');
    String name = parameters < 0 ? once : once.substring(0, parameters);
    return !name.equals(".") && !name.equals("..");
  }

  /** Percent-decodes byte by byte (enough to see dots, separators and controls); null when malformed. */
  private static String decode(String segment) {
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    StringBuilder out = new StringBuilder(segment.length());
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c != '%') {
        out.append(c);
        continue;
      }
      if (i + 2 >= segment.length()) {
        return null;
      }
      int high = Character.digit(segment.charAt(i + 1), 16);
      int low = Character.digit(segment.charAt(i + 2), 16);
      if (high < 0 || low < 0) {
        return null;
      }
      out.append((char) (high * 16 + low));
      i += 2;
    }
    return out.toString();
  }
}
