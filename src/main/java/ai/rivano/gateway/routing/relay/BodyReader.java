package ai.rivano.gateway.routing.relay;

import ai.rivano.gateway.routing.UpstreamFailure;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;

/**
 * Reads a non-streamed upstream body completely before anything goes to the client, so a body that is cut or
 * stalls can still fail over invisibly. Bounded by the idle clock between chunks, by {@code maxBytes}, and by the
 * node's buffer budget ({@code reserve}): a body that outgrows either is not failed, it is handed back unfinished
 * ({@link TooLargeToBuffer}, with what was read so far and the response paused) so it can be streamed through.
 */
public final class BodyReader {

  /** The body outgrew what may be buffered; {@link #readSoFar()} holds what arrived, the response is paused. */
  public static final class TooLargeToBuffer extends RuntimeException {
    private final Buffer readSoFar;

    TooLargeToBuffer(Buffer readSoFar) {
      super("too large to buffer", null, false, false);
      this.readSoFar = readSoFar;
    }

    public Buffer readSoFar() {
      return readSoFar;
    }
  }

  private BodyReader() {
  }

  /**
   * @param reserve asks the node's buffer budget for more bytes; false when there are none to spare
   */
  public static Future<Buffer> read(Vertx vertx, HttpClientResponse response, String provider, long idleMs, long maxBytes,
                                    java.util.function.LongPredicate reserve) {
    Promise<Buffer> promise = Promise.promise();
    Buffer body = Buffer.buffer();
    IdleClock clock = new IdleClock(vertx, idleMs, () -> {
      if (promise.tryFail(new UpstreamFailure(UpstreamFailure.Kind.TIMEOUT, provider,
          provider + " stalled for " + idleMs + " ms while sending its answer"))) {
        response.request().reset();
      }
    });
    response.handler(chunk -> {
      if (promise.future().isComplete()) {
        return;
      }
      clock.touch();
      if (body.length() + chunk.length() > maxBytes || !reserve.test(chunk.length())) {
        clock.stop();
        response.pause(); // the rest waits for whoever streams it through
        body.appendBuffer(chunk);
        promise.tryFail(new TooLargeToBuffer(body));
        return;
      }
      body.appendBuffer(chunk);
    });
    response.exceptionHandler(err -> {
      clock.stop();
      promise.tryFail(new UpstreamFailure(UpstreamFailure.Kind.RESET, provider,
          provider + " closed the connection in the middle of its answer"));
    });
    response.endHandler(v -> {
      clock.stop();
      promise.tryComplete(body);
    });
    return promise.future();
  }
}
