package ai.rivano.gateway.middleware.pii;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stream window's contract: for any split of a text into chunks, what it releases equals the whole text
 * with every match of {@code detect(whole text)} replaced, and only a suspicious tail is ever held.
 */
class PiiStreamWindowTest {

  private static final PiiDetector DETECTOR = PiiDetector.create();
  private static final Set<PiiEntity> ALL = EnumSet.allOf(PiiEntity.class);

  /** Shows entity, stream position and value, so a misplaced or misaligned replacement cannot go unnoticed. */
  private static final PiiStreamWindow.Replacer REPLACER =
      (m, value) -> "<" + m.entity().configName() + "@" + m.start() + ":" + value + ">";

  /** Sentences holding every entity type, in the shapes the detector knows, plus near misses. */
  static final List<String> SNIPPETS = List.of(
      "My SSN is 536-22-1234.",
      "ssn 536221234 on file",
      "Card: 4111 1111 1111 1111, exp 12/27.",
      "Amex 3782 822463 10005 and MC 5555-5555-5555-4444",
      "Write to john.doe+tag@example.co.uk today",
      "mail jane@sub.example.com.",
      "Call (415) 555-2671 or +44 20 7946 0958!",
      "ring +49 30 12345678 / 06.12.34.56.78",
      "server 192.168.1.10:8080 and 2001:db8:85a3::8a2e:370:7334 ok",
      "fe80::1 or ::ffff:192.0.2.1",
      "Passport No.: X12345678",
      "Dear John Smith,",
      "my name is priya patel and ",
      "Thanks, Sarah! Mr. Zuckerberg met Will Smith.",
      "I live at 123 Main Street, Springfield, IL 62704.",
      "Ship to 221B Baker Street, London NW1 6XE",
      "PO Box 1234",
      "Best regards,\nMaria Garcia",
      "Order #555-123-4567 shipped; version 1.2.3.4; 1.2.3.4.5; std::vector; 10:30:00",
      "Invalid 123-45-6789 and 4111 1111 1111 1112 and 2024-03-15.",
      "plain words without anything personal in them at all ",
      "\n", " ", ". ", "12", "A", "@", "+1", "(", ":", "::", "-");

  @Test
  void everySplitPointOfEverySnippetGivesTheWholeTextAnswer() {
    List<String> texts = new ArrayList<>(SNIPPETS);
    texts.add(String.join(" ", SNIPPETS));
    for (String text : texts) {
      String expected = redactWhole(text);
      for (int cut = 0; cut <= text.length(); cut++) {
        assertEquals(expected, stream(text, List.of(cut)), "split at " + cut + " of: " + text);
      }
      assertEquals(expected, streamCharByChar(text), "one char per chunk: " + text);
    }
  }

  @Property(tries = 300)
  void anyChunkingOfSentencesGivesTheWholeTextAnswer(@ForAll("sentences") String text,
      @ForAll @Size(max = 40) List<@IntRange(min = 0, max = 400) Integer> cuts) {
    assertEquals(redactWhole(text), stream(text, cuts));
  }

  @Property(tries = 500)
  void anyChunkingOfPiiShapedNoiseGivesTheWholeTextAnswer(@ForAll("noise") String text,
      @ForAll @Size(max = 30) List<@IntRange(min = 0, max = 120) Integer> cuts) {
    assertEquals(redactWhole(text), stream(text, cuts));
  }

  @Provide
  Arbitrary<String> sentences() {
    return Arbitraries.of(SNIPPETS).list().ofMinSize(1).ofMaxSize(8).map(parts -> String.join("", parts));
  }

  /** Characters PII is made of: digits, separators, '@', capitals, hex letters, name pieces. */
  @Provide
  Arbitrary<String> noise() {
    Arbitrary<String> pieces = Arbitraries.oneOf(
        Arbitraries.strings().withChars("0123456789 -.()+@:/#,abcdefABCDEF\n").ofMinLength(1).ofMaxLength(12),
        Arbitraries.of("John", "Smith", "Dear ", "Mr. ", "Street", " St", "passport ", "ssn ", "phone ", "x.y",
            "@example.com", "192.168.", "::", "4111 1111 ", "555-", "(415) ", "+44 ", "name is ", "Apt 4B", ", IL "));
    return pieces.list().ofMinSize(1).ofMaxSize(12).map(parts -> String.join("", parts));
  }

