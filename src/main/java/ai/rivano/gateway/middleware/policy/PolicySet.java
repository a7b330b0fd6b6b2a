package ai.rivano.gateway.middleware.policy;

import ai.rivano.gateway.config.ConfigProblem;
import ai.rivano.gateway.config.InvalidConfigException;
import ai.rivano.gateway.middleware.policy.Policy.Phase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * An immutable, compiled, ordered set of policies: the local {@code policies:} list, the enabled packs, and (with
 * cloud sync) the control plane's policies merged over them by name. Built once per change, read by every request.
 *
 * <p>Order of evaluation (see {@code docs/guardrails.md}): the file's own policies in file order, then control-plane
 * policies that override none, then pack policies. A policy of the same name replaces the one it overrides in
 * place: the file's own over a pack's, the control plane's over either.
 */
public final class PolicySet {

  private static final PolicySet EMPTY = new PolicySet("empty", List.of(), List.of(), null, List.of());

  /** Path prefix of the problems a control-plane policy list produces. */
  public static final String REMOTE_PATH = "cloud.policies";

  private final String source;
  private final List<Policy> own;
  private final List<String> packs;
  private final List<Policy> remote;
  private final List<ConfigProblem> problems;
  private final List<Policy> policies;
  private final boolean hasInjectionPolicy;
  private final List<Policy> requestPolicies;
  private final List<Policy> requestPoliciesWithInjectionDefaults;
  private final List<Policy> responsePolicies;

  private PolicySet(String source, List<Policy> own, List<String> packs, List<Policy> remote,
                    List<ConfigProblem> problems) {
    this.source = source;
    this.own = List.copyOf(own);
    this.packs = List.copyOf(packs);
    this.remote = remote == null ? null : List.copyOf(remote);
    this.problems = List.copyOf(problems);
    this.policies = merge(this.own, this.packs, this.remote);
    this.hasInjectionPolicy = policies.stream().anyMatch(p -> p.condition() instanceof Condition.InjectionScore);
    this.requestPolicies = enabled(policies.stream(), Phase.REQUEST);
    this.requestPoliciesWithInjectionDefaults = hasInjectionPolicy ? requestPolicies
        : enabled(Stream.concat(PolicyPacks.INJECTION_DEFAULTS.stream(), requestPolicies.stream()), Phase.REQUEST);
    this.responsePolicies = enabled(policies.stream(), Phase.RESPONSE);
  }

  public static PolicySet empty() {
    return EMPTY;
  }

  /**
   * Compiles the file's {@code policies:} and {@code policyPacks:}.
   *
   * @throws InvalidConfigException listing every problem when a policy cannot work or a pack is unknown
   */
  public static PolicySet compile(JsonArray policies, List<String> packs, String source) {
    List<ConfigProblem> problems = new ArrayList<>();
    List<Policy> own = PolicyRules.check(policies == null ? new JsonArray() : policies, "policies", problems);
    List<String> packNames = packs == null ? List.of() : packs;
    for (int i = 0; i < packNames.size(); i++) {
      if (PolicyPacks.pack(packNames.get(i)).isEmpty()) {
        problems.add(ConfigProblem.error("policyPacks[" + i + "]",
            "must be one of " + String.join(", ", PolicyPacks.names()) + ", got \"" + packNames.get(i) + "\""));
      }
    }
    List<ConfigProblem> errors = problems.stream().filter(ConfigProblem::isError).toList();
    if (!errors.isEmpty()) {
      throw new InvalidConfigException(errors);
    }
    return new PolicySet(source, own, packNames, null, List.of());
  }

  /**
   * This set's local policies (file and packs) with the control plane's {@code remote} list merged over them: a
   * remote policy replaces the local one of the same name. An invalid remote policy is skipped and reported in
   * {@link #problems()} (paths {@value #REMOTE_PATH}{@code [i]…}); a local policy it would have replaced stays in
   * force. Any earlier remote list is replaced, not merged into: a policy the control plane removed goes away.
   */
  public PolicySet mergeRemote(JsonArray remote, String source) {
    List<ConfigProblem> found = new ArrayList<>();
    List<Policy> valid = new ArrayList<>();
    Set<String> names = new HashSet<>();
    JsonArray list = remote == null ? new JsonArray() : remote;
    for (int i = 0; i < list.size(); i++) {
      String path = REMOTE_PATH + "[" + i + "]";
      Object element = list.getValue(i);
      if (element == null) {
        found.add(ConfigProblem.error(path, "is null"));
        continue;
      }
      Policy policy = PolicyRules.parse(element, path, PolicyRules.Mode.REMOTE, names, found);
      if (policy != null) {
        valid.add(policy);
      }
    }
    return new PolicySet(source, own, packs, valid, found);
  }

  /** The policies in force, in evaluation order (disabled ones included; the engine skips them). */
  public List<Policy> policies() {
    return policies;
  }

