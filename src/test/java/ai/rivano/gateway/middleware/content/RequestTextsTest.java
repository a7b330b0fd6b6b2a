package ai.rivano.gateway.middleware.content;

import ai.rivano.gateway.routing.translate.WireFormat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Set;

import static ai.rivano.gateway.middleware.content.TextRole.ASSISTANT;
import static ai.rivano.gateway.middleware.content.TextRole.SYSTEM;
import static ai.rivano.gateway.middleware.content.TextRole.TOOL_CALL_ARGUMENTS;
import static ai.rivano.gateway.middleware.content.TextRole.TOOL_RESULT;
import static ai.rivano.gateway.middleware.content.TextRole.USER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every text of a request in the three client dialects, with its role; replacing and dropping in place. */
class RequestTextsTest {

  /** "role:text" for each part, in order: what the guardrails get to see. */
  static List<String> seen(RequestTexts texts) {
    return texts.parts().stream().map(p -> p.role() + ":" + p.text()).toList();
  }

  // ---- OpenAI ----------------------------------------------------------------------------------------------

  static final String OPENAI = """
      {"model": "gpt-4o", "messages": [
        {"role": "system", "content": "be terse"},
        {"role": "developer", "content": [{"type": "text", "text": "dev rules"}]},
        {"role": "user", "content": [{"type": "text", "text": "mail jane@x.io"},
                                     {"type": "image_url", "image_url": {"url": "data:..."}}]},
        {"role": "assistant", "content": null, "tool_calls": [
          {"id": "call_1", "type": "function", "function": {"name": "lookup", "arguments": "{\\"email\\":\\"jane@x.io\\",\\"n\\":3,\\"tags\\":[\\"vip\\"]}"}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": "found: Jane Roe"},
        {"role": "assistant", "content": "Jane is a VIP"},
        {"role": "user", "content": "thanks"}
      ]}""";

  @Test
  void openAiEveryTextWithItsRole() {
    RequestTexts texts = RequestTexts.of(WireFormat.OPENAI_CHAT, new JsonObject(OPENAI));
    assertEquals(List.of("SYSTEM:be terse", "SYSTEM:dev rules", "USER:mail jane@x.io",
        "TOOL_CALL_ARGUMENTS:jane@x.io", "TOOL_CALL_ARGUMENTS:vip", "TOOL_RESULT:found: Jane Roe",
        "ASSISTANT:Jane is a VIP", "USER:thanks"), seen(texts));
    assertEquals(List.of(0, 1, 2, 3, 3, 4, 5, 6), texts.parts().stream().map(TextPart::message).toList());
    for (int i = 0; i < texts.parts().size(); i++) {
      assertEquals(i, texts.parts().get(i).index());
    }
  }

  @Test
  void openAiReplaceEverywhereKeepsArgumentsValidJson() {
    JsonObject body = new JsonObject(OPENAI);
    RequestTexts texts = RequestTexts.of(WireFormat.OPENAI_CHAT, body);
    texts.replace(0, "S");
    texts.replace(1, "D");
    texts.replace(2, "mail [REDACTED]");
    texts.replace(3, "a \"quoted\" \\ value"); // a replacement that would break naive string splicing
    texts.replace(5, "R");
    texts.replace(7, "U");
    JsonArray messages = texts.body().getJsonArray("messages");
    assertEquals("S", messages.getJsonObject(0).getString("content"));
    assertEquals("D", messages.getJsonObject(1).getJsonArray("content").getJsonObject(0).getString("text"));
    assertEquals("mail [REDACTED]", messages.getJsonObject(2).getJsonArray("content").getJsonObject(0).getString("text"));
    JsonObject args = new JsonObject(messages.getJsonObject(3).getJsonArray("tool_calls").getJsonObject(0)
        .getJsonObject("function").getString("arguments"));
    assertEquals(new JsonObject().put("email", "a \"quoted\" \\ value").put("n", 3).put("tags", new JsonArray().add("vip")),
        args);
    assertEquals("R", messages.getJsonObject(4).getString("content"));
    assertEquals("U", messages.getJsonObject(6).getString("content"));
    assertEquals("a \"quoted\" \\ value", texts.parts().get(3).text(), "parts show the current text");
  }

  @Test
  void openAiArgumentsThatAreNotJsonAreOneText() {
    JsonObject body = new JsonObject().put("messages", new JsonArray().add(new JsonObject().put("role", "assistant")
        .put("tool_calls", new JsonArray().add(new JsonObject().put("id", "c")
            .put("function", new JsonObject().put("arguments", "call me at 555-0100 {"))))));
    RequestTexts texts = RequestTexts.of(WireFormat.OPENAI_CHAT, body);
    assertEquals(List.of("TOOL_CALL_ARGUMENTS:call me at 555-0100 {"), seen(texts));
    texts.replace(0, "x");
    assertEquals("x", body.getJsonArray("messages").getJsonObject(0).getJsonArray("tool_calls").getJsonObject(0)
        .getJsonObject("function").getString("arguments"));
  }

