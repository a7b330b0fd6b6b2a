package ai.rivano.gateway.observability;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.Slf4JLoggerFactory;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Where the application log goes and what it looks like. Everything logs through SLF4J into Logback: our own
 * lines, Vert.x ({@code vertx.logger-delegate-factory-class-name}), Netty (its SLF4J factory), Hazelcast
 * ({@code hazelcast.logging.type=slf4j}) and anything else that uses java.util.logging (the JUL bridge).
 *
 * <p>Destination: <b>stderr</b>, always. stdout belongs to the command line's own lines ({@code Gateway running on …},
 * {@code Gateway stopped}, {@code status} output) and to {@code audit: stdout} records, one JSON object per line,
 * which a log shipper must be able to read without application lines mixed in. Lines go through an asynchronous
 * appender that never blocks (an event loop never waits on a slow terminal or pipe; under a flood the least
 * important lines are dropped first) and is flushed at JVM exit.
 *
 * <p>An operator who wants another layout or destination points {@code -Dlogback.configurationFile} at a Logback
 * file (e.g. through {@code RIVANO_JAVA_OPTS}); then the gateway leaves the configuration alone.
 */
public final class LogSetup {

  static final String TEXT_PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z',UTC} %-5level %logger{36} [%thread] %msg%replace( %mdc){'^ $', ''}"
          + "%replace( %kvp){'^ $', ''}%n";
  static final String USER_CONFIG_PROPERTY = "logback.configurationFile";

  private static volatile LogSettings current = LogSettings.defaults();

  private LogSetup() {
  }

  /**
   * Routes every library through SLF4J. Call first thing in {@code main}, before any Vert.x, Netty or Hazelcast
   * class is loaded (each picks its logging backend once, when first used).
   */
  public static void bootstrap() {
    System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
    System.setProperty("hazelcast.logging.type", "slf4j");
    InternalLoggerFactory.setDefaultFactory(Slf4JLoggerFactory.INSTANCE);
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
    LoggerContext context = context();
    if (context != null) {
      Runtime.getRuntime().addShutdownHook(new Thread(context::stop, "rivano-log-flush"));
    }
  }

  /** Applies a format and level (at startup, once the config is read). A user's Logback file wins over both. */
  public static synchronized void apply(LogSettings settings) {
    LoggerContext context = context();
    if (context == null || System.getProperty(USER_CONFIG_PROPERTY) != null) {
      return;
    }
    configure(context, settings);
  }

  public static LogSettings current() {
    return current;
  }

  static void configure(LoggerContext context, LogSettings settings) {
    context.reset();
    LevelChangePropagator julLevels = new LevelChangePropagator(); // JUL loggers learn our levels: no wasted records
    julLevels.setContext(context);
    julLevels.setResetJUL(true);
    julLevels.start();
    context.addListener(julLevels);
    PeerNoiseFilter noise = new PeerNoiseFilter();
    noise.setContext(context);
    noise.start();
    context.addTurboFilter(noise);

    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("stderr");
    console.setTarget("System.err");
    console.setEncoder(encoder(context, settings.format()));
    console.start();
    AsyncAppender async = new AsyncAppender();
    async.setContext(context);
    async.setName("async-stderr");
    async.setNeverBlock(true);
    async.setQueueSize(8192);
    async.addAppender(console);
    async.start();

    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level level = Level.toLevel(settings.level(), Level.INFO);
    root.setLevel(level);
    root.addAppender(async);
    // Vert.x registers one shared gauge per server instance (one per event loop) and Micrometer warns about every
    // registration after the first; the gauge is shared, nothing is lost. Its real errors still show.
    context.getLogger("io.micrometer.core.instrument.MeterRegistry").setLevel(Level.ERROR);
    if (level.isGreaterOrEqual(Level.INFO)) {
      // Hazelcast narrates every step at INFO (~50 lines per start); keep its warnings and the membership lines.
      context.getLogger("com.hazelcast").setLevel(Level.toLevel("WARN"));
      context.getLogger("com.hazelcast.internal.cluster").setLevel(level);
    }
    current = settings;
  }

  static Encoder<ILoggingEvent> encoder(LoggerContext context, LogSettings.Format format) {
    if (format == LogSettings.Format.JSON) {
      LogstashEncoder json = new LogstashEncoder();
      json.setContext(context);
      json.setIncludeContext(false); // no logback context properties (host name etc.) on every line
      json.start();
      return json;
    }
    PatternLayoutEncoder text = new PatternLayoutEncoder();
    text.setContext(context);
    text.setPattern(TEXT_PATTERN);
    text.start();
    return text;
  }

  private static LoggerContext context() {
    return LoggerFactory.getILoggerFactory() instanceof LoggerContext c ? c : null;
  }
}
