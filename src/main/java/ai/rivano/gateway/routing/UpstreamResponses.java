package ai.rivano.gateway.routing;

import ai.rivano.gateway.routing.translate.ErrorMapping;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;

/** How an upstream answer is classified before it is relayed. */
final class UpstreamResponses {

  private UpstreamResponses() {
  }

  static boolean isEventStream(HttpClientResponse response) {
    String type = response.getHeader(HttpHeaders.CONTENT_TYPE);
    return type != null && type.startsWith("text/event-stream");
  }

  /** A body we could not read event by event; relayed as bytes (rare: streams are requested uncompressed). */
  static boolean isCompressed(HttpClientResponse response) {
    String encoding = response.getHeader(HttpHeaders.CONTENT_ENCODING);
    return encoding != null && !encoding.isBlank() && !"identity".equalsIgnoreCase(encoding.trim());
  }

  static boolean isJson(HttpClientResponse response) {
    String type = response.getHeader(HttpHeaders.CONTENT_TYPE);
    return type != null && type.contains("json");
  }

  static boolean isContextLengthError(Buffer body) {
    JsonObject json = jsonOrNull(body);
    return json != null && ErrorMapping.CONTEXT_LENGTH_EXCEEDED.equals(ErrorMapping.UpstreamError.parse(400, json).kind());
  }

  static JsonObject jsonOrNull(Buffer body) {
    try {
      return body == null || body.length() == 0 ? null : body.toJsonObject();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
