package ai.rivano.gateway.observability;

import ai.rivano.gateway.config.LoggingConfig;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The log format and level in force. First set wins: the {@code start} flag ({@code --log-format},
 * {@code --log-level}), the environment ({@code RIVANO_LOG_FORMAT}, {@code RIVANO_LOG_LEVEL}), {@code rivano.yaml}
 * ({@code gateway.logging}), the default ({@code text}, {@code info}).
 */
public record LogSettings(Format format, String level) {

  /** Human-readable lines, or one JSON object per line. */
  public enum Format { TEXT, JSON }

  public static final String FORMAT_ENV = "RIVANO_LOG_FORMAT";
  public static final String LEVEL_ENV = "RIVANO_LOG_LEVEL";
  static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "error");

  public static LogSettings defaults() {
    return new LogSettings(Format.TEXT, LoggingConfig.DEFAULT_LEVEL);
  }

  /**
   * @param flagFormat {@code --log-format} or null
   * @param flagLevel  {@code --log-level} or null
   * @param config     {@code gateway.logging} (already validated) or null
   * @throws IllegalArgumentException naming the variable or flag when a value is not one of the allowed ones
   */
  public static LogSettings resolve(String flagFormat, String flagLevel, Map<String, String> environment,
                                    LoggingConfig config) {
    LoggingConfig file = config == null ? LoggingConfig.defaults() : config;
    String format = first("--log-format", flagFormat, environment.get(FORMAT_ENV), file.format(), Set.of("text", "json"));
    String level = first("--log-level", flagLevel, environment.get(LEVEL_ENV), file.level(), LEVELS);
    return new LogSettings(Format.valueOf(format.toUpperCase(Locale.ROOT)), level);
  }

  private static String first(String flag, String fromFlag, String fromEnv, String fromFile, Set<String> allowed) {
    String envName = flag.equals("--log-format") ? FORMAT_ENV : LEVEL_ENV;
    if (fromFlag != null) {
      return allowed(flag, fromFlag, allowed);
    }
    if (fromEnv != null && !fromEnv.isBlank()) {
      return allowed(envName, fromEnv, allowed);
    }
    return fromFile;
  }

  private static String allowed(String source, String value, Set<String> allowed) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (!allowed.contains(v)) {
      throw new IllegalArgumentException(source + " must be one of " + String.join(" | ", allowed.stream().sorted().toList())
          + ", got \"" + value + "\"");
    }
    return v;
  }
}
