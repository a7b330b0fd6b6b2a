package ai.rivano.gateway.middleware.cache;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CacheKeyTest {

  private static final String CHAT = "/v1/chat/completions";

  private static JsonObject body() {
    return new JsonObject("""
        {"model":"gpt-4o","temperature":0.7,"max_tokens":200,
         "messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"What is 2+2?"}],
         "tools":[{"type":"function","function":{"name":"add","parameters":{"type":"object","properties":{}}}}]}""");
  }

  private static String key(JsonObject body) {
    return CacheKey.of("openai", CHAT, body, null);
  }

  @Test
  void theKeyIsSha256Hex() {
    assertTrue(key(body()).matches("[0-9a-f]{64}"), key(body()));
  }

  @Test
  void memberOrderDoesNotMatterAtAnyDepth() {
    JsonObject reordered = new JsonObject("""
        {"tools":[{"function":{"parameters":{"properties":{},"type":"object"},"name":"add"},"type":"function"}],
         "messages":[{"content":"Be brief.","role":"system"},{"content":"What is 2+2?","role":"user"}],
         "max_tokens":200,"temperature":0.7,"model":"gpt-4o"}""");
    assertEquals(key(body()), key(reordered));
  }

  @Test
  void aBodyBuiltInCodeKeysLikeTheSameBodyParsed() {
    JsonObject built = new JsonObject().put("model", "gpt-4o")
        .put("response_format", java.util.Map.of("type", "json_object"))
        .put("stop", java.util.List.of("END", "STOP"));
    JsonObject parsed = new JsonObject(
        "{\"stop\":[\"END\",\"STOP\"],\"response_format\":{\"type\":\"json_object\"},\"model\":\"gpt-4o\"}");
    assertEquals(key(parsed), key(built));
  }

  @Test
  void numbersCompareByValue() {
    assertEquals(key(body().put("temperature", 1)), key(body().put("temperature", 1.0)));
    assertEquals(key(new JsonObject("{\"temperature\":1e0}")), key(new JsonObject("{\"temperature\":1}")));
    assertEquals(key(body().put("temperature", 0.7)), key(body().put("temperature", new BigDecimal("0.70"))));
    assertEquals(key(body().put("seed", 42L)), key(body().put("seed", BigInteger.valueOf(42))));
    assertEquals(key(body().put("top_p", 0)), key(body().put("top_p", -0.0)));
    assertNotEquals(key(body().put("temperature", 0.7)), key(body().put("temperature", 0.70001)));
  }

  @Test
  void aDifferentSamplingParameterIsADifferentKey() {
    String base = key(body());
    assertNotEquals(base, key(body().put("temperature", 0.2)));
    assertNotEquals(base, key(body().put("max_tokens", 201)));
    assertNotEquals(base, key(body().put("top_p", 0.9)));
    assertNotEquals(base, key(body().put("seed", 1)));
    assertNotEquals(base, key(body().put("stop", new JsonArray().add("\n"))));
    assertNotEquals(base, key(body().put("response_format", new JsonObject().put("type", "json_object"))));
    assertNotEquals(base, key(body().put("tool_choice", "none")));
    assertNotEquals(base, key(body().put("reasoning_effort", "high")), "an unknown parameter counts too");
    assertNotEquals(base, key(body().put("model", "gpt-4o-mini")));
  }

  @Test
  void differentMessagesAreADifferentKey() {
    JsonObject otherText = body();
    otherText.getJsonArray("messages").getJsonObject(1).put("content", "What is 2+3?");
    assertNotEquals(key(body()), key(otherText));

    JsonObject swapped = body();
    JsonArray messages = swapped.getJsonArray("messages");
    swapped.put("messages", new JsonArray().add(messages.getJsonObject(1)).add(messages.getJsonObject(0)));
    assertNotEquals(key(body()), key(swapped), "message order counts");

    JsonObject otherSystem = body();
    otherSystem.getJsonArray("messages").getJsonObject(0).put("content", "Be verbose.");
    assertNotEquals(key(body()), key(otherSystem));
  }

  @Test
  void providerAndPathArePartOfTheKey() {
    String base = key(body());
    assertNotEquals(base, CacheKey.of("azure", CHAT, body(), null));
    assertNotEquals(base, CacheKey.of("openai", "/openai/v1/chat/completions", body(), null));
    assertNotEquals(CacheKey.of("azure", CHAT + "?api-version=2024-10-21", body(), null),
        CacheKey.of("azure", CHAT + "?api-version=2025-01-01", body(), null));
  }

  @Test
  void aGeminiKeyParameterIsACredentialNotPartOfTheRequest() {
    JsonObject gemini = new JsonObject("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}");
    String path = "/v1beta/models/gemini-2.5-flash:generateContent";
    assertEquals(CacheKey.of("google", path, gemini, null), CacheKey.of("google", path + "?key=AIza-secret", gemini, null));
    assertEquals(CacheKey.of("google", path + "?alt=json", gemini, null),
        CacheKey.of("google", path + "?key=AIza-secret&alt=json", gemini, null));
    assertEquals(path + "?alt=json", CacheKey.withoutKeyParameter(path + "?key=AIza-secret&alt=json"));
    assertEquals(path + "?monkey=1", CacheKey.withoutKeyParameter(path + "?monkey=1&key=x"));
    assertNotEquals(CacheKey.of("google", path, gemini, null),
        CacheKey.of("google", "/v1beta/models/gemini-2.5-pro:generateContent", gemini, null), "the model is in the path");
  }

  @Test
  void theScopeKeepsAnswersOfDifferentCredentialsApart() {
    assertNotEquals(CacheKey.of("openai", CHAT, body(), "Bearer sk-client-a"),
        CacheKey.of("openai", CHAT, body(), "Bearer sk-client-b"));
    assertNotEquals(key(body()), CacheKey.of("openai", CHAT, body(), "Bearer sk-client-a"));
  }

  @Test
  void membersThatNeverChangeTheAnswerAreLeftOut() {
    String base = key(body());
    assertEquals(base, key(body().put("user", "user-123")));
    assertEquals(base, key(body().put("metadata", new JsonObject().put("user_id", "u1"))));
    assertEquals(base, key(body().put("store", true)));
    assertEquals(base, key(body().put("stream", false)));
    assertEquals(base, key(body().put("prompt_cache_key", "p")));
    assertEquals(base, key(body().putNull("seed")), "null means not set");
  }

  @Test
  void onlyTopLevelMembersAreLeftOut() {
    JsonObject nestedUser = body();
    nestedUser.getJsonArray("messages").getJsonObject(1).put("user", "someone");
    assertNotEquals(key(body()), key(nestedUser));
  }

  @Test
  void streamsHaveNoKey() {
    assertNull(key(body().put("stream", true)));
    assertNull(CacheKey.of("google", "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
        new JsonObject(), null));
  }

  @Test
  void stringsCannotBeSplicedIntoAnotherShape() {
    assertNotEquals(key(new JsonObject().put("ab", "c")), key(new JsonObject().put("a", "bc")));
    assertNotEquals(key(new JsonObject().put("a", "x").put("b", "y")),
        key(new JsonObject().put("a", "x\",\"b\":\"y")));
    assertNotEquals(key(new JsonObject().put("a", new JsonArray().add("1").add("2"))),
        key(new JsonObject().put("a", new JsonArray().add("1,2"))));
    assertNotEquals(key(new JsonObject().put("a", "1")), key(new JsonObject().put("a", 1)));
    assertNotEquals(key(new JsonObject().put("a", "true")), key(new JsonObject().put("a", true)));
  }
}
