package ai.rivano.gateway.ingress;

import ai.rivano.gateway.config.IngressLimits;
import ai.rivano.gateway.errors.GatewayError;
import ai.rivano.gateway.node.NodeState;
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
 * Reads a proxied request's body into memory: middleware reads it and a failover must replay it; LLM requests are
 * kilobytes. Every way a client could make that expensive is bounded, and answered by the gateway itself (the
 * returned future then fails and the caller does nothing more); each of these answers closes the connection,
 * because the rest of the body is never read:
 *
 * <ul>
 *   <li>413 over {@code maxBodyBytes}: a declared {@code Content-Length} before reading, a chunked body as soon
 *       as it crosses the limit;</li>
 *   <li>503 {@code overloaded} (with {@code Retry-After}) when the node's {@link BufferBudget} cannot hold the
 *       body: by its {@code Content-Length} before anything is read (before {@code 100 Continue}), or chunk by
 *       chunk for a body of unknown length;</li>
 *   <li>408 when the body stalls for {@code bodyIdleTimeoutMs}, or is not complete {@code bodyTimeoutMs} after it
 *       started (a body trickled a byte at a time cannot hold a connection and a buffer for long).</li>
 * </ul>
 *
 * The bytes reserved for a body are held until the request ends ({@link ConnectionGuard#releaseAtEnd}): the body
 * may be replayed to a fallback or continue a stream until then.
 */
final class RequestBodyReader {

  private final Vertx vertx;
  private final long maxBodyBytes;
  private final IngressLimits limits;
  private final BufferBudget budget;
  private final ConnectionGuard connections;

  RequestBodyReader(Vertx vertx, NodeState node) {
    this.vertx = vertx;
    this.maxBodyBytes = node.config().maxBodyBytes();
    this.limits = node.config().limits();
    this.budget = node.bufferBudget();
    this.connections = node.connections();
  }

  Future<Buffer> read(RequestContext ctx) {
    HttpServerRequest request = ctx.request();
    long declared = declaredLength(request);
    if (declared > maxBodyBytes) {
      tooLarge(ctx);
      return Future.failedFuture("too large");
    }
    BodyLease lease = budget.lease();
    connections.releaseAtEnd(request, lease);
    if (declared > 0 && !lease.grow(declared)) {
      overloaded(ctx);
      return Future.failedFuture("over the buffer budget");
    }
    if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
      // The request passed the limiter, resolution, the size check and the budget: invite the body now (curl, for
      // one, waits up to a second for this before sending a body over 1 KiB).
      ctx.exit().writeContinue();
    }
    return new Body(ctx, declared, lease).promise.future();
  }

  /** One body being read; the buffer is allocated when its first bytes arrive, at its declared size. */
  private final class Body {
    final Promise<Buffer> promise = Promise.promise();
    final RequestContext ctx;
    final long declared;
    final BodyLease lease;
    Buffer bytes;

    Body(RequestContext ctx, long declared, BodyLease lease) {
      this.ctx = ctx;
      this.declared = declared;
      this.lease = lease;
      IdleClock stall = new IdleClock(vertx, limits.bodyIdleTimeoutMs(),
          () -> timeOut("the request body stalled for more than " + limits.bodyIdleTimeoutMs() + " ms"));
      long deadline = vertx.setTimer(limits.bodyTimeoutMs(),
          id -> timeOut("the request body was not complete within " + limits.bodyTimeoutMs() + " ms"));
      promise.future().onComplete(done -> {
        stall.stop();
        vertx.cancelTimer(deadline);
      });
      HttpServerRequest request = ctx.request();
      request.handler(chunk -> {
        stall.touch();
        onChunk(chunk);
      });
      request.endHandler(v -> promise.tryComplete(bytes == null ? Buffer.buffer(0) : bytes));
      request.exceptionHandler(err -> {
        if (promise.tryFail(err)) {
          ctx.exit().clientBrokeOff(); // the client broke off while sending; nothing to answer
        }
      });
    }

    void onChunk(Buffer chunk) {
      if (promise.future().isComplete()) {
        return;
      }
      long size = (bytes == null ? 0 : bytes.length()) + chunk.length();
      if (size > maxBodyBytes) {
        if (promise.tryFail("too large")) {
          tooLarge(ctx);
        }
        return;
      }
      // A declared length was reserved up front, and the decoder never delivers more than it.
      if (declared < 0 && !lease.grow(chunk.length())) {
        if (promise.tryFail("over the buffer budget")) {
          overloaded(ctx);
        }
        return;
      }
      if (bytes == null) {
        bytes = Buffer.buffer((int) (declared >= 0 ? declared : Math.max(1024, chunk.length())));
      }
      bytes.appendBuffer(chunk);
    }

    /** A 408: the client is not sending, so there is nothing to linger for. */
    void timeOut(String message) {
      if (promise.tryFail(message)) {
        refuse(ctx, GatewayError.REQUEST_TIMEOUT, message, false);
      }
    }
  }

  private void tooLarge(RequestContext ctx) {
    refuse(ctx, GatewayError.REQUEST_TOO_LARGE, "request body exceeds maxBodyBytes (" + maxBodyBytes + " bytes)", true);
  }

  private void overloaded(RequestContext ctx) {
    ctx.exit().header(HttpHeaders.RETRY_AFTER, ConnectionGuard.RETRY_AFTER_SECONDS);
    refuse(ctx, GatewayError.OVERLOADED, "this gateway node is holding as many request bodies as its memory budget "
        + "allows (gateway.bufferBudgetBytes); retry shortly", true);
  }

  /** Answers through the request's exit (so it is counted and audited), then closes the connection. */
  private static void refuse(RequestContext ctx, GatewayError error, String message, boolean linger) {
    ClientExit exit = ctx.exit();
    exit.header(HttpHeaders.CONNECTION, "close");
    exit.fail(error, message);
    ClosingReply.close(ctx.request(), linger);
  }

  /** The declared Content-Length, or -1 (chunked, or none). The decoder has already refused malformed values. */
  private static long declaredLength(HttpServerRequest request) {
    String value = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (value == null) {
      return -1;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
