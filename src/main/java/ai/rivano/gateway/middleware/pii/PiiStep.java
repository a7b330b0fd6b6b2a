package ai.rivano.gateway.middleware.pii;

import ai.rivano.gateway.middleware.content.RequestTexts;
import ai.rivano.gateway.pipeline.Rejection;
import ai.rivano.gateway.pipeline.RequestContext;
import ai.rivano.gateway.pipeline.RequestStep;


/**
 * Step 2, the PII detector, over every text of the request (system prompts, messages, tool-call arguments, tool
 * results, in any dialect). Detection alone only tags the request ({@code pii_detected} in the audit record, entity
 * types only) and hands the matches to the policies, which decide what happens to them.
 */
public final class PiiStep implements RequestStep {

  private final PiiDetector detector;

  public PiiStep(PiiDetector detector) {
    this.detector = detector;
  }

  @Override
  public String id() {
    return "pii";
  }

  @Override
  public Rejection onRequest(RequestContext ctx) {
    RequestTexts texts = ctx.texts();
    if (texts == null) {
      return null;
    }
    ctx.requestMatches(detector.detectAll(texts.parts(), ctx.piiDetected()));
    return null;
  }
}
