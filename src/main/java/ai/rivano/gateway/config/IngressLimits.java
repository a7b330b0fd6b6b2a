package ai.rivano.gateway.config;

import io.vertx.core.json.JsonObject;

/**
 * What one client connection may cost the node: time on every phase of a request and memory for buffered
 * bodies. Defaults follow what a reverse proxy in front of an HTTP service uses (nginx's
 * {@code client_header_timeout 60s}, {@code keepalive_timeout 75s}); docs/security.md explains each one.
 *
 * @param bufferBudgetBytes  node-wide bytes of buffered bodies; 0 = a quarter of the JVM's maximum heap
 * @param headerTimeoutMs    a new connection must deliver its first request head within this time
 * @param keepAliveTimeoutMs an idle connection between requests is closed after this time
 * @param bodyIdleTimeoutMs  a request body that stalls this long gets 408
 * @param bodyTimeoutMs      a request body must be complete this long after its head arrived, however it trickles
 * @param maxConnections     open client connections per node; one more gets 503 and is closed
 * @param sendTimeoutMs      a client that takes no bytes of a pending answer for this long is disconnected
 */
public record IngressLimits(long bufferBudgetBytes, long headerTimeoutMs, long keepAliveTimeoutMs,
                            long bodyIdleTimeoutMs, long bodyTimeoutMs, int maxConnections, long sendTimeoutMs) {

  public static final long FROM_HEAP = 0;
  public static final long DEFAULT_HEADER_TIMEOUT_MS = 60_000;
  /** Longer than the load balancers' own idle timeouts (60 s on AWS ALB), so the balancer closes first. */
  public static final long DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 75_000;
  public static final long DEFAULT_BODY_IDLE_TIMEOUT_MS = 30_000;
  /** A 10 MiB body (the default maxBodyBytes) needs about 90 KiB/s to make it. */
  public static final long DEFAULT_BODY_TIMEOUT_MS = 120_000;
  public static final int DEFAULT_MAX_CONNECTIONS = 4096;
  /** nginx's {@code send_timeout 60s}: between two moments the client took bytes, not for the whole answer. */
  public static final long DEFAULT_SEND_TIMEOUT_MS = 60_000;

  public static IngressLimits defaults() {
    return new IngressLimits(FROM_HEAP, DEFAULT_HEADER_TIMEOUT_MS, DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
        DEFAULT_BODY_IDLE_TIMEOUT_MS, DEFAULT_BODY_TIMEOUT_MS, DEFAULT_MAX_CONNECTIONS, DEFAULT_SEND_TIMEOUT_MS);
  }

  /** From a validated {@code gateway:} map (keys already type- and range-checked by the schema). */
  static IngressLimits from(JsonObject gateway) {
    IngressLimits d = defaults();
    return new IngressLimits(
        gateway.getLong("bufferBudgetBytes", d.bufferBudgetBytes()),
        gateway.getLong("headerTimeoutMs", d.headerTimeoutMs()),
        gateway.getLong("keepAliveTimeoutMs", d.keepAliveTimeoutMs()),
        gateway.getLong("bodyIdleTimeoutMs", d.bodyIdleTimeoutMs()),
        gateway.getLong("bodyTimeoutMs", d.bodyTimeoutMs()),
        gateway.getLong("maxConnections", (long) d.maxConnections()).intValue(),
        gateway.getLong("sendTimeoutMs", d.sendTimeoutMs()));
  }
}
