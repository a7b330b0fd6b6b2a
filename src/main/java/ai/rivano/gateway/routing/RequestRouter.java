package ai.rivano.gateway.routing;

import ai.rivano.gateway.config.GatewayConfig;
import ai.rivano.gateway.config.ProviderConfig;
import ai.rivano.gateway.routing.failover.ProviderCircuits;
import ai.rivano.gateway.routing.failover.RoutePlan;
import ai.rivano.gateway.routing.translate.WireFormat;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * Entry point of provider routing for one request: reads what it needs from the body (model, stream flag),
 * plans the providers that may serve it ({@link RoutePlan}) and runs a {@link ProxyFlow} over that plan.
 */
public final class RequestRouter {

  private final Vertx vertx;
  private final UpstreamConnector connector;
  private final ProviderCircuits circuits;
  private final GatewayConfig config;

  public RequestRouter(Vertx vertx, UpstreamConnector connector, ProviderCircuits circuits, GatewayConfig config) {
    this.vertx = vertx;
    this.connector = connector;
    this.circuits = circuits;
    this.config = config;
  }

  /** @param forwardUri the client's path and query, provider prefix stripped */
  public void route(ClientExchange exchange, ProviderConfig addressed, String forwardUri, Buffer body) {
    String path = pathOf(forwardUri);
    WireFormat format = exchange.clientFormat();
    JsonObject json = jsonObjectOrNull(body);
    boolean chat = json != null && isChatPath(path, format);
    String model = json != null && json.getValue("model") instanceof String m ? m : null;
    boolean stream = format == WireFormat.GEMINI ? path.contains(":streamGenerateContent")
        : json != null && Boolean.TRUE.equals(json.getValue("stream"));
    RoutePlan plan = RoutePlan.of(config, addressed, format, model, chat);
    new ProxyFlow(vertx, connector, circuits, exchange, plan, new ProxyFlow.Request(forwardUri, path, body, json, stream))
        .start();
  }

  static boolean isChatPath(String path, WireFormat format) {
    return switch (format) {
      case OPENAI_CHAT -> path.endsWith("/chat/completions");
      case ANTHROPIC_MESSAGES -> path.endsWith("/messages");
      case GEMINI -> path.contains(":generateContent") || path.contains(":streamGenerateContent");
    };
  }

  private static JsonObject jsonObjectOrNull(Buffer body) {
    if (body.length() < 2 || body.getByte(0) != '{') {
      return null;
    }
    try {
      return body.toJsonObject();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The path of a request target, without its query string. */
  public static String pathOf(String uri) {
    int q = uri.indexOf('?');
    return q < 0 ? uri : uri.substring(0, q);
  }
}
