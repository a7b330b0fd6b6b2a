package ai.rivano.gateway.routing;

/**
 * Why an upstream attempt produced no response. Carries no stack trace: these are expected outcomes, mapped to
 * status codes in one place ({@code ingress.GatewayError}), and the message never contains credentials.
 */
public final class UpstreamFailure extends RuntimeException {

  public enum Kind {
    /** Connection refused, DNS failure, TLS failure or connect timeout: nothing reached the provider. */
    UNREACHABLE,
    /** The connection was reset or closed before response headers arrived. */
    RESET,
    /** No response headers within the provider's {@code timeoutMs}. */
    TIMEOUT
  }

  private final Kind kind;
  private final String provider;

  public UpstreamFailure(Kind kind, String provider, String detail) {
    super(detail, null, false, false);
    this.kind = kind;
    this.provider = provider;
  }

  public Kind kind() {
    return kind;
  }

  public String provider() {
    return provider;
  }
}
