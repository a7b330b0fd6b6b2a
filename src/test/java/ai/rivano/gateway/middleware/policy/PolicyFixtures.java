package ai.rivano.gateway.middleware.policy;

import ai.rivano.gateway.middleware.content.RequestTexts;
import ai.rivano.gateway.middleware.content.TextPart;
import ai.rivano.gateway.middleware.pii.PiiEntity;
import ai.rivano.gateway.middleware.pii.PiiMatch;
import ai.rivano.gateway.routing.translate.WireFormat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small builders for policy tests: sets from JSON lines, requests from messages, PII matches found by value. */
final class PolicyFixtures {

  private PolicyFixtures() {}

  static PolicySet set(String... policies) {
    return setWithPacks(List.of(), policies);
  }

  static PolicySet setWithPacks(List<String> packs, String... policies) {
    return PolicySet.compile(policies(policies), packs, "test");
  }

  /** Policies written as YAML flow maps, the way rivano.yaml holds them ({@code on:} reads as the key on). */
  static JsonArray policies(String... yaml) {
    JsonArray array = new JsonArray();
    for (String p : yaml) {
      array.add(yaml(p));
    }
    return array;
  }

  static JsonObject yaml(String flowMap) {
    Map<?, ?> map = new org.yaml.snakeyaml.Yaml().load(flowMap);
    JsonObject json = new JsonObject();
    map.forEach((k, v) -> json.put(Boolean.TRUE.equals(k) ? "on" : String.valueOf(k), v));
    return new JsonObject(json.encode()); // nested maps and lists as JsonObject/JsonArray, like a parsed body
  }

  /** An OpenAI chat request; each message is "role: text". */
  static RequestTexts openAi(String... messages) {
    JsonArray list = new JsonArray();
    for (String m : messages) {
      int colon = m.indexOf(": ");
      list.add(new JsonObject().put("role", m.substring(0, colon)).put("content", m.substring(colon + 2)));
    }
    return RequestTexts.of(WireFormat.OPENAI_CHAT, new JsonObject().put("model", "gpt-4o").put("messages", list));
  }

  /**
   * What a PII detector would report: each entity's values found wherever they occur in each part. {@code values}
   * maps a literal value to its entity.
   */
  static List<List<PiiMatch>> detect(List<TextPart> parts, Map<String, PiiEntity> values) {
    List<List<PiiMatch>> all = new ArrayList<>();
    for (TextPart part : parts) {
      List<PiiMatch> found = new ArrayList<>();
      values.forEach((value, entity) -> {
        for (int at = part.text().indexOf(value); at >= 0; at = part.text().indexOf(value, at + value.length())) {
          found.add(new PiiMatch(entity, at, at + value.length()));
        }
      });
      all.add(found);
    }
    return all;
  }

  static RequestFacts request(RequestTexts texts, Map<String, PiiEntity> pii) {
    return RequestFacts.of(null, "gpt-4o", null, texts, detect(texts.parts(), pii));
  }
}
