package ai.rivano.gateway.cli;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The gateway's own output is a few lines on stdout; libraries (Netty, Vert.x, Hazelcast) log through JUL and
 * would otherwise bury them. Warnings and errors still show. Loggers are kept referenced so JUL does not drop
 * the levels when they are garbage-collected.
 */
final class Logging {

  private static final Logger[] QUIETED = {
      Logger.getLogger("io.netty"), Logger.getLogger("io.vertx"), Logger.getLogger("com.hazelcast")};

  private Logging() {
  }

  static void quietLibraries() {
    for (Logger logger : QUIETED) {
      logger.setLevel(Level.WARNING);
    }
  }
}
