package ai.rivano.gateway.middleware.policy;

import ai.rivano.gateway.middleware.content.TextPart;
import ai.rivano.gateway.middleware.content.TextRole;
import ai.rivano.gateway.middleware.pii.PiiMatch;

import java.util.List;

/**
 * What the response-phase policies read: the answer's texts (a whole response's
 * {@link ai.rivano.gateway.middleware.content.ResponseTexts#parts()}, or the stretch of a stream being released)
 * with the PII found in each, and the token usage when known.
 *
 * @param inputTokens  the provider's count, or null when unknown
 * @param outputTokens the provider's count (on a stream, known at its end), or null when unknown
 */
public record ResponseFacts(String agent, String model, List<TextPart> parts, List<List<PiiMatch>> matches,
                            Long inputTokens, Long outputTokens) {

  public ResponseFacts {
    parts = parts == null ? List.of() : parts;
    matches = matches == null ? List.of() : matches;
  }

  /** One stretch of answer text (a stream window), as part 0. */
  public static ResponseFacts ofText(String agent, String model, String text, List<PiiMatch> matches,
                                     Long inputTokens, Long outputTokens) {
    return new ResponseFacts(agent, model, List.of(new TextPart(0, 0, TextRole.ASSISTANT, text)),
        List.of(matches == null ? List.of() : matches), inputTokens, outputTokens);
  }

  Scope scope() {
    return new Scope(Policy.Phase.RESPONSE, model, null, parts, matches, inputTokens, outputTokens);
  }
}
