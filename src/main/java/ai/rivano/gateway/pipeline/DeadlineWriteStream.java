package ai.rivano.gateway.pipeline;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.streams.WriteStream;

/**
 * The client's response as a pipe's destination, with the {@link SendDeadline} running whenever the pipe waits for
 * it to drain: an uninspected body piped to a client that stopped reading ends like a stream does.
 */
final class DeadlineWriteStream implements WriteStream<Buffer> {

  private final HttpServerResponse response;
  private final SendDeadline deadline;

  DeadlineWriteStream(HttpServerResponse response, SendDeadline deadline) {
    this.response = response;
    this.deadline = deadline;
  }

  @Override
  public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    response.exceptionHandler(handler);
    return this;
  }

  @Override
  public Future<Void> write(Buffer data) {
    return response.write(data);
  }

  @Override
  public Future<Void> end() {
    return response.end();
  }

  @Override
  public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
    response.setWriteQueueMaxSize(maxSize);
    return this;
  }

  @Override
  public boolean writeQueueFull() {
    return response.writeQueueFull();
  }

  @Override
  public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
    if (handler == null) {
      response.drainHandler(null);
      return this;
    }
    deadline.waitingForDrain();
    response.drainHandler(v -> {
      deadline.drained();
      handler.handle(v);
    });
    return this;
  }
}
