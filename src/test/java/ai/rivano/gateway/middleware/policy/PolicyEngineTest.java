package ai.rivano.gateway.middleware.policy;

import ai.rivano.gateway.audit.AuditRecord.Decision;
import ai.rivano.gateway.audit.AuditRecord.PolicyFired;
import ai.rivano.gateway.middleware.content.RequestTexts;
import ai.rivano.gateway.middleware.content.ResponseTexts;
import ai.rivano.gateway.middleware.pii.PiiEntity;
import ai.rivano.gateway.middleware.pii.PiiMatch;
import ai.rivano.gateway.routing.translate.WireFormat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static ai.rivano.gateway.middleware.policy.PolicyFixtures.detect;
import static ai.rivano.gateway.middleware.policy.PolicyFixtures.openAi;
import static ai.rivano.gateway.middleware.policy.PolicyFixtures.request;
import static ai.rivano.gateway.middleware.policy.PolicyFixtures.set;
import static ai.rivano.gateway.middleware.policy.PolicyFixtures.setWithPacks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SPEC §7 evaluation: each condition, each action, order, first block, agents, enabled, drops. */
class PolicyEngineTest {

  private static final String SSN = "123-45-6789";
  private static final String EMAIL = "jane@example.com";

  private static RequestVerdict evaluate(PolicySet set, RequestFacts facts) {
    return PolicyEngine.evaluateRequest(set, facts);
  }

  private static RequestFacts scored(double score) {
    return RequestFacts.of(null, "gpt-4o", score, openAi("user: hi"), List.of());
  }

  private static List<String> fired(Verdict v) {
    return v.fired().stream().map(f -> f.name() + "=" + f.action()).toList();
  }

  // ---- conditions ------------------------------------------------------------------------------------------

  @Test
  void injectionScoreFiresAtTheThreshold() {
    PolicySet set = set("{name: inj, phase: request, condition: {type: injection_score, threshold: 0.7}, action: block}");
    assertTrue(evaluate(set, scored(0.7)).blocked());
    assertTrue(evaluate(set, scored(0.95)).blocked());
    assertFalse(evaluate(set, scored(0.69)).blocked());
    assertFalse(evaluate(set, RequestFacts.of(null, null, null, openAi("user: hi"), List.of())).blocked(),
        "no score (scorer off) never fires");
    assertEquals("Request blocked by policy \"inj\": injection score 0.82 >= 0.7",
        evaluate(set, scored(0.82)).block().orElseThrow().message());
  }

  @Test
  void implicitInjectionPoliciesApplyOnlyWhenScoredAndNoneConfigured() {
    PolicySet none = set("{name: w, phase: request, condition: {type: token_count, threshold: 1000000}, action: warn}");
    RequestVerdict high = evaluate(none, scored(0.75));
    assertEquals("default-injection-block", high.block().orElseThrow().policy());
    assertEquals(List.of("default-injection-block=block"), fired(high));
    RequestVerdict medium = evaluate(none, scored(0.45));
    assertEquals(Decision.WARNED, medium.decision());
    assertEquals("default-injection-warn: injection score 0.45 >= 0.3", medium.warningHeader());
    assertEquals(Decision.ALLOWED, evaluate(none, scored(0.29)).decision());

    PolicySet configured = set(
        "{name: mine, phase: request, condition: {type: injection_score, threshold: 0.9}, action: block, enabled: false}");
    assertTrue(configured.hasInjectionPolicy());
    assertEquals(Decision.ALLOWED, evaluate(configured, scored(0.95)).decision(),
        "a configured injection_score policy, even disabled, replaces the implicit ones");
    assertEquals(Decision.ALLOWED, evaluate(PolicySet.empty(),
        RequestFacts.of(null, null, null, openAi("user: hi"), List.of())).decision(), "scorer off: no default");
  }

  @Test
  void piiDetectedAnyOrListedEntities() {
    RequestTexts texts = openAi("user: my ssn is " + SSN + " and mail " + EMAIL);
    RequestFacts facts = request(texts, Map.of(SSN, PiiEntity.SSN, EMAIL, PiiEntity.EMAIL));
    PolicySet ssnOnly = set("{name: block-ssn, phase: request, condition: {type: pii_detected, entities: [ssn]}, action: block}");
    RequestVerdict v = evaluate(ssnOnly, facts);
    assertEquals("Request blocked by policy \"block-ssn\": PII detected (ssn)", v.block().orElseThrow().message());
    assertFalse(v.block().orElseThrow().message().contains(SSN), "never the value");

    PolicySet phoneOnly = set("{name: p, phase: request, condition: {type: pii_detected, entities: [phone]}, action: block}");
    assertFalse(evaluate(phoneOnly, facts).blocked());
    PolicySet any = set("{name: any, phase: request, condition: {type: pii_detected}, action: warn}");
    assertEquals("any: PII detected (ssn, email)", evaluate(any, facts).warningHeader());
    assertFalse(evaluate(any, request(openAi("user: nothing here"), Map.of())).decision() == Decision.WARNED);
  }

