package ai.rivano.gateway.testing;

import io.vertx.core.Future;

import java.util.concurrent.TimeUnit;

/** Blocking on a Vert.x future from a test thread (never from an event loop), with a bound. */
public final class Futures {

  private Futures() {
  }

  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