  /** Where this set came from, for logs and status: {@code config}, {@code cloud (etag …)}, {@code persisted}. */
  public String source() {
    return source;
  }

  /** Control-plane policies skipped by the last {@link #mergeRemote} (empty otherwise). Never content. */
  public List<ConfigProblem> problems() {
    return problems;
  }

  /**
   * True when any policy, enabled or not, for any agent, tests {@code injection_score}: then the operator decides
   * what a score does, and the implicit injection policies do not apply (SPEC §6: configured ones replace them).
   */
  public boolean hasInjectionPolicy() {
    return hasInjectionPolicy;
  }

  /**
   * The enabled request-phase policies in evaluation order. With {@code injectionScored} (the scorer ran, i.e.
   * {@code middleware.injection: true}) and no {@code injection_score} policy, the implicit
   * {@code default-injection-block} (≥ 0.7, block) and {@code default-injection-warn} (≥ 0.3, warn) come first.
   */
  public List<Policy> requestPolicies(boolean injectionScored) {
    return injectionScored ? requestPoliciesWithInjectionDefaults : requestPolicies;
  }

  /** The enabled response-phase policies in evaluation order. */
  public List<Policy> responsePolicies() {
    return responsePolicies;
  }

  /** The form the cluster replicates and cloud sync persists; {@link #fromJson} gives back an equal set. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("source", source)
        .put("policies", toJson(own))
        .put("packs", new JsonArray(List.copyOf(packs)));
    if (remote != null) {
      json.put("remote", toJson(remote));
    }
    JsonArray problemList = new JsonArray();
    problems.forEach(p -> problemList.add(new JsonObject().put("path", p.path()).put("message", p.message())));
    return json.put("problems", problemList);
  }

  /** @throws InvalidConfigException when the JSON does not hold a valid set (e.g. written by another version) */
  public static PolicySet fromJson(JsonObject json) {
    List<String> packs = new ArrayList<>();
    if (json.getValue("packs") instanceof JsonArray list) {
      list.forEach(p -> packs.add(String.valueOf(p)));
    }
    PolicySet local = compile(json.getValue("policies") instanceof JsonArray a ? a : new JsonArray(), packs,
        json.getString("source", "unknown"));
    if (!(json.getValue("remote") instanceof JsonArray remoteList)) {
      return local;
    }
    PolicySet merged = local.mergeRemote(remoteList, local.source);
    if (!merged.problems.isEmpty()) {
      throw new InvalidConfigException(merged.problems);
    }
    List<ConfigProblem> problems = new ArrayList<>();
    if (json.getValue("problems") instanceof JsonArray list) {
      for (Object p : list) {
        if (p instanceof JsonObject problem) {
          problems.add(ConfigProblem.error(problem.getString("path", ""), problem.getString("message", "")));
        }
      }
    }
    return new PolicySet(merged.source, merged.own, merged.packs, merged.remote, problems);
  }

  private static JsonArray toJson(List<Policy> policies) {
    JsonArray array = new JsonArray();
    policies.forEach(p -> array.add(p.toJson()));
    return array;
  }

  private static List<Policy> merge(List<Policy> own, List<String> packs, List<Policy> remote) {
    Map<String, Policy> packPolicies = new LinkedHashMap<>();
    for (String pack : packs) {
      PolicyPacks.pack(pack).orElse(List.of()).forEach(p -> packPolicies.putIfAbsent(p.name(), p));
    }
    Set<String> ownNames = new HashSet<>();
    own.forEach(p -> ownNames.add(p.name()));
    ownNames.forEach(packPolicies::remove); // the file's own policy of the same name wins
    Map<String, Policy> overrides = new LinkedHashMap<>();
    if (remote != null) {
      remote.forEach(p -> overrides.put(p.name(), p));
    }
    List<Policy> merged = new ArrayList<>();
    own.forEach(p -> merged.add(overrides.getOrDefault(p.name(), p)));
    overrides.values().stream()
        .filter(p -> !ownNames.contains(p.name()) && !packPolicies.containsKey(p.name()))
        .forEach(merged::add);
    packPolicies.values().forEach(p -> merged.add(overrides.getOrDefault(p.name(), p)));
    return List.copyOf(merged);
  }

  private static List<Policy> enabled(Stream<Policy> policies, Phase phase) {
    return policies.filter(p -> p.enabled() && p.phase() == phase).toList();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PolicySet other && source.equals(other.source) && own.equals(other.own)
        && packs.equals(other.packs) && Objects.equals(remote, other.remote) && problems.equals(other.problems);
  }

  @Override
  public int hashCode() {
    return Objects.hash(source, own, packs, remote, problems);
  }

  @Override
  public String toString() {
    return "PolicySet[" + source + ", " + policies.size() + " policies]";
  }
}
