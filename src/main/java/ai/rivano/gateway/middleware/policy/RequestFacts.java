package ai.rivano.gateway.middleware.policy;

import ai.rivano.gateway.middleware.content.RequestTexts;
import ai.rivano.gateway.middleware.pii.PiiMatch;

import java.util.List;

/**
 * What the request-phase policies read.
 *
 * @param agent                the {@code X-Rivano-Agent} header, or null
 * @param model                the model the client asked for, or null
 * @param injectionScore       the injection scorer's score, or null when it did not run
 *                             ({@code middleware.injection: false}); a score also switches on the implicit
 *                             injection policies when the set has no {@code injection_score} policy of its own
 * @param texts                the request's texts (their {@code drop} closure decides what a drop removes)
 * @param matches              PII found in each text, {@code matches.get(i)} for {@code texts.parts().get(i)};
 *                             an empty list when PII detection is off
 * @param estimatedInputTokens what {@code token_count} compares in the request phase
 */
public record RequestFacts(String agent, String model, Double injectionScore, RequestTexts texts,
                           List<List<PiiMatch>> matches, long estimatedInputTokens) {

  public RequestFacts {
    if (texts == null) {
      throw new IllegalArgumentException("texts must not be null");
    }
    matches = matches == null ? List.of() : matches;
  }

  /** With the token estimate from the texts themselves ({@link RequestTexts#estimatedTokens()}). */
  public static RequestFacts of(String agent, String model, Double injectionScore, RequestTexts texts,
                                List<List<PiiMatch>> matches) {
    return new RequestFacts(agent, model, injectionScore, texts, matches, texts.estimatedTokens());
  }

  Scope scope() {
    return new Scope(Policy.Phase.REQUEST, model, injectionScore, texts.parts(), matches, estimatedInputTokens, null);
  }
}
