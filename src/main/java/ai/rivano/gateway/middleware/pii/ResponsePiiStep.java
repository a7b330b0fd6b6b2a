package ai.rivano.gateway.middleware.pii;

import ai.rivano.gateway.middleware.content.ResponseTexts;
import ai.rivano.gateway.middleware.content.TextPart;
import ai.rivano.gateway.pipeline.RequestContext;
import ai.rivano.gateway.pipeline.ResponseStep;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

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
    List<TextPart> parts = texts.parts();
    List<List<PiiMatch>> matches = new ArrayList<>(parts.size());
    for (TextPart part : parts) {
      List<PiiMatch> found = detector.detect(part.text());
      for (PiiMatch match : found) {
        ctx.piiDetected().add(match.entity());
      }
      matches.add(found);
    }
    ctx.answerMatches(matches);
    return false;
  }
}
