package ai.rivano.gateway.observability;

import ai.rivano.gateway.config.GatewayConfig;
import ai.rivano.gateway.config.MiddlewareConfig;
import ai.rivano.gateway.config.ProviderConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.StringJoiner;

/**
 * The one line a node logs when it accepts traffic: what an operator needs to know it started the way they meant
 * (version, address, providers and roles, middleware switches, cluster, cloud, metrics, tracing, log
 * settings). Built from
 * names, switches and URLs only: an API key is never part of it (cloud and provider URLs are shown without any
 * user-info part).
 */
public final class StartupSummary {

  private static final Logger LOG = LoggerFactory.getLogger("ai.rivano.gateway.startup");

  private StartupSummary() {
  }

  public static void log(String version, GatewayConfig config, LogSettings logging) {
    LOG.atInfo().addKeyValue("event", "started").addKeyValue("version", version)
        .addKeyValue("port", config.port()).log(line(version, config, logging));
  }

  static String line(String version, GatewayConfig config, LogSettings logging) {
    StringJoiner providers = new StringJoiner(", ");
    for (ProviderConfig p : config.providers().values()) {
      providers.add(p.name() + " (" + config.roleOf(p) + ")");
    }
    MiddlewareConfig m = config.middleware();
    String middleware = "pii " + onOff(m.pii()) + ", injection " + onOff(m.injection())
        + ", audit " + m.audit().name().toLowerCase() + ", cache " + onOff(m.cache())
        + ", rateLimit " + (m.rateLimit() == 0 ? "off" : m.rateLimit() + "/min");
    String cluster = config.cluster().enabled()
        ? "on" + (config.cluster().configFile() == null ? "" : " (" + config.cluster().configFile() + ")") : "off";
    String cloud = config.cloudConfig()
        .map(c -> withoutUserInfo(c.baseUrl()) + " every " + c.syncIntervalSeconds() + "s").orElse("off");
    String metrics = config.metrics().enabled()
        ? "/metrics (" + (config.metrics().allow().isEmpty() ? "loopback" : "loopback + " + config.metrics().allow()) + ")"
        : "off";
    // the endpoint only: the collector's headers (its credentials) are never part of the line
    String tracing = config.tracing().enabled()
        ? "otlp " + withoutUserInfo(config.tracing().endpoint()) + " (sample " + config.tracing().sampleRatio() + ")"
        : "off";
    return "rivano-gateway " + version + " listening on " + config.host() + ":" + config.port()
        + " | providers: " + providers
        + " | middleware: " + middleware
        + " | cluster: " + cluster
        + " | cloud: " + cloud
        + " | metrics: " + metrics
        + " | tracing: " + tracing
        + " | log: " + logging.format().name().toLowerCase() + " " + logging.level();
  }

  private static String onOff(boolean on) {
    return on ? "on" : "off";
  }

  /** {@code https://user:pass@host/} → {@code https://host/}: credentials in a URL never reach a log. */
  static String withoutUserInfo(String url) {
    return url == null ? "" : url.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@", "$1");
  }
}
