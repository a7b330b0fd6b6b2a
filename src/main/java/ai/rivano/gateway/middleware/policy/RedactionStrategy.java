package ai.rivano.gateway.middleware.policy;

import java.util.Locale;

/** How a {@code redact} policy rewrites what it matched (SPEC §7). */
public enum RedactionStrategy {
  /** The value becomes {@value Redactor#MASK}. */
  MASK,
  /** Enough of the value stays to recognise it, the rest is starred: {@code j***@example.com} (see {@link PartialMask}). */
  PARTIAL,
  /** A per-request token such as {@code PII_EMAIL_a1b2c3}, put back in the response (see {@link TokenVault}). */
  TOKENIZE,
  /** The whole message holding the value is removed from the request. */
  DROP;

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
