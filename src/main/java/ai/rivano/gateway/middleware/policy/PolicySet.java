package ai.rivano.gateway.middleware.policy;

/**
 * An immutable, compiled, ordered set of policies: the local {@code policies:} list, the enabled packs, and (with
 * cloud sync) the control plane's policies merged over them by name. Built once per change, read by every request.
 *
 * <p>Placeholder: the policy engine fills this in.
 */
public final class PolicySet {

  private static final PolicySet EMPTY = new PolicySet("empty");

  private final String source;

  private PolicySet(String source) {
    this.source = source;
  }

  public static PolicySet empty() {
    return EMPTY;
  }

  /** Where this set came from, for logs and status: {@code config}, {@code cloud (etag …)}, {@code persisted}. */
  public String source() {
    return source;
  }
}
