package ai.rivano.gateway.middleware.policy;

import ai.rivano.gateway.middleware.content.ResponseTexts;
import ai.rivano.gateway.middleware.pii.PiiEntity;
import ai.rivano.gateway.routing.translate.WireFormat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Restoring tokens in a stream: wherever the text is cut into pieces, the released text is exactly the restored
 * whole, and only a tail that could still become a token is ever held.
 */
class TokenRestorerTest {

  private TokenVault vault;
  private String email;
  private String phone;
  private String address;
  private List<String> texts;

  @BeforeEach
  void tokenize() {
    vault = new TokenVault();
    email = vault.tokenize(PiiEntity.EMAIL, "jane@example.com");
    phone = vault.tokenize(PiiEntity.PHONE, "+1 555 010 9999");
    address = vault.tokenize(PiiEntity.ADDRESS, "1 \"Quoted\" Rd\\");
    texts = List.of(
        "Write to " + email + " or call " + phone + ".",
        email + phone + email,
        "PII_PII_" + email + " P PI PII PII_ PII_EMAIL_ " + email.substring(0, email.length() - 1) + "!",
        "{\"to\":\"" + email + "\",\"where\":\"" + address + "\"}",
        "no tokens at all, but a P at the end P",
        "PII_IP_ADDRESS_abcdef and " + address.substring(0, 9));
  }

  /** Feeds {@code pieces} through one restorer and returns what came out, concatenated. */
  private String stream(List<String> pieces, boolean json) {
    TokenRestorer restorer = vault.restorer(json);
    StringBuilder out = new StringBuilder();
    for (String piece : pieces) {
      out.append(restorer.next(piece));
    }
    return out.append(restorer.flush()).toString();
  }

  @Test
  void everySinglePositionSplitGivesTheWholeRestoredText() {
    for (boolean json : new boolean[] {false, true}) {
      for (String text : texts) {
        String expected = vault.restore(text, json);
        for (int cut = 0; cut <= text.length(); cut++) {
          assertEquals(expected, stream(List.of(text.substring(0, cut), text.substring(cut)), json),
              "cut at " + cut + " of " + text);
        }
      }
    }
  }

  @Test
  void everyPairOfSplitPositionsGivesTheWholeRestoredText() {
    String text = texts.get(1);
    String expected = vault.restore(text);
    for (int a = 0; a <= text.length(); a++) {
      for (int b = a; b <= text.length(); b++) {
        assertEquals(expected, stream(List.of(text.substring(0, a), text.substring(a, b), text.substring(b)), false),
            "cuts at " + a + ", " + b);
      }
    }
  }

  @Test
  void characterByCharacterAndRandomSplits() {
    Random random = new Random(7);
    for (String text : texts) {
      String expected = vault.restore(text);
      List<String> chars = new ArrayList<>();
      text.chars().forEach(c -> chars.add(String.valueOf((char) c)));
      assertEquals(expected, stream(chars, false));
      for (int round = 0; round < 200; round++) {
        List<String> pieces = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
          int next = Math.min(text.length(), at + random.nextInt(6));
          pieces.add(text.substring(at, next));
          at = next;
        }
        assertEquals(expected, stream(pieces, false), "pieces " + pieces);
      }
    }
  }

  @Test
  void onlyATailThatCouldBeAToken() {
    TokenRestorer restorer = vault.restorer(false);
    assertEquals("Hello ", restorer.next("Hello PII_EM"));
    assertTrue(restorer.holding());
    assertEquals("jane@example.com.", restorer.next(email.substring(6) + "."));
    assertFalse(restorer.holding(), "released at once when the token completed");
    assertEquals("plain text", restorer.next("plain text"), "nothing held when the tail cannot start a token");
    assertEquals("x", restorer.next("xP"));
    assertEquals("PAN", restorer.next("AN"), "P then A is not a token: released");
    assertEquals("", restorer.flush());
  }

  @Test
  void jsonTextGetsEscapedValues() {
    String text = "{\"where\":\"" + address + "\"}";
    assertEquals("{\"where\":\"1 \\\"Quoted\\\" Rd\\\\\"}", vault.restore(text, true));
    assertEquals("{\"where\":\"1 \"Quoted\" Rd\\\"}", vault.restore(text, false));
    assertEquals(new JsonObject().put("where", "1 \"Quoted\" Rd\\"),
        new JsonObject(vault.restore(text, true)));
  }

  @Test
  void aWholeResponseGetsItsValuesBackInTextAndToolArguments() {
    JsonObject response = new JsonObject()
        .put("choices", new JsonArray().add(new JsonObject().put("index", 0)
            .put("message", new JsonObject().put("role", "assistant")
                .put("content", "Sent to " + email)
                .put("tool_calls", new JsonArray().add(new JsonObject()
                    .put("id", "c").put("function", new JsonObject().put("name", "f")
                        .put("arguments", "{\"where\":\"" + address + "\"}")))))));
    ResponseTexts texts = ResponseTexts.of(
        WireFormat.OPENAI_CHAT, response);
    vault.restoreIn(texts);
    JsonObject message = response.getJsonArray("choices").getJsonObject(0).getJsonObject("message");
    assertEquals("Sent to jane@example.com", message.getString("content"));
    assertEquals("1 \"Quoted\" Rd\\", new JsonObject(message.getJsonArray("tool_calls")
        .getJsonObject(0).getJsonObject("function").getString("arguments")).getString("where"));
  }

  @Test
  void anEmptyVaultPassesEverythingThrough() {
    TokenVault empty = new TokenVault();
    TokenRestorer restorer = empty.restorer(false);
    assertEquals("PII_EM", restorer.next("PII_EM"));
    assertEquals("PII_EMAIL_a1b2c3", empty.restore("PII_EMAIL_a1b2c3"));
    assertTrue(empty.isEmpty());
  }

  @Test
  void unknownTokensStayAsTheModelWroteThem() {
    assertEquals("PII_EMAIL_zzzzzz and jane@example.com",
        vault.restore("PII_EMAIL_zzzzzz and " + email));
  }
}
