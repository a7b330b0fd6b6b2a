package ai.rivano.gateway.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

import java.util.Locale;
import java.util.Set;

/**
 * Network noise from peers is at most a debug line. A client that goes away mid-answer, an upstream that resets a
 * connection, an HTTP/2 stream reset: the gateway handles each (failover, rescue, upstream cancelled), yet Netty
 * and Vert.x report some of them as WARN/ERROR ("Connection reset by peer", "Unhandled exception" with a
 * {@code StreamResetException}). Such a warning or error is dropped here and written again at DEBUG by the same
 * logger, so it stays available when debugging and never pages anyone.
 *
 * <p>What counts as noise is decided on the exception (its class or, for the socket errors the JDK and Netty's
 * native transport report as plain {@code IOException}s, its message), anywhere in the cause chain; a line without
 * an exception is judged by its message.
 */
public final class PeerNoiseFilter extends TurboFilter {

  /**
   * Exceptions that only say the other side went away. Matched on the class and its superclasses by name.
   * {@code NotYetConnectedException} is how Netty's epoll transport reports a read that the kernel refused with
   * ENOTCONN: the socket's connection is already gone (torn down by the peer while it was being set up), and Netty
   * fires it down a pipeline that has no handler yet, so it reaches the pipeline's tail as a WARN with a stack trace.
   * The soak run saw it under connection churn (docs/benchmarks.md, "Soak"); the request it concerned was retried.
   */
  static final Set<String> NOISE_TYPES = Set.of(
      "java.nio.channels.ClosedChannelException",
      "java.nio.channels.NotYetConnectedException",
      "io.vertx.core.http.StreamResetException",
      "io.vertx.core.http.HttpClosedException",
      "io.netty.handler.codec.PrematureChannelClosureException");

  /** Socket errors reported as a plain IOException (JDK) or Netty's NativeIoException (epoll). */
  static final String[] NOISE_MESSAGES = {
      "connection reset", "broken pipe", "connection was closed", "connection closed", "stream was reset",
      "an existing connection was forcibly closed", "connection aborted"};

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (level == null || !level.isGreaterOrEqual(Level.WARN)) {
      return FilterReply.NEUTRAL;
    }
    Throwable error = t != null ? t : lastThrowable(params);
    boolean noise = error != null ? isPeerNoise(error) : format != null && mentionsNoise(format);
    if (!noise) {
      return FilterReply.NEUTRAL;
    }
    if (logger.isDebugEnabled()) {
      // the same logger at DEBUG: comes back through this filter below WARN, so it is written once
      logger.debug("[peer went away, was " + level + "] " + format, appendThrowable(params, t));
    }
    return FilterReply.DENY;
  }

  /** True when {@code error} or one of its causes only says that the peer closed or reset the connection. */
  public static boolean isPeerNoise(Throwable error) {
    int depth = 0;
    for (Throwable e = error; e != null && depth < 16; e = e.getCause(), depth++) {
      for (Class<?> c = e.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
        if (NOISE_TYPES.contains(c.getName())) {
          return true;
        }
      }
      if (e instanceof java.io.IOException && e.getMessage() != null && mentionsNoise(e.getMessage())) {
        return true;
      }
    }
    return false;
  }

  private static boolean mentionsNoise(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    for (String m : NOISE_MESSAGES) {
      if (lower.contains(m)) {
        return true;
      }
    }
    return false;
  }

  private static Throwable lastThrowable(Object[] params) {
    return params != null && params.length > 0 && params[params.length - 1] instanceof Throwable last ? last : null;
  }

  private static Object[] appendThrowable(Object[] params, Throwable t) {
    if (t == null) {
      return params == null ? new Object[0] : params;
    }
    Object[] out = new Object[(params == null ? 0 : params.length) + 1];
    if (params != null) {
      System.arraycopy(params, 0, out, 0, params.length);
    }
    out[out.length - 1] = t;
    return out;
  }
}
