package ai.rivano.gateway.middleware.injection;

import ai.rivano.gateway.middleware.content.RequestTexts;
import ai.rivano.gateway.middleware.content.TextPart;
import ai.rivano.gateway.pipeline.Rejection;
import ai.rivano.gateway.pipeline.RequestContext;
import ai.rivano.gateway.pipeline.RequestStep;

import java.util.ArrayList;
import java.util.List;

/**
 * Step 3, the injection scorer, over the whole conversation with each text's role (instructions inside a tool result
 * weigh more than the same words from the user). It only scores; the bands are policies: by default a warning at
 * 0.3 and a block at 0.7 ({@code PolicySet}'s implicit injection policies), replaced by any {@code injection_score}
 * policy the operator configures.
 */
public final class InjectionStep implements RequestStep {

  /**
   * Long texts are scored as overlapping windows of this many characters: the scorer's working memory grows with the
   * text it normalises at once (about ten bytes per character), so a 9 MB body scored whole needed ~100 MB of heap.
   * Windows keep it bounded; the overlap keeps any phrase shorter than {@link #OVERLAP} whole in some window, and the
   * scorer combines evidence across all of them as it does across messages.
   */
  static final int WINDOW = 8 * 1024;
  static final int OVERLAP = 512;

  private final InjectionScorer scorer;

  public InjectionStep(InjectionScorer scorer) {
    this.scorer = scorer;
  }

  @Override
  public String id() {
    return "injection";
  }

  @Override
  public Rejection onRequest(RequestContext ctx) {
    RequestTexts texts = ctx.texts();
    if (texts == null) {
      return null;
    }
    List<ScoredText> scored = new ArrayList<>(texts.parts().size());
    for (TextPart part : texts.parts()) {
      String text = part.text();
      if (text.length() <= WINDOW) {
        scored.add(new ScoredText(part.role(), text));
        continue;
      }
      for (int start = 0; start < text.length(); start += WINDOW - OVERLAP) {
        scored.add(new ScoredText(part.role(), text.substring(start, Math.min(text.length(), start + WINDOW))));
        if (start + WINDOW >= text.length()) {
          break;
        }
      }
    }
    ctx.injectionScore(scorer.score(scored).score());
    return null;
  }
}
