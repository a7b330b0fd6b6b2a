package ai.rivano.gateway.ingress;

import ai.rivano.gateway.config.Cidr;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

import java.util.List;

/**
 * Finds the client IP the rate limiter counts against. Behind a VIP every peer is the load balancer, so
 * {@code X-Forwarded-For} is believed, but only from peers in {@code trustedProxies}: otherwise any client could
 * pick a fresh IP per request. The right-most address not itself a trusted proxy is the client.
 */
final class ClientAddress {

  private final List<Cidr> trusted;

  ClientAddress(List<String> trustedProxies) {
    this.trusted = trustedProxies.stream().map(Cidr::parse).toList();
  }

  String of(HttpServerRequest request) {
    SocketAddress peer = request.remoteAddress();
    String ip = peer == null ? "unknown" : peer.hostAddress();
    if (trusted.isEmpty() || !isTrusted(ip)) {
      return ip;
    }
    String forwarded = request.getHeader("X-Forwarded-For");
    if (forwarded == null) {
      return ip;
    }
    String[] hops = forwarded.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      if (!hop.isEmpty() && !isTrusted(hop)) {
        return hop;
      }
    }
    return hops.length > 0 && !hops[0].isBlank() ? hops[0].trim() : ip;
  }

  private boolean isTrusted(String ip) {
    for (Cidr c : trusted) {
      if (c.contains(ip)) {
        return true;
      }
    }
    return false;
  }
}