  @Test
  void textThatCannotStartAMatchIsReleasedAtOnce() {
    PiiStreamWindow window = new PiiStreamWindow(DETECTOR, ALL, REPLACER);
    assertEquals("The weather is nice ", window.push("The weather is nice "));
    assertEquals(0, window.held());
    assertEquals("", window.push("tod"), "a trailing word could still become an email address");
    assertEquals("today. ", window.push("ay. "));
  }

  @Test
  void aSuspiciousTailIsHeldUntilItIsDecided() {
    PiiStreamWindow window = new PiiStreamWindow(DETECTOR, ALL, REPLACER);
    assertEquals("Card ", window.push("Card 4111 1111"));
    assertEquals("", window.push(" 1111 11"));
    assertEquals("", window.push("11 thanks"), "'1111 thanks' could still become '1111 thanks road'");
    assertEquals("<credit_card@5:4111 1111 1111 1111> thanks. ", window.push(". "));
    assertEquals(Set.of(PiiEntity.CREDIT_CARD), window.seen());
  }

  @Test
  void aCueReleasedEarlierStillCounts() {
    PiiStreamWindow window = new PiiStreamWindow(DETECTOR, Set.of(PiiEntity.NAME), REPLACER);
    assertEquals("Hello, my name is ", window.push("Hello, my name is "));
    String out = window.push("Xiomara and") + window.push(" more") + window.finish();
    assertEquals("<name@18:Xiomara> and more", out);
  }

  @Test
  void neverHoldsMoreThanTheLimit() {
    PiiStreamWindow window = new PiiStreamWindow(DETECTOR, ALL, REPLACER);
    StringBuilder released = new StringBuilder();
    String longWord = "a".repeat(1000);
    for (int k = 0; k < longWord.length(); k += 7) {
      released.append(window.push(longWord.substring(k, Math.min(longWord.length(), k + 7))));
      assertTrue(window.held() <= PiiDetector.HOLD_BACK_LIMIT, "held " + window.held());
    }
    released.append(window.finish());
    assertEquals(longWord, released.toString());
  }

  @Test
  void withNoEntitiesEverythingPassesThrough() {
    PiiStreamWindow window = new PiiStreamWindow(DETECTOR, Set.of(), REPLACER);
    assertEquals("john@example.com", window.push("john@example.com"));
    assertEquals("", window.finish());
  }

  static String redactWhole(String text) {
    StringBuilder out = new StringBuilder();
    int p = 0;
    for (PiiMatch m : DETECTOR.detect(text)) {
      out.append(text, p, m.start()).append(REPLACER.replace(m, text.substring(m.start(), m.end())));
      p = m.end();
    }
    return out.append(text.substring(p)).toString();
  }

  /** Streams {@code text} cut at the given points (sorted, clamped). */
  static String stream(String text, List<Integer> cuts) {
    List<Integer> points = new ArrayList<>();
    for (int c : cuts) {
      points.add(Math.min(c, text.length()));
    }
    points.sort(Integer::compare);
    PiiStreamWindow window = new PiiStreamWindow(DETECTOR, ALL, REPLACER);
    StringBuilder out = new StringBuilder();
    int from = 0;
    for (int c : points) {
      out.append(window.push(text.substring(from, c)));
      from = c;
    }
    out.append(window.push(text.substring(from)));
    return out.append(window.finish()).toString();
  }

  private static String streamCharByChar(String text) {
    PiiStreamWindow window = new PiiStreamWindow(DETECTOR, ALL, REPLACER);
    StringBuilder out = new StringBuilder();
    for (int k = 0; k < text.length(); k++) {
      out.append(window.push(text.substring(k, k + 1)));
    }
    return out.append(window.finish()).toString();
  }
}
