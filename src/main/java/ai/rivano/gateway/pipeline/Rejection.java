package ai.rivano.gateway.pipeline;

import ai.rivano.gateway.audit.AuditRecord.Decision;
import ai.rivano.gateway.errors.GatewayError;

/** A step's refusal: the gateway answers with {@code error} itself and the request goes no further. */
public record Rejection(GatewayError error, String message, Decision decision) {

  public static Rejection blocked(String message) {
    return new Rejection(GatewayError.POLICY_VIOLATION, message, Decision.BLOCKED);
  }
}
