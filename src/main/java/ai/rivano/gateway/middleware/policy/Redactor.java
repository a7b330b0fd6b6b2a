package ai.rivano.gateway.middleware.policy;

import ai.rivano.gateway.middleware.content.TextPart;
import ai.rivano.gateway.middleware.pii.PiiEntity;
import ai.rivano.gateway.middleware.policy.Verdict.Redaction;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** Rewrites the ranges a verdict names. */
final class Redactor {

  /** What {@code mask} puts in place of a value (SPEC §7). The type is not named: the audit record has it. */
  static final String MASK = "[REDACTED]";

  private Redactor() {}

  /** Applies {@code redactions} to the parts they name and hands each new text to {@code replace}. */
  static void applyAll(List<Redaction> redactions, List<TextPart> parts, BiConsumer<Integer, String> replace,
                       TokenVault vault) {
    Map<Integer, List<Redaction>> byPart = new LinkedHashMap<>();
    for (Redaction r : redactions) {
      byPart.computeIfAbsent(r.part(), p -> new ArrayList<>()).add(r);
    }
    byPart.forEach((part, list) -> {
      if (part >= 0 && part < parts.size()) {
        replace.accept(part, apply(parts.get(part).text(), list, vault));
      }
    });
  }

  /**
   * {@code text} with every range replaced. Overlapping ranges (two policies, or a PII value inside a pattern
   * match) become one range covering both, so nothing of either stays visible; when their strategies or entities
   * differ, the merged range is masked, the one strategy that fits any text.
   */
  static String apply(String text, List<Redaction> redactions, TokenVault vault) {
    List<Redaction> spans = new ArrayList<>(redactions.size());
    for (Redaction r : redactions) {
      if (r.start() >= 0 && r.end() <= text.length() && r.start() < r.end()) {
        spans.add(r);
      }
    }
    if (spans.isEmpty()) {
      return text;
    }
    spans.sort(Comparator.comparingInt(Redaction::start));
    StringBuilder out = new StringBuilder(text.length());
    int copied = 0;
    int i = 0;
    while (i < spans.size()) {
      Redaction first = spans.get(i++);
      int start = first.start();
      int end = first.end();
      PiiEntity entity = first.entity();
      RedactionStrategy strategy = first.strategy();
      while (i < spans.size() && spans.get(i).start() < end) {
        Redaction next = spans.get(i++);
        end = Math.max(end, next.end());
        if (next.strategy() != strategy || next.entity() != entity) {
          strategy = RedactionStrategy.MASK;
        }
      }
      out.append(text, copied, start).append(replacement(strategy, entity, text.substring(start, end), vault));
      copied = end;
    }
    return out.append(text, copied, text.length()).toString();
  }

  private static String replacement(RedactionStrategy strategy, PiiEntity entity, String value, TokenVault vault) {
    return switch (strategy) {
      case MASK, DROP -> MASK;
      case PARTIAL -> PartialMask.of(entity, value);
      case TOKENIZE -> {
        if (vault == null) {
          throw new IllegalArgumentException("tokenize needs the request's TokenVault");
        }
        yield vault.tokenize(entity, value);
      }
    };
  }
}
