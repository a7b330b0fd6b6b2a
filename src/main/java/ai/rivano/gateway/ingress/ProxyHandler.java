package ai.rivano.gateway.ingress;

import ai.rivano.gateway.errors.GatewayError;
import ai.rivano.gateway.middleware.policy.PolicyStore;
import ai.rivano.gateway.node.NodeState;
import ai.rivano.gateway.pipeline.ClientExit;
import ai.rivano.gateway.pipeline.GuardrailChain;
import ai.rivano.gateway.pipeline.Rejection;
import ai.rivano.gateway.pipeline.RequestBody;
import ai.rivano.gateway.pipeline.RequestContext;
import ai.rivano.gateway.routing.ProviderResolver;
import ai.rivano.gateway.routing.ProviderResolver.Resolution;
import ai.rivano.gateway.routing.RequestRouter;
import ai.rivano.gateway.routing.translate.WireFormat;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * The proxy entrypoint: turns an HTTP request into a {@link RequestContext} with its {@link ClientExit}, and walks
 * it through the pipeline — admission (rate limit), the body (read once, parsed once), inspection (PII, injection,
 * request policies), then routing to a provider. A step that refuses answers through the exit and the walk stops.
 * Everything runs inline on the event loop that accepted the connection.
 */
final class ProxyHandler {

  private final NodeState node;
  private final ProviderResolver resolver;
  private final ClientAddress clientAddress;
  private final GuardrailChain chain;
  private final PolicyStore policies;
  private final ClientExit.Finisher finisher;
  private final RequestRouter router;
  private final String defaultProvider;
  private final RequestBodyReader bodyReader;
  private final io.vertx.core.WorkerExecutor largeInspections;
  private final long sendTimeoutMs;
  private final ai.rivano.gateway.observability.tracing.Tracing tracing;

  ProxyHandler(io.vertx.core.Vertx vertx, NodeState node, RequestRouter router) {
    // shared by name: every ingress instance gets the same single thread; closed with the last instance
    this.largeInspections = vertx.createSharedWorkerExecutor(LARGE_INSPECTION_POOL, 1);
    this.node = node;
    this.resolver = new ProviderResolver(node.config());
    this.clientAddress = new ClientAddress(node.config().trustedProxies());
    this.chain = node.guardrails();
    this.policies = node.policies();
    this.finisher = node.finisher();
    this.router = router;
    this.defaultProvider = node.config().defaultProvider().name();
    this.bodyReader = new RequestBodyReader(vertx, node);
    this.sendTimeoutMs = node.config().limits().sendTimeoutMs();
    this.tracing = node.tracing();
  }

  void handle(HttpServerRequest request) {
    Resolution resolution = resolver.resolve(request.getHeader(ProviderResolver.PROVIDER_HEADER), request.uri());
    RequestContext ctx = new RequestContext(request,
        resolution.ok() ? resolution.provider().name() : defaultProvider, policies.current(), tracing);
    ctx.clientFormat(WireFormat.ofClientPath(RequestRouter.pathOf(resolution.forwardPath())));
    ctx.clientIp(clientAddress.of(request));
    ClientExit exit = new ClientExit(ctx, chain, finisher, node.liveStreams(), sendTimeoutMs);
    if (node.draining()) {
      exit.header(HttpHeaders.CONNECTION, "close");
    }
    Rejection refused = chain.admit(ctx);
    if (refused != null) {
      exit.reject(refused);
      return;
    }
    if (!resolution.ok()) {
      exit.fail(GatewayError.INVALID_REQUEST, resolution.error());
      return;
    }
    bodyReader.read(ctx).onSuccess(body -> inspect(ctx, resolution, body));
  }

  /**
   * A chat request must be a JSON object whose fields have the dialect's types: a provider in another dialect (or
   * echo) would otherwise get a coerced or half-translated request, and an unexpected type could fail deep in a
   * translator with nobody left to answer.
   */
  private static String chatShapeProblem(RequestContext ctx, String path, Buffer body, JsonObject json) {
    if (!RequestRouter.isChatPath(path, ctx.clientFormat()) || ctx.request().method() != io.vertx.core.http.HttpMethod.POST) {
      return null;
    }
    if (json == null) {
      return body.length() == 0 ? "a chat request needs a JSON object body; the body is empty"
          : "a chat request needs a JSON object body";
    }
    return ai.rivano.gateway.routing.RequestShape.problem(ctx.clientFormat(), json);
  }

  /** The body is in: parse it once, run the request-phase guardrails, then hand over to routing. */
  private void inspect(RequestContext ctx, Resolution resolution, Buffer body) {
    String path = RequestRouter.pathOf(resolution.forwardPath());
    RequestBody.Parsed parsed = RequestBody.parse(body, ctx.request().getHeader(HttpHeaders.CONTENT_TYPE));
    if (!parsed.ok()) {
      ctx.exit().fail(GatewayError.INVALID_REQUEST, parsed.error());
      return;
    }
    JsonObject json = parsed.json();
    String shapeProblem = chatShapeProblem(ctx, path, body, json);
    if (shapeProblem != null) {
      ctx.exit().fail(GatewayError.INVALID_REQUEST, shapeProblem);
      return;
    }
    boolean stream = ctx.clientFormat() == WireFormat.GEMINI ? path.contains(":streamGenerateContent")
        : json != null && Boolean.TRUE.equals(json.getValue("stream"));
    String model = json != null && json.getValue("model") instanceof String m ? m : null;
    ctx.asked(resolution.provider(), resolution.forwardPath(), path, body, json, stream, model);
    if (body.length() <= INLINE_INSPECTION_BYTES) {
      proceed(ctx, chain.inspect(ctx));
      return;
    }
    // A large body takes the guardrails milliseconds to seconds to read: never on the event loop, which serves
    // every other connection of this instance meanwhile. The steps only touch the request's own context. One at a
    // time, node-wide: the injection normaliser's working memory is about twelve bytes per character, outside the
    // buffer budget, and seven 9 MB bodies inspected at once could exhaust a 256 MB heap (BufferBudgetIT).
    largeInspections.executeBlocking(() -> java.util.Optional.ofNullable(chain.inspect(ctx)), false)
        .onSuccess(refused -> proceed(ctx, refused.orElse(null)))
        .onFailure(bug -> ctx.exit().fail(GatewayError.INTERNAL_ERROR,
            "the gateway failed while inspecting the request (" + bug.getClass().getSimpleName() + ")"));
  }

  /** After inspection: refused, answered from the cache, or routed to a provider. */
  private void proceed(RequestContext ctx, Rejection refused) {
    if (refused != null) {
      ctx.exit().reject(refused);
      return;
    }
    if (node.cache() != null && node.cache().serve(ctx)) {
      return;
    }
    router.route(ctx);
  }

  /** Bodies up to this size are inspected inline (microseconds); larger ones on a worker thread. */
  static final int INLINE_INSPECTION_BYTES = 64 * 1024;

  /** The one worker thread, shared by every ingress instance of the node, that inspects large bodies in turn. */
  static final String LARGE_INSPECTION_POOL = "rivano-large-inspection";

}
