package ai.rivano.gateway.middleware.policy;

import ai.rivano.gateway.middleware.pii.PiiEntity;
import ai.rivano.gateway.middleware.policy.Verdict.Redaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The four strategies on text: mask, partial per entity, tokenize, and what overlapping ranges become. */
class RedactionTest {

  private static Redaction span(String text, String value, PiiEntity entity, RedactionStrategy strategy) {
    int at = text.indexOf(value);
    return new Redaction(0, at, at + value.length(), entity, strategy, "p");
  }

  private static String redact(String text, String value, PiiEntity entity, RedactionStrategy strategy) {
    return Redactor.apply(text, List.of(span(text, value, entity, strategy)), new TokenVault());
  }

  @Test
  void maskIsTheSpecsRedacted() {
    assertEquals("ssn [REDACTED] ok", redact("ssn 123-45-6789 ok", "123-45-6789", PiiEntity.SSN, RedactionStrategy.MASK));
  }

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "EMAIL       | john.doe@example.com    | j***@example.com",
      "EMAIL       | x@y.io                  | x***@y.io",
      "EMAIL       | not-an-email            | n***",
      "SSN         | 123-45-6789             | *****6789",
      "SSN         | 123 45 6789             | *** ** 6789",
      "PHONE       | +1 (555) 010-9999       | +* (***) ***-9999",
      "PHONE       | 911                     | **1",
      "CREDIT_CARD | 4111 1111 1111 1111     | **** **** **** 1111",
      "CREDIT_CARD | 4111111111111111        | ************1111",
      "IP_ADDRESS  | 192.168.1.20            | 192.*.*.*",
      "IP_ADDRESS  | 2001:db8::1             | 2001:***",
      "IP_ADDRESS  | ::ffff:10.0.0.1         | ::***",
      "PASSPORT    | X12345678               | ******678",
      "NAME        | John Smith              | J*** S***",
      "NAME        | Zoë                     | Z***",
      "ADDRESS     | 221B Baker Street       | 2***"})
  void partialKeepsWhatLetsTheOwnerRecogniseIt(PiiEntity entity, String value, String expected) {
    String text = "<" + value + ">";
    assertEquals("<" + expected.replace("*****6789", "***-**-6789") + ">",
        redact(text, value, entity, RedactionStrategy.PARTIAL));
  }

  @Test
  void partialOfAPatternMatchKeepsOneCharacter() {
    assertEquals("key s***!", Redactor.apply("key sk-abc123!", List.of(new Redaction(0, 4, 13, null,
        RedactionStrategy.PARTIAL, "p")), null));
  }

  @Test
  void tokenizeGivesOneStableTokenPerValueWithinARequest() {
    TokenVault vault = new TokenVault();
    String text = "a@x.io, b@x.io, a@x.io";
    List<Redaction> spans = List.of(
        new Redaction(0, 0, 6, PiiEntity.EMAIL, RedactionStrategy.TOKENIZE, "t"),
        new Redaction(0, 8, 14, PiiEntity.EMAIL, RedactionStrategy.TOKENIZE, "t"),
        new Redaction(0, 16, 22, PiiEntity.EMAIL, RedactionStrategy.TOKENIZE, "t"));
    String out = Redactor.apply(text, spans, vault);
    String[] tokens = out.split(", ");
    assertTrue(tokens[0].matches("PII_EMAIL_[0-9a-f]{6}"), out);
    assertEquals(tokens[0], tokens[2], "the same value, the same token");
    assertNotEquals(tokens[0], tokens[1]);
    assertEquals(text, vault.restore(out));
    assertTrue(vault.tokenize(PiiEntity.CREDIT_CARD, "4111").matches("PII_CREDIT_CARD_[0-9a-f]{6}"));
    assertTrue(vault.tokenize(null, "sk-1").matches("PII_MATCH_[0-9a-f]{6}"));
  }

  @Test
  void overlappingRangesMergeAndMixedStrategiesMask() {
    String text = "contact: jane@example.com today";
    Redaction email = span(text, "jane@example.com", PiiEntity.EMAIL, RedactionStrategy.PARTIAL);
    Redaction pattern = new Redaction(0, 0, 14, null, RedactionStrategy.PARTIAL, "q"); // "contact: jane@"
    assertEquals("[REDACTED] today", Redactor.apply(text, List.of(email, pattern), null),
        "a PII value and a pattern match over it become one range; different entities mean mask");
    Redaction samePartial = span(text, "jane@example.com", PiiEntity.EMAIL, RedactionStrategy.PARTIAL);
    assertEquals("contact: j***@example.com today", Redactor.apply(text, List.of(email, samePartial), null));
    Redaction mask = span(text, "example.com", PiiEntity.EMAIL, RedactionStrategy.MASK);
    assertEquals("contact: [REDACTED] today", Redactor.apply(text, List.of(email, mask), null));
  }

  @Test
  void adjacentRangesStaySeparateAndBadRangesAreSkipped() {
    String text = "abcdef";
    List<Redaction> spans = List.of(
        new Redaction(0, 0, 2, null, RedactionStrategy.MASK, "p"),
        new Redaction(0, 2, 4, null, RedactionStrategy.MASK, "p"),
        new Redaction(0, 5, 99, null, RedactionStrategy.MASK, "p"),
        new Redaction(0, -1, 1, null, RedactionStrategy.MASK, "p"),
        new Redaction(0, 3, 3, null, RedactionStrategy.MASK, "p"));
    assertEquals("[REDACTED][REDACTED]ef", Redactor.apply(text, spans, null));
  }
}
