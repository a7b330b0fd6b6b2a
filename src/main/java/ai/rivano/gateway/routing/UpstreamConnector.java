package ai.rivano.gateway.routing;

import ai.rivano.gateway.config.ProviderConfig;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import javax.net.ssl.SSLException;

/**
 * The endpoint connector: sends one request to one provider and hands back its response head, or an
 * {@link UpstreamFailure}. It owns the "response headers within {@code timeoutMs}" clock. The response body is
 * not read here, so the caller can relay it with back-pressure.
 */
public final class UpstreamConnector {

  /** Connecting is bounded separately so an unroutable host fails fast, as 502, not as a 504 after timeoutMs. */
  private static final long MAX_CONNECT_TIMEOUT_MS = 10_000;

  private final Vertx vertx;
  private final HttpClient client;
  /** Parsed base URLs; one connector per event loop, so a plain map. */
  private final java.util.Map<String, UpstreamUrl> baseUrls = new java.util.HashMap<>();

  public UpstreamConnector(Vertx vertx, HttpClient client) {
    this.vertx = vertx;
    this.client = client;
  }

  /** One attempt in flight; {@link #cancel()} resets it (the client went away, or another attempt won). */
  public static final class Attempt {
    private final Promise<HttpClientResponse> head = Promise.promise();
    private volatile HttpClientRequest request;
    private volatile boolean cancelled;

    public Future<HttpClientResponse> response() {
      return head.future();
    }

    public void cancel() {
      cancelled = true;
      head.tryFail(new UpstreamFailure(UpstreamFailure.Kind.RESET, "", "cancelled"));
      HttpClientRequest r = request;
      if (r != null) {
        r.reset();
      }
    }

    boolean cancelled() {
      return cancelled;
    }
  }

  /** @param traceparent this attempt's W3C trace header (the request's trace, a new span), or null */
  public Attempt send(ProviderConfig provider, HttpMethod method, String forwardUri, MultiMap clientHeaders, Buffer body,
                      String traceparent) {
    Attempt attempt = new Attempt();
    UpstreamUrl base = baseUrls.computeIfAbsent(provider.name(), n -> UpstreamUrl.of(provider.effectiveBaseUrl()));
    RequestOptions options = new RequestOptions()
        .setMethod(method)
        .setHost(base.host())
        .setPort(base.port())
        .setSsl(base.ssl())
        .setURI(base.pathFor(forwardUri))
        .setHeaders(UpstreamHeaders.forUpstream(clientHeaders, provider, traceparent))
        .setConnectTimeout(Math.min(provider.timeoutMs(), MAX_CONNECT_TIMEOUT_MS));
    long timer = vertx.setTimer(provider.timeoutMs(), id -> {
      if (attempt.head.tryFail(new UpstreamFailure(UpstreamFailure.Kind.TIMEOUT, provider.name(),
          "no response from " + provider.name() + " within " + provider.timeoutMs() + " ms"))) {
        HttpClientRequest r = attempt.request;
        if (r != null) {
          r.reset();
        }
      }
    });
    client.request(options)
        .compose(request -> {
          attempt.request = request;
          if (attempt.head.future().isComplete()) {
            request.reset();
            return Future.failedFuture("abandoned");
          }
          return body.length() == 0 && !method.equals(HttpMethod.POST) ? request.send() : request.send(body);
        })
        .onComplete(result -> {
          vertx.cancelTimer(timer);
          if (result.succeeded()) {
            if (!attempt.head.tryComplete(result.result())) {
              result.result().request().reset();
            }
          } else {
            attempt.head.tryFail(classify(result.cause(), provider));
          }
        });
    return attempt;
  }

  private static UpstreamFailure classify(Throwable cause, ProviderConfig provider) {
    if (cause instanceof UpstreamFailure f) {
      return f;
    }
    String name = provider.name();
    if (cause instanceof ConnectException || cause instanceof UnknownHostException || cause instanceof SSLException
        || cause instanceof io.netty.channel.ConnectTimeoutException) {
      return new UpstreamFailure(UpstreamFailure.Kind.UNREACHABLE, name, "cannot connect to " + name);
    }
    // Connected, then the connection went: closed (FIN), or reset (RST, "Connection reset by peer" from the JDK and
    // the epoll transport alike). Not "cannot reach": the provider was reached and dropped the request.
    String message = String.valueOf(cause.getMessage()).toLowerCase(java.util.Locale.ROOT);
    if (cause instanceof ClosedChannelException || cause instanceof io.vertx.core.http.StreamResetException
        || message.contains("closed") || message.contains("connection reset")) {
      return new UpstreamFailure(UpstreamFailure.Kind.RESET, name, name + " closed the connection before answering");
    }
    return new UpstreamFailure(UpstreamFailure.Kind.UNREACHABLE, name, "cannot reach " + name);
  }
}
