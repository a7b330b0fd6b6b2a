package ai.rivano.gateway.middleware.policy;

import ai.rivano.gateway.middleware.content.TextPart;
import ai.rivano.gateway.middleware.content.TextRole;
import ai.rivano.gateway.middleware.pii.PiiEntity;
import ai.rivano.gateway.middleware.pii.PiiMatch;
import ai.rivano.gateway.middleware.policy.Condition.ContentPattern;
import ai.rivano.gateway.middleware.policy.Condition.Field;
import ai.rivano.gateway.middleware.policy.Condition.InjectionScore;
import ai.rivano.gateway.middleware.policy.Condition.ModelName;
import ai.rivano.gateway.middleware.policy.Condition.PiiDetected;
import ai.rivano.gateway.middleware.policy.Condition.TokenCount;
import ai.rivano.gateway.middleware.policy.Policy.Phase;
import com.google.re2j.Matcher;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Evaluates conditions. A reason says why a condition holds in words safe for a 403 body, a warning header and
 * an audit record: entity types, counts, the model name; never the matched text or a PII value.
 */
final class ConditionChecks {

  /** A text range a redact policy rewrites; {@code entity} is null for a {@code content_pattern} match. */
  record Span(int part, int start, int end, PiiEntity entity) {}

  /**
   * A pattern matching everywhere (a digit class over a huge number) must not turn into millions of spans: past
   * this many in one text, the rest of that text is redacted as one span.
   */
  static final int MAX_SPANS_PER_PART = 10_000;

  private ConditionChecks() {}

  /** Why {@code condition} holds, or null when it does not. */
  static String check(Condition condition, Scope scope) {
    if (condition instanceof InjectionScore c) {
      Double score = scope.injectionScore();
      return score != null && score >= c.threshold()
          ? String.format(Locale.ROOT, "injection score %.2f >= %s", score, PolicyRules.format(c.threshold())) : null;
    }
    if (condition instanceof PiiDetected c) {
      Set<PiiEntity> found = EnumSet.noneOf(PiiEntity.class);
      for (int i = 0; i < scope.parts().size(); i++) {
        for (PiiMatch m : scope.matches(i)) {
          if (c.covers(m.entity())) {
            found.add(m.entity());
          }
        }
      }
      return found.isEmpty() ? null
          : "PII detected (" + String.join(", ", found.stream().map(PiiEntity::configName).toList()) + ")";
    }
    if (condition instanceof TokenCount c) {
      Long count = scope.tokens(c.countType());
      if (count == null || count < c.threshold()) {
        return null;
      }
      String estimated = scope.phase() == Phase.REQUEST ? "estimated " : "";
      return estimated + c.countType().configName() + " tokens " + count + " >= " + PolicyRules.format(c.threshold());
    }
    if (condition instanceof ModelName c) {
      String glob = c.match(scope.model());
      return glob == null ? null : "model " + printable(scope.model()) + " matches " + printable(glob);
    }
    ContentPattern c = (ContentPattern) condition;
    for (TextPart part : scope.parts()) {
      if (selects(c.field(), part) && c.compiled().matcher(part.text()).find()) {
        return switch (c.field()) {
          case SYSTEM -> "the system prompt matches the content pattern";
          case RESPONSE -> "the response matches the content pattern";
          case MESSAGES -> "a message matches the content pattern";
        };
      }
    }
    return null;
  }

  /** The ranges a redact policy with {@code condition} rewrites (only pii_detected and content_pattern redact). */
  static List<Span> spans(Condition condition, Scope scope) {
    List<Span> spans = new ArrayList<>();
    if (condition instanceof PiiDetected c) {
      for (int i = 0; i < scope.parts().size(); i++) {
        for (PiiMatch m : scope.matches(i)) {
          if (c.covers(m.entity())) {
            spans.add(new Span(i, m.start(), m.end(), m.entity()));
          }
        }
      }
    } else if (condition instanceof ContentPattern c) {
      for (int i = 0; i < scope.parts().size(); i++) {
        if (selects(c.field(), scope.parts().get(i))) {
          patternSpans(c, i, scope.parts().get(i).text(), spans);
        }
      }
    }
    return spans;
  }

  private static void patternSpans(ContentPattern c, int part, String text, List<Span> spans) {
    Matcher m = c.compiled().matcher(text);
    int count = 0;
    while (m.find()) {
      if (m.end() == m.start()) {
        continue; // an empty match has nothing to rewrite
      }
      if (++count > MAX_SPANS_PER_PART) {
        spans.add(new Span(part, m.start(), text.length(), null));
        return;
      }
      spans.add(new Span(part, m.start(), m.end(), null));
    }
  }

  /** The messages (see {@link TextPart#message()}) a {@code drop} removes: those holding a match. */
  static Set<Integer> messagesHit(Condition condition, Scope scope) {
    Set<Integer> messages = new TreeSet<>();
    if (condition instanceof PiiDetected c) {
      for (int i = 0; i < scope.parts().size(); i++) {
        if (scope.matches(i).stream().anyMatch(m -> c.covers(m.entity()))) {
          messages.add(scope.parts().get(i).message());
        }
      }
    } else if (condition instanceof ContentPattern c) {
      for (TextPart part : scope.parts()) {
        if (selects(c.field(), part) && c.compiled().matcher(part.text()).find()) {
          messages.add(part.message());
        }
      }
    }
    return messages;
  }

  private static boolean selects(Field field, TextPart part) {
    return field != Field.SYSTEM || part.role() == TextRole.SYSTEM;
  }

  /** A client-supplied string made safe for a header and a log line: printable ASCII, bounded. */
  static String printable(String text) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), 100));
    for (int i = 0; i < text.length() && i < 100; i++) {
      char ch = text.charAt(i);
      out.append(ch >= 0x20 && ch < 0x7f ? ch : '?');
    }
    return text.length() > 100 ? out.append("...").toString() : out.toString();
  }
}
