package ai.rivano.gateway.cloud;

import ai.rivano.gateway.cloud.RemotePolicyMerger.MergeResult;
import ai.rivano.gateway.cloud.RemotePolicyMerger.SkippedPolicy;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The policy engine's merge, reduced to what cloud sync relies on, until the real {@code PolicySet.mergeRemote}
 * lands: remote policies override local ones by name; a remote policy without a name or with a
 * {@code condition.pattern} that does not compile is skipped. The "compiled set" is the merged list itself.
 */
final class TestMerger implements RemotePolicyMerger<JsonArray> {

  private final JsonArray local;

  TestMerger(JsonArray local) {
    this.local = local;
  }

  @Override
  public MergeResult<JsonArray> merge(JsonArray remote, String source) {
    Map<String, JsonObject> byName = new LinkedHashMap<>();
    local.forEach(p -> byName.put(((JsonObject) p).getString("name"), (JsonObject) p));
    List<SkippedPolicy> skipped = new ArrayList<>();
    for (int i = 0; i < remote.size(); i++) {
      JsonObject policy = remote.getJsonObject(i);
      String name = policy.getString("name");
      String problem = problem(policy);
      if (problem != null) {
        skipped.add(new SkippedPolicy(i, name, problem));
      } else {
        byName.put(name, policy);
      }
    }
    return new MergeResult<>(new JsonArray(new ArrayList<>(byName.values())), skipped);
  }

  private static String problem(JsonObject policy) {
    if (policy.getString("name") == null) {
      return "name: is required";
    }
    String pattern = policy.getJsonObject("condition", new JsonObject()).getString("pattern");
    try {
      if (pattern != null) {
        Pattern.compile(pattern);
      }
      return null;
    } catch (PatternSyntaxException e) {
      return "condition.pattern: invalid regular expression: " + e.getDescription();
    }
  }

  /** The names in a merged set, in order. */
  static List<String> names(JsonArray set) {
    return set == null ? List.of() : set.stream().map(p -> ((JsonObject) p).getString("name")).toList();
  }
}
