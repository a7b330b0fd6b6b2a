package ai.rivano.gateway.middleware.policy;

import ai.rivano.gateway.middleware.content.TextPart;
import ai.rivano.gateway.middleware.pii.PiiMatch;
import ai.rivano.gateway.middleware.policy.Condition.CountType;
import ai.rivano.gateway.middleware.policy.Policy.Phase;

import java.util.List;

/** What conditions read, the same way for both phases. {@code matches.get(i)} belongs to {@code parts.get(i)}. */
record Scope(Phase phase, String model, Double injectionScore, List<TextPart> parts, List<List<PiiMatch>> matches,
             Long inputTokens, Long outputTokens) {

  List<PiiMatch> matches(int part) {
    if (part >= matches.size()) {
      return List.of();
    }
    List<PiiMatch> found = matches.get(part);
    return found == null ? List.of() : found;
  }

  /** Null when unknown (output tokens in the request phase, usage a provider did not report). */
  Long tokens(CountType type) {
    return switch (type) {
      case INPUT -> inputTokens;
      case OUTPUT -> outputTokens;
      case TOTAL -> inputTokens == null && outputTokens == null ? null
          : (inputTokens == null ? 0 : inputTokens) + (outputTokens == null ? 0 : outputTokens);
    };
  }
}
