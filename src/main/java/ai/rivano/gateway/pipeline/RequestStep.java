package ai.rivano.gateway.pipeline;

/**
 * One step of the request phase (rate limit, PII detection, injection scoring, request policies). Runs inline on
 * the event loop; it reads and annotates the {@link RequestContext} (and may rewrite the body), then lets the
 * request continue ({@code null}) or answers it itself with a {@link Rejection}.
 */
public interface RequestStep {

  /** A short stable name, for logs and metrics. */
  String id();

  Rejection onRequest(RequestContext ctx);
}
