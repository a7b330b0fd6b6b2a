package ai.rivano.gateway.testing;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

/** A plain HTTP client for tests (Vert.x's, so any header can be sent), blocking on the test thread. */
public final class Http {

  /** A complete response. */
  public record Response(int status, MultiMap headers, Buffer body) {
    public JsonObject json() {
      return body.toJsonObject();
    }

    public String header(String name) {
      return headers.get(name);
    }

    public String text() {
      return body.toString();
    }
  }

  private final HttpClient client;
  private final io.vertx.core.Context context;

  /**
   * Every call runs on one event-loop context of its own. Driving a Vert.x 5 client straight from the test
   * thread gives each call a fresh context; with pooled keep-alive connections that intermittently lost a
   * response's end (about one run in two of 100 sequential requests hung), so the client is never used that way.
   */
  public Http(Vertx vertx) {
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true));
    this.context = vertx.getOrCreateContext();
  }

  /** Runs {@code work} on this client's context and waits for its result (bounded). */
  public <T> T call(java.util.function.Supplier<io.vertx.core.Future<T>> work) {
    io.vertx.core.Promise<T> promise = io.vertx.core.Promise.promise();
    context.runOnContext(v -> work.get().onComplete(promise));
    return Futures.await(promise.future());
  }

  public Response send(HttpMethod method, String url, MultiMap headers, Buffer body) {
    RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(url)
        .setHeaders(headers == null ? MultiMap.caseInsensitiveMultiMap() : headers);
    return call(() -> client.request(options)
        .compose(request -> body == null ? request.send() : request.send(body))
        .compose(response -> response.body().map(b -> new Response(response.statusCode(), response.headers(), b))));
  }

  public Response get(String url) {
    return send(HttpMethod.GET, url, null, null);
  }

  public Response postJson(String url, JsonObject body, MultiMap headers) {
    MultiMap h = headers == null ? MultiMap.caseInsensitiveMultiMap() : headers;
    h.set("content-type", "application/json");
    return send(HttpMethod.POST, url, h, body.toBuffer());
  }

  public Response postJson(String url, JsonObject body) {
    return postJson(url, body, null);
  }

  /**
   * A streamed response read as it arrives: the bytes received, whether the connection broke before the
   * response ended, and when the head and the end came (ms after the request was sent).
   */
  public record Streamed(int status, MultiMap headers, String body, boolean broken, long headMs, long endMs) {
    public String header(String name) {
      return headers.get(name);
    }
  }

  /** POSTs {@code body} and reads the (SSE) answer chunk by chunk; handlers are set on the event loop, no race. */
  public Streamed stream(String url, JsonObject body, MultiMap headers) {
    MultiMap h = headers == null ? MultiMap.caseInsensitiveMultiMap() : headers;
    h.set("content-type", "application/json");
    long start = System.nanoTime();
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url).setHeaders(h);
    return call(() -> client.request(options)
        .compose(request -> request.send(body.toBuffer()))
        .compose(response -> {
          long headMs = (System.nanoTime() - start) / 1_000_000;
          io.vertx.core.Promise<Streamed> done = io.vertx.core.Promise.promise();
          Buffer received = Buffer.buffer();
          response.handler(received::appendBuffer);
          response.exceptionHandler(err -> done.tryComplete(new Streamed(response.statusCode(), response.headers(),
              received.toString(), true, headMs, (System.nanoTime() - start) / 1_000_000)));
          response.endHandler(v -> done.tryComplete(new Streamed(response.statusCode(), response.headers(),
              received.toString(), false, headMs, (System.nanoTime() - start) / 1_000_000)));
          return done.future();
        }));
  }

  public HttpClient raw() {
    return client;
  }

  public static MultiMap headers(String... namesAndValues) {
    MultiMap map = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      map.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return map;
  }

  public static JsonObject chatRequest(String model, String text) {
    return new JsonObject().put("model", model).put("messages",
        new io.vertx.core.json.JsonArray().add(new JsonObject().put("role", "user").put("content", text)));
  }
}
