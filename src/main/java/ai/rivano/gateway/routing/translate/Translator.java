package ai.rivano.gateway.routing.translate;

import io.vertx.core.json.JsonObject;

/** Converts one client wire format to one upstream wire format and back. Stateless and thread-safe. */
public interface Translator {

  WireFormat clientFormat();

  WireFormat upstreamFormat();

  /** The upstream request body for {@code clientBody}, addressed to {@code targetModel}. */
  JsonObject translateRequest(JsonObject clientBody, String targetModel);

  /**
   * Path to call on the upstream's base URL. {@code clientPath} is what the client called (after
   * the provider prefix was stripped); translators for a different format replace it.
   */
  String upstreamPath(String clientPath, String targetModel, boolean stream);

  /**
   * The client response for an upstream 2xx body. {@code upstreamModel} (the model the gateway
   * asked for) is reported only when the upstream body does not name the model that answered.
   */
  JsonObject translateResponse(JsonObject upstreamBody, String upstreamModel);

  /**
   * A translator for one stream. {@code clientRequest} is the client's original body (it says, for
   * example, whether OpenAI {@code stream_options.include_usage} was asked for).
   */
  StreamTranslator newStreamTranslator(JsonObject clientRequest, String upstreamModel);

  /**
   * The client-format error body for an upstream error. The HTTP status is kept as is by the
   * caller; {@code upstreamError} may be null when the upstream body was not JSON.
   */
  JsonObject translateError(int status, JsonObject upstreamError);
}
