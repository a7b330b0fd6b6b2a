package ai.rivano.gateway.config;

/**
 * {@code gateway.logging}: how the gateway's application log is written (always to stderr; stdout carries the
 * CLI's own lines and {@code audit: stdout} records). {@code RIVANO_LOG_FORMAT} / {@code RIVANO_LOG_LEVEL} and the
 * {@code start} flags override these.
 *
 * @param format {@code text} (one human-readable line per event) or {@code json} (one JSON object per line)
 * @param level  {@code trace | debug | info | warn | error}
 */
public record LoggingConfig(String format, String level) {

  public static final String DEFAULT_FORMAT = "text";
  public static final String DEFAULT_LEVEL = "info";

  public static LoggingConfig defaults() {
    return new LoggingConfig(DEFAULT_FORMAT, DEFAULT_LEVEL);
  }
}
