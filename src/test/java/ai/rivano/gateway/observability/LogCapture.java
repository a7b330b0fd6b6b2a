package ai.rivano.gateway.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Every log event of this JVM while open, as Logback sees it after the turbo filters (what an operator would read),
 * with the root level lowered to {@code level} so that downgraded lines can be seen too. Restores both on close.
 */
final class LogCapture implements AutoCloseable {

  private final Logger root;
  private final Level previous;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  LogCapture(Level level) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    previous = root.getLevel();
    appender.setContext(context);
    appender.start();
    root.addAppender(appender);
    root.setLevel(level);
  }

  List<ILoggingEvent> events() {
    synchronized (appender.list) {
      return List.copyOf(appender.list);
    }
  }

  /**
   * Events at WARN or above, except our own operational event lines and Vert.x's blocked-thread warning (on a
   * loaded test machine it reports the machine, not a peer).
   */
  List<String> libraryWarnings() {
    return events().stream()
        .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN) && !e.getLoggerName().equals(Events.LOG.getName())
            && !e.getLoggerName().endsWith("BlockedThreadChecker"))
        .map(LogCapture::describe).toList();
  }

  static String describe(ILoggingEvent e) {
    return e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage()
        + (e.getThrowableProxy() == null ? "" : " [" + e.getThrowableProxy().getClassName() + ": "
        + e.getThrowableProxy().getMessage() + "]");
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    root.setLevel(previous);
    appender.stop();
  }
}
