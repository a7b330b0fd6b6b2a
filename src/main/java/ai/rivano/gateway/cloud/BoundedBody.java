package ai.rivano.gateway.cloud;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.codec.BodyCodec;
import io.vertx.ext.web.codec.spi.BodyStream;

/**
 * A Web Client body codec that keeps at most {@code max} bytes. The default codec buffers whatever arrives; a
 * broken or hostile control plane answering with gigabytes would then take the node's heap with it. Past the
 * bound the answer fails and the rest is discarded as it arrives.
 */
final class BoundedBody implements BodyCodec<Buffer> {

  /** The answer passed the bound: the control plane's fault, not the network's. */
  static final class TooLarge extends RuntimeException {
    TooLarge(long max) {
      super("answer larger than " + max + " bytes", null, false, false);
    }
  }

  private final long max;

  BoundedBody(long max) {
    this.max = max;
  }

  @Override
  public BodyStream<Buffer> stream() {
    return new BodyStream<>() {
      private final Buffer body = Buffer.buffer();
      private final Promise<Buffer> result = Promise.promise();

      @Override
      public Future<Buffer> result() {
        return result.future();
      }

      @Override
      public void handle(Throwable failure) {
        result.tryFail(failure);
      }

      @Override
      public Future<Void> write(Buffer data) {
        if (!result.future().isComplete()) {
          if (body.length() + data.length() > max) {
            result.tryFail(new TooLarge(max));
          } else {
            body.appendBuffer(data);
          }
        }
        return Future.succeededFuture();
      }

      @Override
      public Future<Void> end() {
        result.tryComplete(body);
        return Future.succeededFuture();
      }

      @Override
      public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        return this;
      }

      @Override
      public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
        return this;
      }

      @Override
      public boolean writeQueueFull() {
        return false;
      }

      @Override
      public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
        return this;
      }
    };
  }
}
