package ai.rivano.gateway.middleware.injection;

import java.util.List;

/**
 * The injection score of a request, in [0, 1], and the pattern families that contributed (strongest first,
 * names as in docs/guardrails.md: {@code role_override}, {@code delimiter}, {@code exfiltration},
 * {@code tool_instructions}, {@code jailbreak}).
 */
public record InjectionScore(double score, List<String> families) {

  /** SPEC §6 bands. */
  public enum Band {
    /** score < 0.3 */
    PASS,
    /** 0.3 ≤ score < 0.7: passes with {@code X-Rivano-Warning} */
    WARN,
    /** score ≥ 0.7: blocked (403) by default */
    BLOCK
  }

  public static final double WARN_FROM = 0.3;
  public static final double BLOCK_FROM = 0.7;
  public static final InjectionScore NONE = new InjectionScore(0, List.of());

  public InjectionScore {
    families = List.copyOf(families);
  }

  public Band band() {
    return score >= BLOCK_FROM ? Band.BLOCK : score >= WARN_FROM ? Band.WARN : Band.PASS;
  }
}
