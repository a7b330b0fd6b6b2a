package ai.rivano.gateway.middleware.pii;

import ai.rivano.gateway.middleware.content.ResponseTexts;
import ai.rivano.gateway.pipeline.RequestContext;
import ai.rivano.gateway.pipeline.ResponseStep;
import io.vertx.core.json.JsonObject;


/**
 * Step 6 for a whole JSON answer: the PII detector over the answer's texts. It tags the request and hands the matches
 * to the response policies (step 7), which redact or block. (Streams: {@code StreamGuardStep}, which must hold text
 * back across event boundaries and so does detection and policies in one filter.)
 */
public final class ResponsePiiStep implements ResponseStep {

  private final PiiDetector detector;

  public ResponsePiiStep(PiiDetector detector) {
    this.detector = detector;
  }

  @Override
  public String id() {
    return "response-pii";
  }

  @Override
  public boolean onResponse(RequestContext ctx, JsonObject answer, Verdicts verdicts) {
    ResponseTexts texts = ctx.answerTexts(answer);
    ctx.answerMatches(detector.detectAll(texts.parts(), ctx.piiDetected()));
    return false;
  }
}
