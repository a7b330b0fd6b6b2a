package ai.rivano.gateway.cloud;

import ai.rivano.gateway.config.ConfigProblem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The policy engine as cloud sync needs it: merge the control plane's policies over the local ones (remote wins by
 * name), validate them with the rules of {@code validate}, and compile the result. Cloud sync does not know what a
 * compiled set is ({@code S}: {@code PolicySet} in the gateway), it only hands it to the policy store.
 *
 * <p>Wiring, once the policy engine has landed ({@code PolicySet.mergeRemote} returns the set and its problems):
 * <pre>{@code
 * RemotePolicyMerger<PolicySet> merger = (remote, source) -> {
 *   var merged = localSet.mergeRemote(remote, source);
 *   return new MergeResult<>(merged.set(), SkippedPolicy.fromProblems(remote, merged.problems()));
 * };
 * }</pre>
 */
@FunctionalInterface
public interface RemotePolicyMerger<S> {

  /**
   * Never throws for bad policies: each invalid one is left out of the set and named in {@code skipped}.
   *
   * @param remote the control plane's policies, each a JSON object in the {@code policies:} shape
   * @param source where the set came from, for logs and status ({@code cloud (etag "v3")}, {@code persisted …})
   */
  MergeResult<S> merge(JsonArray remote, String source);

  /** The compiled set to install, and the remote policies left out of it. */
  record MergeResult<S>(S set, List<SkippedPolicy> skipped) {
    public MergeResult {
      skipped = List.copyOf(skipped);
    }
  }

  /**
   * A remote policy that failed validation.
   *
   * @param index   its position in the control plane's list
   * @param name    its {@code name}, or null when it has none
   * @param problem what is wrong, as {@code validate} words it ({@code condition.pattern: invalid regular …})
   */
  record SkippedPolicy(int index, String name, String problem) {

    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]\\.?(.*)");

    /**
     * Turns validation problems about the remote list (paths such as {@code policies[3].condition.pattern}: the
     * first {@code [i]} is the position in {@code remote}) into skipped policies, one line per problem.
     */
    public static List<SkippedPolicy> fromProblems(JsonArray remote, List<ConfigProblem> problems) {
      return problems.stream().filter(ConfigProblem::isError).map(problem -> {
        Matcher m = INDEX.matcher(problem.path());
        if (!m.find()) {
          return new SkippedPolicy(-1, null, problem.toLine().substring(2));
        }
        int index = Integer.parseInt(m.group(1));
        Object policy = index < remote.size() ? remote.getValue(index) : null;
        String name = policy instanceof JsonObject o ? o.getString("name") : null;
        return new SkippedPolicy(index, name, (m.group(2).isEmpty() ? "" : m.group(2) + ": ") + problem.message());
      }).toList();
    }

    /** {@code policies[3] (block-secrets): condition.pattern: …}, as logs and status show it. */
    @Override
    public String toString() {
      return "policies[" + index + "]" + (name == null ? "" : " (" + name + ")") + ": " + problem;
    }
  }
}
