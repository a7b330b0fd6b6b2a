package ai.rivano.gateway.pipeline;

import io.vertx.core.json.JsonObject;

/**
 * One step of the response phase for a whole (non-stream) JSON answer, already in the client's dialect: usage
 * accounting, response PII, response policies, token restoration. It may rewrite {@code answer} in place, and may
 * block it ({@link Rejection}: the provider's answer is discarded and the client gets a 403).
 */
public interface ResponseStep {

  String id();

  /** @return true when it changed {@code answer} (so its bytes must be re-encoded) */
  boolean onResponse(RequestContext ctx, JsonObject answer, Verdicts verdicts);

  /** Where a response step records a block; the first one wins. */
  final class Verdicts {
    private Rejection block;

    public void block(Rejection rejection) {
      if (block == null) {
        block = rejection;
      }
    }

    public Rejection block() {
      return block;
    }
  }
}
