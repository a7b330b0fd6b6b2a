package ai.rivano.gateway.cluster;

import ai.rivano.gateway.config.ClusterSettings;
import ai.rivano.gateway.config.MiddlewareConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/** Starts a Vert.x instance that is a member of the gateway's Hazelcast cluster. */
public final class ClusteredVertx {

  private ClusteredVertx() {
  }

  /** Native epoll when the platform has it (Linux x86_64 jar bundled); the JDK selector otherwise. */
  public static VertxOptions options() {
    return new VertxOptions().setPreferNativeTransport(true);
  }

  /**
   * The options of a clustered node: the event bus between nodes listens on the interface Hazelcast chose, on
   * {@code busPort} (random when 0).
   */
  public static VertxOptions options(ClusterSettings settings) {
    VertxOptions options = options();
    if (settings.busPort() > 0) {
      options.setEventBusOptions(new EventBusOptions().setPort(settings.busPort()));
    }
    return options;
  }

  /** Joins (or forms) the cluster {@code settings} describe. */
  public static Future<Vertx> start(ClusterSettings settings, MiddlewareConfig middleware) {
    return start(settings, middleware, Vertx.builder().with(options(settings)));
  }

  /** The same on a builder the caller prepared (options from {@link #options(ClusterSettings)}, metrics). */
  public static Future<Vertx> start(ClusterSettings settings, MiddlewareConfig middleware, VertxBuilder builder) {
    HazelcastClusterManager manager;
    try {
      manager = new HazelcastClusterManager(HazelcastSetup.build(settings, middleware));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return builder.withClusterManager(manager).buildClustered();
  }
}