  @Test
  void tokenCountUsesTheEstimateInTheRequestAndUsageInTheResponse() {
    PolicySet set = set("{name: big, phase: request, condition: {type: token_count, threshold: 100}, action: warn}");
    RequestTexts small = openAi("user: " + "x".repeat(396)); // 99 tokens
    RequestTexts large = openAi("user: " + "x".repeat(397)); // 100 tokens
    assertEquals(Decision.ALLOWED, evaluate(set, RequestFacts.of(null, null, null, small, List.of())).decision());
    assertEquals("big: estimated input tokens 100 >= 100",
        evaluate(set, RequestFacts.of(null, null, null, large, List.of())).warningHeader());

    PolicySet response = set(
        "{name: out, phase: response, condition: {type: token_count, threshold: 50, count_type: output}, action: warn}",
        "{name: total, phase: response, condition: {type: token_count, threshold: 80}, action: warn}");
    ResponseVerdict r = PolicyEngine.evaluateResponse(response, ResponseFacts.ofText(null, null, "a", List.of(), 40L, 50L));
    assertEquals(List.of("out=warn", "total=warn"), fired(r));
    assertEquals("out: output tokens 50 >= 50; total: total tokens 90 >= 80", r.warningHeader());
    assertEquals(List.of(), fired(PolicyEngine.evaluateResponse(response,
        ResponseFacts.ofText(null, null, "a", List.of(), null, null))), "unknown usage never fires");
  }

  @Test
  void modelNameGlobOrListIgnoringCase() {
    PolicySet glob = set("{name: no-gpt4, phase: request, condition: {type: model_name, pattern: 'gpt-4*'}, action: block}");
    PolicySet list = set("{name: list, phase: request, condition: {type: model_name, models: [o1, 'claude-?-opus']}, action: block}");
    RequestTexts texts = openAi("user: hi");
    assertTrue(evaluate(glob, RequestFacts.of(null, "gpt-4o-mini", null, texts, List.of())).blocked());
    assertTrue(evaluate(glob, RequestFacts.of(null, "GPT-4", null, texts, List.of())).blocked());
    assertFalse(evaluate(glob, RequestFacts.of(null, "gpt-3.5-turbo", null, texts, List.of())).blocked());
    assertFalse(evaluate(glob, RequestFacts.of(null, "my-gpt-4", null, texts, List.of())).blocked(), "whole name");
    assertFalse(evaluate(glob, RequestFacts.of(null, null, null, texts, List.of())).blocked());
    assertTrue(evaluate(list, RequestFacts.of(null, "o1", null, texts, List.of())).blocked());
    assertTrue(evaluate(list, RequestFacts.of(null, "claude-3-opus", null, texts, List.of())).blocked());
    assertFalse(evaluate(list, RequestFacts.of(null, "o1-mini", null, texts, List.of())).blocked());
    assertEquals("Request blocked by policy \"no-gpt4\": model gpt-4o matches gpt-4*",
        evaluate(glob, RequestFacts.of(null, "gpt-4o", null, texts, List.of())).block().orElseThrow().message());
    PolicySet dots = set("{name: d, phase: request, condition: {type: model_name, pattern: 'a.b'}, action: block}");
    assertFalse(evaluate(dots, RequestFacts.of(null, "axb", null, texts, List.of())).blocked(), "glob, not regex");
  }