  @Test
  void droppingAToolResultDropsItsCallAndTheOtherwayRound() {
    RequestTexts texts = RequestTexts.of(WireFormat.OPENAI_CHAT, new JsonObject(OPENAI));
    assertEquals(Set.of(3, 4), texts.dropClosure(Set.of(4)), "the tool result and the assistant call it answers");
    assertEquals(Set.of(3, 4), texts.dropClosure(Set.of(3)));
    assertEquals(Set.of(2), texts.dropClosure(Set.of(2)), "a plain user message has no partner");
    texts.drop(Set.of(4));
    JsonArray left = texts.body().getJsonArray("messages");
    assertEquals(5, left.size());
    assertEquals(List.of("system", "developer", "user", "assistant", "user"),
        left.stream().map(m -> ((JsonObject) m).getString("role")).toList());
    assertEquals("Jane is a VIP", left.getJsonObject(3).getString("content"));
  }

  @Test
  void userTextRemainsCountsUserMessagesOnly() {
    RequestTexts texts = RequestTexts.of(WireFormat.OPENAI_CHAT, new JsonObject(OPENAI));
    assertTrue(texts.userTextRemains(Set.of(2)));
    assertFalse(texts.userTextRemains(Set.of(2, 6)));
    assertTrue(texts.userTextRemains(Set.of(0, 1, 3, 4, 5)));
  }

  // ---- Anthropic -------------------------------------------------------------------------------------------

  static final String ANTHROPIC = """
      {"model": "claude-sonnet-4", "max_tokens": 100,
       "system": [{"type": "text", "text": "you are a bank"}, {"type": "text", "text": "never reveal"}],
       "messages": [
        {"role": "user", "content": "my ssn is 123-45-6789"},
        {"role": "assistant", "content": [
          {"type": "thinking", "thinking": "signed", "signature": "abc"},
          {"type": "text", "text": "checking"},
          {"type": "tool_use", "id": "toolu_1", "name": "crm", "input": {"query": {"ssn": "123-45-6789"}, "limit": 1}}]},
        {"role": "user", "content": [
          {"type": "tool_result", "tool_use_id": "toolu_1", "content": [
            {"type": "text", "text": "record: John"},
            {"type": "image", "source": {"type": "base64", "data": "..."}},
            {"type": "search_result", "source": "kb", "title": "t", "content": [{"type": "text", "text": "nested hit"}]}]},
          {"type": "text", "text": "ok?"}]},
        {"role": "user", "content": [
          {"type": "document", "source": {"type": "text", "media_type": "text/plain", "data": "contract text"}},
          {"type": "tool_result", "tool_use_id": "toolu_9", "content": "plain result"}]}
      ]}""";

  @Test
  void anthropicEveryTextWithItsRole() {
    RequestTexts texts = RequestTexts.of(WireFormat.ANTHROPIC_MESSAGES, new JsonObject(ANTHROPIC));
    assertEquals(List.of("SYSTEM:you are a bank", "SYSTEM:never reveal", "USER:my ssn is 123-45-6789",
        "ASSISTANT:checking", "TOOL_CALL_ARGUMENTS:123-45-6789", "TOOL_RESULT:record: John",
        "TOOL_RESULT:nested hit", "USER:ok?", "TOOL_RESULT:contract text", "TOOL_RESULT:plain result"), seen(texts));
    assertEquals(List.of(0, 0, 1, 2, 2, 3, 3, 3, 4, 4), texts.parts().stream().map(TextPart::message).toList(),
        "message 0 is the system prompt, then one per entry of messages");
  }

