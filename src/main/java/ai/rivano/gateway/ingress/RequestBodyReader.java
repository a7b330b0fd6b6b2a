package ai.rivano.gateway.ingress;

import ai.rivano.gateway.errors.GatewayError;
import ai.rivano.gateway.pipeline.ClientExit;
import ai.rivano.gateway.pipeline.RequestContext;
import ai.rivano.gateway.routing.relay.IdleClock;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads a proxied request's body into memory, bounded by {@code maxBodyBytes}: middleware reads it and a failover
 * must replay it; LLM requests are kilobytes. Answers the client itself when the body is refused (413 too large,
 * 408 stalled); the returned future then fails and the caller does nothing more.
 */
final class RequestBodyReader {

  /**
   * A client that stops sending its body for this long gets 408 and its connection closed (30 s;
   * {@code -Drivano.request.bodyIdleMs} overrides it, for tests and unusual networks).
   */
  private final long bodyIdleMs = Long.getLong("rivano.request.bodyIdleMs", 30_000L);

  private final Vertx vertx;
  private final long maxBodyBytes;

  RequestBodyReader(Vertx vertx, long maxBodyBytes) {
    this.vertx = vertx;
    this.maxBodyBytes = maxBodyBytes;
  }

  Future<Buffer> read(RequestContext ctx) {
    HttpServerRequest request = ctx.request();
    ClientExit exit = ctx.exit();
    long max = maxBodyBytes;
    String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (declared != null && parseLong(declared) > max) {
      tooLarge(exit, max);
      return Future.failedFuture("too large");
    }
    if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
      // The request passed the limiter, resolution and the size check: invite the body now (curl, for one,
      // waits up to a second for this before sending a body over 1 KiB).
      exit.writeContinue();
    }
    Promise<Buffer> promise = Promise.promise();
    // Sized from Content-Length, but a client cannot make us reserve more than 64 KiB before sending anything.
    Buffer body = Buffer.buffer(declared == null ? 1024 : (int) Math.min(64 * 1024, Math.max(0, parseLong(declared))));
    IdleClock clock = new IdleClock(vertx, bodyIdleMs, () -> {
      if (promise.tryFail("body timeout")) {
        exit.header(HttpHeaders.CONNECTION, "close");
        exit.fail(GatewayError.REQUEST_TIMEOUT, "the request body stalled for more than " + bodyIdleMs + " ms");
      }
    });
    promise.future().onComplete(done -> clock.stop());
    request.handler(chunk -> {
      if (promise.future().isComplete()) {
        return;
      }
      clock.touch();
      if (body.length() + chunk.length() > max) {
        promise.tryFail("too large");
        tooLarge(exit, max);
        return;
      }
      body.appendBuffer(chunk);
    });
    request.endHandler(v -> promise.tryComplete(body));
    request.exceptionHandler(err -> {
      if (promise.tryFail(err)) {
        exit.clientBrokeOff(); // the client broke off while sending; nothing to answer
      }
    });
    return promise.future();
  }

  private static void tooLarge(ClientExit exit, long max) {
    // The rest of the body is not read, so this connection cannot be reused.
    exit.header(HttpHeaders.CONNECTION, "close");
    exit.fail(GatewayError.REQUEST_TOO_LARGE, "request body exceeds maxBodyBytes (" + max + " bytes)");
  }

  private static long parseLong(String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
