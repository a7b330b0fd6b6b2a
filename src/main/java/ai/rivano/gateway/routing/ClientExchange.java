package ai.rivano.gateway.routing;

import ai.rivano.gateway.errors.GatewayError;
import ai.rivano.gateway.routing.translate.WireFormat;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/** The client side of one proxied request, as the entrypoint hands it to routing. */
public interface ClientExchange {

  HttpServerRequest request();

  HttpServerResponse response();

  /** The dialect the client speaks (decides error shapes and translation). */
  WireFormat clientFormat();

  /** Names the provider that is answering, for {@code X-Rivano-Provider}; call before the head is written. */
  void servedBy(String provider);

  /** Answers with a gateway-made error in the client's format (or cuts the connection if the head is out). */
  void fail(GatewayError error, String message);

  /** Counts the request once it is over, for {@code status}. */
  void completed(boolean success);
}