  @Test
  void anthropicReplaceAndDrop() {
    JsonObject body = new JsonObject(ANTHROPIC);
    RequestTexts texts = RequestTexts.of(WireFormat.ANTHROPIC_MESSAGES, body);
    texts.replace(0, "S");
    texts.replace(2, "my ssn is [REDACTED]");
    texts.replace(4, "[REDACTED]");
    texts.replace(6, "N");
    texts.replace(8, "C");
    texts.replace(9, "P");
    assertEquals("S", body.getJsonArray("system").getJsonObject(0).getString("text"));
    assertEquals("my ssn is [REDACTED]", body.getJsonArray("messages").getJsonObject(0).getString("content"));
    assertEquals("[REDACTED]", body.getJsonArray("messages").getJsonObject(1).getJsonArray("content").getJsonObject(2)
        .getJsonObject("input").getJsonObject("query").getString("ssn"));
    JsonArray result = body.getJsonArray("messages").getJsonObject(2).getJsonArray("content").getJsonObject(0)
        .getJsonArray("content");
    assertEquals("N", result.getJsonObject(2).getJsonArray("content").getJsonObject(0).getString("text"));
    JsonArray last = body.getJsonArray("messages").getJsonObject(3).getJsonArray("content");
    assertEquals("C", last.getJsonObject(0).getJsonObject("source").getString("data"));
    assertEquals("P", last.getJsonObject(1).getString("content"));

    assertEquals(Set.of(2, 3), texts.dropClosure(Set.of(2)), "a tool_use and the user turn with its tool_result");
    texts.drop(Set.of(0));
    assertFalse(texts.body().containsKey("system"), "dropping the system prompt removes the field");
    assertEquals(4, texts.body().getJsonArray("messages").size());
  }

  @Test
  void anthropicSystemAsString() {
    RequestTexts texts = RequestTexts.of(WireFormat.ANTHROPIC_MESSAGES,
        new JsonObject().put("system", "sys").put("messages", new JsonArray()
            .add(new JsonObject().put("role", "user").put("content", "hi"))));
    assertEquals(List.of("SYSTEM:sys", "USER:hi"), seen(texts));
    texts.replace(0, "new");
    assertEquals("new", texts.body().getString("system"));
  }

  // ---- Gemini ----------------------------------------------------------------------------------------------

  static final String GEMINI = """
      {"systemInstruction": {"parts": [{"text": "be nice"}]},
       "contents": [
        {"role": "user", "parts": [{"text": "weather for 10.0.0.1?"}, {"inlineData": {"mimeType": "image/png", "data": "..."}}]},
        {"role": "model", "parts": [{"thought": true, "text": "hmm"},
                                   {"functionCall": {"name": "weather", "args": {"ip": "10.0.0.1", "units": ["c"]}}}]},
        {"role": "user", "parts": [{"functionResponse": {"name": "weather", "response": {"result": {"text": "sunny"}}}}]},
        {"parts": [{"text": "and tomorrow?"}]}
      ]}""";

  @Test
  void geminiEveryTextWithItsRole() {
    RequestTexts texts = RequestTexts.of(WireFormat.GEMINI, new JsonObject(GEMINI));
    assertEquals(List.of("SYSTEM:be nice", "USER:weather for 10.0.0.1?", "TOOL_CALL_ARGUMENTS:10.0.0.1",
        "TOOL_CALL_ARGUMENTS:c", "TOOL_RESULT:sunny", "USER:and tomorrow?"), seen(texts));
    assertEquals(List.of(0, 1, 2, 2, 3, 4), texts.parts().stream().map(TextPart::message).toList());
  }

  @Test
  void geminiReplaceAndDrop() {
    JsonObject body = new JsonObject(GEMINI);
    RequestTexts texts = RequestTexts.of(WireFormat.GEMINI, body);
    texts.replace(2, "PII_IP_ADDRESS_abcdef");
    texts.replace(4, "cloudy");
    assertEquals("PII_IP_ADDRESS_abcdef", body.getJsonArray("contents").getJsonObject(1).getJsonArray("parts")
        .getJsonObject(1).getJsonObject("functionCall").getJsonObject("args").getString("ip"));
    assertEquals("cloudy", body.getJsonArray("contents").getJsonObject(2).getJsonArray("parts").getJsonObject(0)
        .getJsonObject("functionResponse").getJsonObject("response").getJsonObject("result").getString("text"));
    assertEquals(Set.of(2, 3), texts.dropClosure(Set.of(3)), "a functionResponse pairs with the call of that name");
    texts.drop(Set.of(0, 3));
    JsonObject out = texts.body();
    assertFalse(out.containsKey("systemInstruction"));
    assertEquals(2, out.getJsonArray("contents").size());
    assertEquals("and tomorrow?", out.getJsonArray("contents").getJsonObject(1).getJsonArray("parts").getJsonObject(0)
        .getString("text"));
  }

  @Test
  void geminiSnakeCaseSpellings() {
    RequestTexts texts = RequestTexts.of(WireFormat.GEMINI, new JsonObject("""
        {"system_instruction": {"parts": [{"text": "s"}]},
         "contents": [{"role": "model", "parts": [{"function_call": {"name": "f", "args": {"a": "x"}}}]},
                      {"role": "user", "parts": [{"function_response": {"name": "f", "response": {"r": "y"}}}]}]}"""));
    assertEquals(List.of("SYSTEM:s", "TOOL_CALL_ARGUMENTS:x", "TOOL_RESULT:y"), seen(texts));
  }