  @Test
  void contentPatternOverMessagesSystemOrResponse() {
    RequestTexts texts = openAi("system: internal codename ORION", "user: key AKIAABCDEFGHIJKLMNOP please");
    PolicySet messages = set("{name: aws, phase: request, condition: {type: content_pattern, pattern: 'AKIA[0-9A-Z]{16}'}, action: block}");
    PolicySet system = set("{name: sys, phase: request, condition: {type: content_pattern, pattern: 'AKIA', field: system}, action: block}");
    PolicySet systemHit = set("{name: sys, phase: request, condition: {type: content_pattern, pattern: '(?i)orion', field: system}, action: warn}");
    assertEquals("Request blocked by policy \"aws\": a message matches the content pattern",
        evaluate(messages, request(texts, Map.of())).block().orElseThrow().message());
    assertFalse(evaluate(system, request(texts, Map.of())).blocked(), "system reads only the system prompt");
    assertEquals("sys: the system prompt matches the content pattern",
        evaluate(systemHit, request(texts, Map.of())).warningHeader());

    PolicySet response = set("{name: leak, phase: response, condition: {type: content_pattern, pattern: 'ORION'}, action: block}");
    ResponseVerdict r = PolicyEngine.evaluateResponse(response,
        ResponseFacts.ofText(null, null, "the codename is ORION", List.of(), null, null));
    assertEquals("Response blocked by policy \"leak\": the response matches the content pattern",
        r.block().orElseThrow().message());
  }

