package ai.rivano.gateway.ingress;

import ai.rivano.gateway.config.Cidr;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

import java.util.List;

/**
 * Who may call the admin endpoints ({@code /_rivano/status}, {@code /metrics}). Local and direct: both ends of the
 * connection are loopback addresses and the request carries no {@code X-Forwarded-For}, {@code Forwarded} or
 * {@code X-Real-IP} (a request relayed by a local reverse proxy is not "local"). {@code /metrics} also admits direct
 * peers in {@code gateway.metrics.allow}. Anyone else gets the same 404 as an unknown path.
 */
final class AdminAccess {

  private AdminAccess() {
  }

  static boolean isLocalDirect(HttpServerRequest request) {
    return isLoopback(request.remoteAddress()) && isLoopback(request.localAddress())
        && request.getHeader("X-Forwarded-For") == null && request.getHeader("Forwarded") == null
        && request.getHeader("X-Real-IP") == null;
  }

  /** Local and direct, or the direct peer (not a forwarded address) lies in one of {@code allowed}. */
  static boolean isLocalOrAllowed(HttpServerRequest request, List<Cidr> allowed) {
    if (isLocalDirect(request)) {
      return true;
    }
    SocketAddress peer = request.remoteAddress();
    String ip = peer == null ? null : peer.hostAddress();
    return ip != null && allowed.stream().anyMatch(range -> range.contains(ip));
  }

  private static boolean isLoopback(SocketAddress address) {
    if (address == null || address.hostAddress() == null) {
      return false;
    }
    String ip = address.hostAddress();
    return ip.startsWith("127.") || ip.equals("0:0:0:0:0:0:0:1") || ip.equals("::1");
  }
}
