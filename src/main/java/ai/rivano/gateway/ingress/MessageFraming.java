package ai.rivano.gateway.ingress;

import ai.rivano.gateway.errors.GatewayError;
import ai.rivano.gateway.routing.translate.WireFormat;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

import java.util.List;

/**
 * Request smuggling hygiene (RFC 9112 §6.1, §6.3). A request whose body length two parsers could read differently
 * must not leave a connection open for "the next request", which may be the rest of this one as a proxy in front
 * read it.
 *
 * <ul>
 *   <li>{@code Transfer-Encoding} other than exactly one {@code chunked} ({@code xchunked}, {@code gzip, chunked},
 *       {@code chunked, identity}, two headers): the length cannot be determined reliably. 400, then close at
 *       once (no lingering: where this body ends is exactly what cannot be known).</li>
 *   <li>{@code Transfer-Encoding: chunked}: the body is read by chunks. Netty drops a {@code Content-Length} sent
 *       with it before we see the request, so the two cannot be told apart here; every chunked request therefore
 *       has its connection closed after the answer, which RFC 9112 §6.3 requires when both were sent. SDKs send
 *       {@code Content-Length}; a chunked upload costs only the reuse of its connection.</li>
 * </ul>
 * Conflicting {@code Content-Length} values are already refused by the HTTP decoder (400).
 */
final class MessageFraming {

  private MessageFraming() {
  }

  /** True when the request was answered here (400) and must not be handled further. */
  static boolean rejected(HttpServerRequest request, ConnectionGuard connections, String provider) {
    List<String> codings = request.headers().getAll(HttpHeaders.TRANSFER_ENCODING);
    if (codings.isEmpty()) {
      return false;
    }
    if (codings.size() == 1 && "chunked".equalsIgnoreCase(codings.get(0).trim())) {
      request.response().putHeader(HttpHeaders.CONNECTION, "close");
      connections.atEnd(request, () -> request.connection().close());
      return false;
    }
    Exchange exchange = new Exchange(request, provider, null);
    exchange.clientFormat = WireFormat.ofClientPath(request.path());
    ClosingReply.send(exchange, GatewayError.INVALID_REQUEST,
        "unsupported Transfer-Encoding: only a single \"chunked\" is accepted (RFC 9112 §6.1)", false);
    return true;
  }
}
