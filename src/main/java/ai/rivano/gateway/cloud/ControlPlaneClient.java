package ai.rivano.gateway.cloud;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.codec.BodyCodec;

import java.util.concurrent.TimeUnit;

/**
 * The two calls to the control plane (SPEC §8), over Vert.x Web Client. Every call is bounded twice: the client's
 * own connect/idle timeouts close a silent connection, and a deadline on the whole call fails it even when the
 * answer trickles in. Redirects are not followed: a redirect would carry the bearer key to wherever it points.
 */
final class ControlPlaneClient {

  private static final String USER_AGENT = "rivano-gateway/"
      + java.util.Objects.requireNonNullElse(ControlPlaneClient.class.getPackage().getImplementationVersion(), "dev");

  private final CloudSyncSettings settings;
  private final WebClient client;
  private final long timeoutMs;

  ControlPlaneClient(Vertx vertx, CloudSyncSettings settings) {
    this.settings = settings;
    this.timeoutMs = settings.requestTimeout().toMillis();
    this.client = WebClient.create(vertx, new WebClientOptions()
        .setUserAgent(USER_AGENT)
        .setFollowRedirects(false)
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs))
        .setKeepAlive(true)
        .setDecompressionSupported(true));
  }

  /** {@code GET {baseUrl}{policiesPath}?enabled=true&limit=500}, conditional on {@code etag} when there is one. */
  Future<HttpResponse<Buffer>> policies(String etag) {
    HttpRequest<Buffer> request = authorized(HttpMethod.GET, settings.policiesPath())
        .addQueryParam("enabled", "true")
        .addQueryParam("limit", Integer.toString(CloudSyncSettings.POLICY_LIMIT))
        .putHeader("Accept", "application/json")
        .as(new BoundedBody(settings.maxPolicyBytes()));
    if (etag != null) {
      request.putHeader("If-None-Match", etag);
    }
    return bounded(request.send(), "GET " + settings.policiesPath());
  }

  /** {@code POST {baseUrl}{ingestPath}} with a batch, within {@code budgetMs} at most; the answer's body is not read. */
  Future<HttpResponse<Void>> ingest(JsonObject batch, long budgetMs) {
    HttpRequest<Void> request = authorized(HttpMethod.POST, settings.ingestPath()).as(BodyCodec.none());
    return bounded(request.sendJsonObject(batch), "POST " + settings.ingestPath(), Math.min(timeoutMs, budgetMs));
  }

  private HttpRequest<Buffer> authorized(HttpMethod method, String path) {
    return client.requestAbs(method, settings.url(path))
        .bearerTokenAuthentication(settings.apiKey())
        .timeout(timeoutMs);
  }

  private <T> Future<T> bounded(Future<T> call, String what) {
    return bounded(call, what, timeoutMs);
  }

  private <T> Future<T> bounded(Future<T> call, String what, long ms) {
    return call.timeout(Math.max(1, ms), TimeUnit.MILLISECONDS)
        .recover(failure -> Future.failedFuture(new CallFailed(describe(failure, what, ms),
            failure instanceof BoundedBody.TooLarge)));
  }

  /** A call without a usable answer, in one line; {@code badAnswer} when one came but could not be taken. */
  static final class CallFailed extends RuntimeException {
    final boolean badAnswer;

    CallFailed(String message, boolean badAnswer) {
      super(message, null, false, false);
      this.badAnswer = badAnswer;
    }
  }

  /** One line for logs and status; never the key (it is only ever in a header, never in a message). */
  private static String describe(Throwable failure, String what, long ms) {
    if (failure instanceof java.util.concurrent.TimeoutException) {
      return what + " timed out after " + ms + " ms";
    }
    String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    return what + " failed: " + message;
  }

  void close() {
    client.close();
  }
}
