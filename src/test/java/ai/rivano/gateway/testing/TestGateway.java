package ai.rivano.gateway.testing;

import ai.rivano.gateway.config.ConfigLoader;
import ai.rivano.gateway.config.GatewayConfig;
import ai.rivano.gateway.node.GatewayNode;
import ai.rivano.gateway.observability.GatewayMetrics;
import ai.rivano.gateway.observability.tracing.Tracing;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;

/**
 * A gateway node running in the test's Vert.x instance, started from YAML text exactly as {@code start} would
 * (same loader, same validation), on a free loopback port.
 */
public final class TestGateway {

  private final GatewayNode node;

  private TestGateway(GatewayNode node) {
    this.node = node;
  }

  /** {@code yaml} may use {@code ${PORT}}-style references resolved from {@code env}. */
  public static TestGateway start(Vertx vertx, String yaml, Map<String, String> env) {
    GatewayConfig config = load(vertx, yaml, env);
    return new TestGateway(Futures.await(GatewayNode.start(vertx, config.withPort(freePort()))));
  }

  /**
   * With {@code gateway.tracing} as {@code yaml} configures it, but its spans exported to {@code exporter} (e.g. an
   * {@code InMemorySpanExporter}) instead of the configured OTLP endpoint.
   */
  public static TestGateway start(Vertx vertx, String yaml, SpanExporter exporter) {
    GatewayConfig config = load(vertx, yaml, Map.of());
    Tracing tracing = Tracing.create(config.tracing(), "test-node", exporter);
    return new TestGateway(Futures.await(GatewayNode.start(vertx, config.withPort(freePort()),
        GatewayMetrics.create(config), tracing)));
  }

  private static GatewayConfig load(Vertx vertx, String yaml, Map<String, String> env) {
    try {
      Path file = Files.createTempFile("rivano", ".yaml");
      Files.writeString(file, yaml);
      GatewayConfig config = Futures.await(new ConfigLoader(vertx, env, new ArrayList<>()).load(file));
      Files.deleteIfExists(file);
      return config;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static TestGateway start(Vertx vertx, String yaml) {
    return start(vertx, yaml, Map.of());
  }

  public int port() {
    return node.port();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  public GatewayNode node() {
    return node;
  }

  public void drain() {
    Futures.await(node.drain());
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
