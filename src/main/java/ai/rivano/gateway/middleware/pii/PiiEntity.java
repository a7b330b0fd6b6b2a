package ai.rivano.gateway.middleware.pii;

import java.util.Arrays;
import java.util.Optional;

/**
 * The PII entity types of SPEC §6, named as {@code rivano.yaml} and the audit record name them
 * ({@code pii_detected: [ssn, email]}).
 */
public enum PiiEntity {
  SSN("ssn"),
  EMAIL("email"),
  PHONE("phone"),
  CREDIT_CARD("credit_card"),
  IP_ADDRESS("ip_address"),
  PASSPORT("passport"),
  NAME("name"),
  ADDRESS("address");

  private final String configName;

  PiiEntity(String configName) {
    this.configName = configName;
  }

  /** The name used in config, policies, the audit record and tokens ({@code PII_EMAIL_…} uses {@link #name()}). */
  public String configName() {
    return configName;
  }

  public static Optional<PiiEntity> byConfigName(String name) {
    return Arrays.stream(values()).filter(e -> e.configName.equals(name)).findFirst();
  }
}
