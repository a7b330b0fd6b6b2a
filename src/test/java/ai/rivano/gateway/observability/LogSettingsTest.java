package ai.rivano.gateway.observability;

import ai.rivano.gateway.config.LoggingConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Format and level: the start flag, then the environment, then rivano.yaml, then text/info. */
class LogSettingsTest {

  private static final LoggingConfig FILE = new LoggingConfig("json", "warn");

  @Test
  void theFlagWinsThenTheEnvironmentThenTheFile() {
    assertEquals(new LogSettings(LogSettings.Format.TEXT, "info"), LogSettings.resolve(null, null, Map.of(), null));
    assertEquals(new LogSettings(LogSettings.Format.JSON, "warn"), LogSettings.resolve(null, null, Map.of(), FILE));
    assertEquals(new LogSettings(LogSettings.Format.TEXT, "debug"), LogSettings.resolve(null, null,
        Map.of("RIVANO_LOG_FORMAT", "text", "RIVANO_LOG_LEVEL", "DEBUG"), FILE), "environment over file, any case");
    assertEquals(new LogSettings(LogSettings.Format.JSON, "error"), LogSettings.resolve("json", "error",
        Map.of("RIVANO_LOG_FORMAT", "text", "RIVANO_LOG_LEVEL", "debug"), FILE), "flags over everything");
    assertEquals(new LogSettings(LogSettings.Format.JSON, "warn"), LogSettings.resolve(null, null,
        Map.of("RIVANO_LOG_LEVEL", " "), FILE), "a blank variable is unset");
  }

  @Test
  void aBadValueNamesItsSource() {
    IllegalArgumentException env = assertThrows(IllegalArgumentException.class,
        () -> LogSettings.resolve(null, null, Map.of("RIVANO_LOG_LEVEL", "verbose"), null));
    assertEquals("RIVANO_LOG_LEVEL must be one of debug | error | info | trace | warn, got \"verbose\"", env.getMessage());
    IllegalArgumentException flag = assertThrows(IllegalArgumentException.class,
        () -> LogSettings.resolve("xml", null, Map.of(), null));
    assertEquals("--log-format must be one of json | text, got \"xml\"", flag.getMessage());
  }
}
