package ai.rivano.gateway.errors;

import ai.rivano.gateway.routing.UpstreamFailure;
import ai.rivano.gateway.routing.translate.WireFormat;
import io.vertx.core.json.JsonObject;

/**
 * Every error the gateway produces itself, mapped to a status code and to the error shapes SDKs understand, in
 * one place. OpenAI shape: {@code {"error":{"message","type","code"}}}; Anthropic-format requests get
 * {@code {"type":"error","error":{"type","message"}}}.
 */
public enum GatewayError {
  INVALID_REQUEST(400, "invalid_request_error", "invalid_request", "invalid_request_error"),
  NOT_FOUND(404, "invalid_request_error", "not_found", "not_found_error"),
  POLICY_VIOLATION(403, "policy_violation", "policy_violation", "permission_error"),
  REQUEST_TIMEOUT(408, "invalid_request_error", "request_timeout", "invalid_request_error"),
  REQUEST_TOO_LARGE(413, "invalid_request_error", "request_too_large", "request_too_large"),
  RATE_LIMITED(429, "rate_limit_exceeded", "rate_limit_exceeded", "rate_limit_error"),
  INTERNAL_ERROR(500, "server_error", "internal_error", "api_error"),
  UPSTREAM_UNREACHABLE(502, "upstream_error", "upstream_unreachable", "api_error"),
  NO_PROVIDER_AVAILABLE(503, "service_unavailable", "no_provider_available", "overloaded_error"),
  /** This node is at a limit of its own (buffer budget, connection cap); another node or a retry may serve it. */
  OVERLOADED(503, "service_unavailable", "overloaded", "overloaded_error"),
  UPSTREAM_TIMEOUT(504, "upstream_error", "upstream_timeout", "api_error");

  private final int status;
  private final String openAiType;
  private final String code;
  private final String anthropicType;

  GatewayError(int status, String openAiType, String code, String anthropicType) {
    this.status = status;
    this.openAiType = openAiType;
    this.code = code;
    this.anthropicType = anthropicType;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public JsonObject body(WireFormat format, String message) {
    if (format == WireFormat.ANTHROPIC_MESSAGES) {
      return new JsonObject().put("type", "error")
          .put("error", new JsonObject().put("type", anthropicType).put("message", message));
    }
    return new JsonObject().put("error",
        new JsonObject().put("message", message).put("type", openAiType).put("code", code));
  }

  public static GatewayError of(UpstreamFailure failure) {
    return switch (failure.kind()) {
      case TIMEOUT -> UPSTREAM_TIMEOUT;
      case UNREACHABLE, RESET -> UPSTREAM_UNREACHABLE;
    };
  }
}
