package ai.rivano.gateway.cluster;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of {@code gateway.cluster.members}: a host name or IP address, optionally with {@code :port}. Without
 * a port, Hazelcast looks for the member on this node's base cluster port and the two above it
 * ({@code hazelcast.tcp.join.port.try.count}), which covers up to three nodes sharing one host.
 */
public final class MemberAddress {

  private static final Pattern HOST_PORT = Pattern.compile("^(\\[[0-9A-Fa-f:.]+]|[^:\\[\\]\\s]+)(?::(\\d{1,5}))?$");
  private static final Pattern HOST_NAME = Pattern.compile(
      "^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)*$");
  private static final Pattern IPV4 = Pattern.compile("^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})$");

  private MemberAddress() {
  }

  /** Why {@code entry} is not a usable member address, or empty when it is. */
  public static Optional<String> problem(String entry) {
    String shown = "\"" + entry + "\"";
    if (entry.matches(".*:\\d+-\\d+$")) {
      return Optional.of(shown + " is a port range; list the host once (nodes on one host are found on the base"
          + " port and the two above it) or list each host:port");
    }
    Matcher m = HOST_PORT.matcher(entry.trim());
    if (!m.matches()) {
      return Optional.of(shown + " is not a host or host:port (e.g. 10.0.0.2 or 10.0.0.2:5702)");
    }
    String host = m.group(1);
    if (m.group(2) != null) {
      int port = Integer.parseInt(m.group(2));
      if (port < 1 || port > 65_535) {
        return Optional.of(shown + " has a port outside 1-65535");
      }
    }
    if (!validHost(host)) {
      return Optional.of(shown + " is not a host or host:port (e.g. 10.0.0.2 or 10.0.0.2:5702)");
    }
    return Optional.empty();
  }

  private static boolean validHost(String host) {
    if (host.startsWith("[")) {
      return host.length() > 2 && host.substring(1, host.length() - 1).contains(":");
    }
    Matcher v4 = IPV4.matcher(host);
    if (v4.matches()) {
      for (int i = 1; i <= 4; i++) {
        if (Integer.parseInt(v4.group(i)) > 255) {
          return false;
        }
      }
      return true;
    }
    // a name made only of digits and dots that is not a valid IPv4 address (e.g. 10.0.0.300) is a typo
    return !host.matches("[\\d.]+") && HOST_NAME.matcher(host).matches();
  }
}
