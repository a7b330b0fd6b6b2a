package ai.rivano.gateway.config;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** One Vert.x instance and one temp directory per config test class (loading goes through Vert.x Config). */
abstract class ConfigTestSupport {

  static Vertx vertx;

  @TempDir
  static Path dir;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }
}