  // ---- hostile and type-confused bodies ---------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {
      "{}",
      "{\"messages\": 5}",
      "{\"messages\": [1, \"x\", null, true, [], {\"role\": 7, \"content\": 8}]}",
      "{\"messages\": [{\"role\": \"user\", \"content\": [1, {\"type\": \"text\", \"text\": 9}, {\"type\": 3}]}]}",
      "{\"messages\": [{\"role\": \"assistant\", \"tool_calls\": [1, {\"function\": 2}, {\"function\": {\"arguments\": 3}}]}]}",
      "{\"messages\": [{\"role\": \"assistant\", \"tool_calls\": {\"function\": {\"arguments\": \"x\"}}}]}",
      "{\"system\": 5, \"messages\": {\"role\": \"user\"}}",
      "{\"system\": [1, {\"type\": \"text\"}], \"messages\": [{\"content\": [{\"type\": \"tool_result\", \"content\": 5}, "
          + "{\"type\": \"tool_use\", \"input\": \"str\"}, {\"type\": \"document\", \"source\": 1}]}]}",
      "{\"systemInstruction\": 5, \"contents\": [{\"parts\": 1}, {\"parts\": [1, {\"functionCall\": 1}, "
          + "{\"functionResponse\": {\"response\": 1}}, {\"text\": 1}]}]}",
      "{\"contents\": {\"parts\": []}}"})
  void typeConfusedBodiesHaveNoTextsAndNeverThrow(String body) {
    for (WireFormat format : WireFormat.values()) {
      RequestTexts texts = RequestTexts.of(format, new JsonObject(body));
      assertEquals(List.of(), texts.parts(), format + " " + body);
      texts.drop(Set.of(0, 1, 99, -1));
      texts.body();
    }
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void deepNestingIsSkippedNotRecursedIntoTheStack(WireFormat format) {
    Object deep = "secret";
    for (int i = 0; i < 5_000; i++) {
      deep = i % 2 == 0 ? new JsonArray().add(deep) : new JsonObject().put("k", deep);
    }
    JsonObject body = new JsonObject()
        .put("messages", new JsonArray()
            .add(new JsonObject().put("role", "assistant").put("content", deep)
                .put("tool_calls", new JsonArray().add(new JsonObject().put("function",
                    new JsonObject().put("arguments", "[".repeat(5_000) + "\"secret\"" + "]".repeat(5_000))))))
            .add(new JsonObject().put("role", "assistant").put("content", new JsonArray().add(new JsonObject()
                .put("type", "tool_use").put("input", deep)))))
        .put("contents", new JsonArray().add(new JsonObject().put("parts", new JsonArray()
            .add(new JsonObject().put("functionCall", new JsonObject().put("args", deep))))));
    RequestTexts texts = RequestTexts.of(format, body);
    assertTrue(texts.parts().stream().noneMatch(p -> p.text().equals("secret")),
        "nothing below the depth limit is visited");
  }

  @Test
  void shallowToolArgumentsAreVisitedToTheirLeaves() {
    Object nested = "deep value";
    for (int i = 0; i < 10; i++) {
      nested = new JsonObject().put("k" + i, nested);
    }
    RequestTexts texts = RequestTexts.of(WireFormat.ANTHROPIC_MESSAGES, new JsonObject().put("messages",
        new JsonArray().add(new JsonObject().put("role", "assistant").put("content", new JsonArray()
            .add(new JsonObject().put("type", "tool_use").put("id", "t").put("input", nested))))));
    assertEquals(List.of("TOOL_CALL_ARGUMENTS:deep value"), seen(texts));
  }

  @Test
  void unknownRoleIsReadAsUserText() {
    RequestTexts texts = RequestTexts.of(WireFormat.OPENAI_CHAT, new JsonObject(
        "{\"messages\": [{\"role\": \"narrator\", \"content\": \"x\"}, {\"content\": \"y\"}]}"));
    assertEquals(List.of("USER:x", "USER:y"), seen(texts));
  }

  @Test
  void estimatedTokensIsAQuarterOfTheCharacters() {
    RequestTexts texts = RequestTexts.of(WireFormat.OPENAI_CHAT, new JsonObject()
        .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "x".repeat(4001)))));
    assertEquals(1001, texts.estimatedTokens());
  }

  @Test
  void rolesAreTheDocumentedOnes() {
    assertEquals(Set.of(SYSTEM, USER, ASSISTANT, TOOL_CALL_ARGUMENTS, TOOL_RESULT), Set.of(TextRole.values()));
  }
}
