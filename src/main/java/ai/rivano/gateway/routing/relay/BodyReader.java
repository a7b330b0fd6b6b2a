package ai.rivano.gateway.routing.relay;

import ai.rivano.gateway.routing.UpstreamFailure;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;

/**
 * Reads a non-streamed upstream body completely before anything goes to the client, so a body that is cut or
 * stalls can still fail over invisibly. Bounded in size, and by the idle clock between chunks.
 */
public final class BodyReader {

  private BodyReader() {
  }

  public static Future<Buffer> read(Vertx vertx, HttpClientResponse response, String provider, long idleMs, long maxBytes) {
    Promise<Buffer> promise = Promise.promise();
    Buffer body = Buffer.buffer();
    IdleClock clock = new IdleClock(vertx, idleMs, () -> {
      if (promise.tryFail(new UpstreamFailure(UpstreamFailure.Kind.TIMEOUT, provider,
          provider + " stalled for " + idleMs + " ms while sending its answer"))) {
        response.request().reset();
      }
    });
    response.handler(chunk -> {
      clock.touch();
      if (body.length() + chunk.length() > maxBytes) {
        clock.stop();
        if (promise.tryFail(new UpstreamFailure(UpstreamFailure.Kind.RESET, provider,
            provider + " answered with more than " + maxBytes + " bytes"))) {
          response.request().reset();
        }
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