  @Test
  void catastrophicPatternRunsInLinearTime() {
    PolicySet set = set("{name: redos, phase: request, condition: {type: content_pattern, pattern: '(a+)+$'}, action: block}");
    PolicySet nested = set("{name: redos2, phase: request, condition: {type: content_pattern, pattern: '(x+x+)+y'}, action: redact, redactionStrategy: mask}");
    RequestTexts texts = openAi("user: " + "a".repeat(200_000) + "!", "user: " + "x".repeat(200_000));
    // With java.util.regex each of these takes longer than the age of the universe; RE2 takes milliseconds.
    RequestVerdict v = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> evaluate(set, request(texts, Map.of())));
    assertFalse(v.blocked());
    RequestVerdict w = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> evaluate(nested, request(texts, Map.of())));
    assertEquals(Decision.ALLOWED, w.decision());
  }

  // ---- actions, order, first block -------------------------------------------------------------------------

  @Test
  void firstBlockStopsAndEverythingBeforeItStays() {
    PolicySet set = set(
        "{name: w1, phase: request, condition: {type: pii_detected}, action: warn}",
        "{name: r1, phase: request, condition: {type: pii_detected, entities: [email]}, action: redact, redactionStrategy: mask}",
        "{name: b1, phase: request, condition: {type: pii_detected, entities: [ssn]}, action: block}",
        "{name: b2, phase: request, condition: {type: pii_detected}, action: block}",
        "{name: w2, phase: request, condition: {type: pii_detected}, action: warn}");
    RequestTexts texts = openAi("user: " + EMAIL + " " + SSN);
    RequestVerdict v = evaluate(set, request(texts, Map.of(SSN, PiiEntity.SSN, EMAIL, PiiEntity.EMAIL)));
    assertEquals(List.of("w1=warn", "r1=redact", "b1=block"), fired(v));
    assertEquals("b1", v.block().orElseThrow().policy());
    assertEquals(1, v.warnings().size());
    assertEquals(1, v.redactions().size());
    assertEquals(Decision.BLOCKED, v.decision());
    assertThrows(IllegalStateException.class, () -> v.applyTo(texts, new TokenVault()),
        "a blocked request is never rewritten and sent");
  }

  @Test
  void decisionsAndWarningHeader() {
    PolicySet set = set(
        "{name: warn-a, phase: request, condition: {type: pii_detected, entities: [email]}, action: warn}",
        "{name: warn-b, phase: request, condition: {type: model_name, pattern: 'gpt*'}, action: warn}",
        "{name: red, phase: request, condition: {type: pii_detected, entities: [ssn]}, action: redact, redactionStrategy: mask}");
    RequestVerdict warned = evaluate(set, request(openAi("user: " + EMAIL), Map.of(EMAIL, PiiEntity.EMAIL)));
    assertEquals(Decision.WARNED, warned.decision());
    assertEquals("warn-a: PII detected (email); warn-b: model gpt-4o matches gpt*", warned.warningHeader());
    assertFalse(warned.warningHeader().contains(EMAIL));
    RequestVerdict redacted = evaluate(set, request(openAi("user: " + SSN), Map.of(SSN, PiiEntity.SSN)));
    assertEquals(Decision.REDACTED, redacted.decision());
    assertEquals(List.of(new PolicyFired("warn-b", "warn"), new PolicyFired("red", "redact")), redacted.fired());
    assertEquals(List.of("warn-b: model gpt-4o matches gpt*"), redacted.warningTexts());
    RequestVerdict nothing = evaluate(set(), request(openAi("user: hi"), Map.of()));
    assertEquals(Decision.ALLOWED, nothing.decision());
    assertNull(nothing.warningHeader());
    assertEquals("allowed", nothing.decision().wireName());
  }

  @Test
  void redactRewritesTheBodyWithEachStrategy() {
    PolicySet set = set(
        "{name: mask-ssn, phase: request, condition: {type: pii_detected, entities: [ssn]}, action: redact, redactionStrategy: mask}",
        "{name: part-mail, phase: request, condition: {type: pii_detected, entities: [email]}, action: redact, redactionStrategy: partial}",
        "{name: tok-phone, phase: request, condition: {type: pii_detected, entities: [phone]}, action: redact, redactionStrategy: tokenize}",
        "{name: secret, phase: request, condition: {type: content_pattern, pattern: 'sk-[a-z0-9]{8}'}, action: redact, redactionStrategy: mask}");
    RequestTexts texts = openAi("system: key sk-abcdef12", "user: ssn " + SSN + ", mail " + EMAIL + ", call +1 555 010 9999");
    RequestVerdict v = evaluate(set, request(texts, Map.of(SSN, PiiEntity.SSN, EMAIL, PiiEntity.EMAIL,
        "+1 555 010 9999", PiiEntity.PHONE)));
    assertEquals(Decision.REDACTED, v.decision());
    TokenVault vault = new TokenVault();
    JsonArray messages = v.applyTo(texts, vault).getJsonArray("messages");
    assertEquals("key [REDACTED]", messages.getJsonObject(0).getString("content"));
    String user = messages.getJsonObject(1).getString("content");
    assertTrue(user.matches("ssn \\[REDACTED], mail j\\*\\*\\*@example\\.com, call PII_PHONE_[0-9a-f]{6}"), user);
    assertEquals("ssn [REDACTED], mail j***@example.com, call +1 555 010 9999", vault.restore(user),
        "the tokenized value comes back in the response");
  }

  // ---- agents and enabled ----------------------------------------------------------------------------------

  @Test
  void onLimitsAPolicyToOneAgentIgnoringCase() {
    PolicySet set = set(
        "{name: bot-only, phase: request, condition: {type: model_name, pattern: '*'}, action: warn, on: support-bot}",
        "{name: all, phase: request, condition: {type: model_name, pattern: '*'}, action: warn, on: '*'}",
        "{name: default, phase: request, condition: {type: model_name, pattern: '*'}, action: warn}");
    RequestTexts texts = openAi("user: hi");
    assertEquals(List.of("bot-only=warn", "all=warn", "default=warn"),
        fired(evaluate(set, RequestFacts.of("support-bot", "m", null, texts, List.of()))));
    assertEquals(List.of("bot-only=warn", "all=warn", "default=warn"),
        fired(evaluate(set, RequestFacts.of(" Support-Bot ", "m", null, texts, List.of()))));
    assertEquals(List.of("all=warn", "default=warn"),
        fired(evaluate(set, RequestFacts.of("billing", "m", null, texts, List.of()))));
    assertEquals(List.of("all=warn", "default=warn"),
        fired(evaluate(set, RequestFacts.of(null, "m", null, texts, List.of()))), "no header: only * policies");
  }

  @Test
  void disabledPoliciesNeverFire() {
    PolicySet set = set(
        "{name: disabled, phase: request, condition: {type: model_name, pattern: '*'}, action: block, enabled: false}",
        "{name: active, phase: request, condition: {type: model_name, pattern: '*'}, action: warn, enabled: true}");
    assertEquals(List.of("active=warn"), fired(evaluate(set, RequestFacts.of(null, "m", null, openAi("user: x"), List.of()))));
  }

  // ---- drop ------------------------------------------------------------------------------------------------

  @Test
  void dropRemovesTheMessagesHoldingAMatch() {
    PolicySet set = set("{name: drop-ssn, phase: request, condition: {type: pii_detected, entities: [ssn]}, action: redact, redactionStrategy: drop}");
    RequestTexts texts = openAi("system: rules", "user: my ssn " + SSN, "assistant: noted", "user: what next?");
    RequestVerdict v = evaluate(set, request(texts, Map.of(SSN, PiiEntity.SSN)));
    assertEquals(Set.of(1), v.droppedMessages());
    assertTrue(v.rewrites());
    assertEquals(Decision.REDACTED, v.decision());
    JsonArray left = v.applyTo(texts, new TokenVault()).getJsonArray("messages");
    assertEquals(List.of("rules", "noted", "what next?"), left.stream().map(m -> ((JsonObject) m).getString("content")).toList());
  }

  @Test
  void dropThatWouldLeaveNoUserMessageBlocks() {
    PolicySet set = set(
        "{name: drop-ssn, phase: request, condition: {type: pii_detected, entities: [ssn]}, action: redact, redactionStrategy: drop}",
        "{name: later, phase: request, condition: {type: model_name, pattern: '*'}, action: warn}");
    RequestTexts texts = openAi("system: rules", "user: my ssn " + SSN);
    RequestVerdict v = evaluate(set, request(texts, Map.of(SSN, PiiEntity.SSN)));
    assertTrue(v.blocked());
    assertEquals("Request blocked by policy \"drop-ssn\": every user message matched, and dropping them would leave "
        + "nothing to send", v.block().orElseThrow().message());
    assertEquals(List.of("drop-ssn=redact"), fired(v), "evaluation stops there");
  }

  @Test
  void dropOfAToolResultAlsoDropsTheCall() {
    JsonObject body = new JsonObject("""
        {"messages": [{"role": "user", "content": "look me up"},
          {"role": "assistant", "tool_calls": [{"id": "c1", "function": {"name": "crm", "arguments": "{}"}}]},
          {"role": "tool", "tool_call_id": "c1", "content": "ssn 123-45-6789"},
          {"role": "user", "content": "so?"}]}""");
    RequestTexts texts = RequestTexts.of(WireFormat.OPENAI_CHAT, body);
    PolicySet set = set("{name: d, phase: request, condition: {type: content_pattern, pattern: '\\d{3}-\\d{2}-\\d{4}'}, action: redact, redactionStrategy: drop}");
    RequestVerdict v = evaluate(set, request(texts, Map.of()));
    assertEquals(Set.of(1, 2), v.droppedMessages());
    assertEquals(List.of("look me up", "so?"), v.applyTo(texts, new TokenVault()).getJsonArray("messages").stream()
        .map(m -> ((JsonObject) m).getString("content")).toList());
  }

  // ---- response phase --------------------------------------------------------------------------------------

  @Test
  void responseRedactionOnAWholeAnswerAndOnAStreamWindow() {
    PolicySet set = setWithPacks(List.of("foundational"));
    JsonObject answer = new JsonObject().put("choices", new JsonArray().add(new JsonObject().put("index", 0)
        .put("message", new JsonObject().put("role", "assistant").put("content", "write to " + EMAIL))));
    ResponseTexts texts = ResponseTexts.of(WireFormat.OPENAI_CHAT, answer);
    ResponseVerdict v = PolicyEngine.evaluateResponse(set, new ResponseFacts(null, "gpt-4o", texts.parts(),
        detect(texts.parts(), Map.of(EMAIL, PiiEntity.EMAIL)), 10L, 5L));
    assertEquals(List.of("redact-pii-response=redact"), fired(v));
    assertEquals("write to [REDACTED]", v.applyTo(texts).getJsonArray("choices").getJsonObject(0)
        .getJsonObject("message").getString("content"));

    String window = "mail " + EMAIL + " now";
    ResponseVerdict w = PolicyEngine.evaluateResponse(set, ResponseFacts.ofText(null, null, window,
        List.of(new PiiMatch(PiiEntity.EMAIL, 5, 5 + EMAIL.length())), null, null));
    assertEquals("mail [REDACTED] now", w.rewrite(0, window));
    assertEquals("nothing here", w.rewrite(1, "nothing here"), "other parts untouched");
  }

  @Test
  void requestPoliciesDoNotRunInTheResponsePhaseAndViceVersa() {
    PolicySet set = set(
        "{name: req, phase: request, condition: {type: content_pattern, pattern: x}, action: block}",
        "{name: resp, phase: response, condition: {type: content_pattern, pattern: x}, action: block}");
    assertEquals("req", evaluate(set, request(openAi("user: x"), Map.of())).block().orElseThrow().policy());
    assertEquals("resp", PolicyEngine.evaluateResponse(set, ResponseFacts.ofText(null, null, "x", List.of(), null, null))
        .block().orElseThrow().policy());
  }

  @Test
  void matchesOutsideTheTextAreIgnoredNotThrown() {
    PolicySet set = set("{name: r, phase: request, condition: {type: pii_detected}, action: redact, redactionStrategy: mask}");
    RequestTexts texts = openAi("user: short");
    RequestFacts facts = RequestFacts.of(null, null, null, texts,
        List.of(List.of(new PiiMatch(PiiEntity.NAME, 3, 99), new PiiMatch(PiiEntity.NAME, 0, 2))));
    assertEquals("[REDACTED]ort", evaluate(set, facts).applyTo(texts, new TokenVault()).getJsonArray("messages")
        .getJsonObject(0).getString("content"));
  }
}
