package ai.rivano.gateway.middleware.pii;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Edge cases of each entity: what is matched (exact span) and the look-alikes that are not. */
class PiiDetectorTest {

  private static final PiiDetector DETECTOR = PiiDetector.create();

  /** The values of {@code entity} found in {@code text}. */
  private static List<String> found(PiiEntity entity, String text) {
    return DETECTOR.detect(text, Set.of(entity)).stream().map(m -> text.substring(m.start(), m.end())).toList();
  }

  private static void matches(PiiEntity entity, String value, String text) {
    assertEquals(List.of(value), found(entity, text), text);
  }

  private static void none(PiiEntity entity, String text) {
    assertEquals(List.of(), found(entity, text), text);
  }

  @Test
  void ssnDashedAndSpacedValidNumbers() {
    matches(PiiEntity.SSN, "536-22-1234", "My SSN is 536-22-1234.");
    matches(PiiEntity.SSN, "536 22 1234", "SSN 536 22 1234 on the form");
    matches(PiiEntity.SSN, "899-99-9998", "(899-99-9998)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"000-12-3456", "666-12-3456", "900-12-3456", "999-12-3456", "123-00-4567",
      "123-45-0000", "123-45-6789", "078-05-1120", "219-09-9999", "111-11-1111"})
  void ssnNumbersTheSsaNeverIssuesAreNotMatched(String invalid) {
    none(PiiEntity.SSN, "SSN: " + invalid);
  }

  @Test
  void ssnBareNineDigitsNeedTheWord() {
    matches(PiiEntity.SSN, "536221234", "ssn 536221234");
    matches(PiiEntity.SSN, "536221234", "my social security number is 536221234");
    none(PiiEntity.SSN, "routing number 536221234");
  }

  @Test
  void ssnPartOfALongerIdIsNot() {
    none(PiiEntity.SSN, "ID-536-22-1234");
    none(PiiEntity.SSN, "2024-536-22-1234");
    none(PiiEntity.SSN, "536-22-12345");
    none(PiiEntity.SSN, "536-22-1234-7");
    none(PiiEntity.SSN, "536-22 1234");
  }

  @Test
  void emailCommonShapes() {
    matches(PiiEntity.EMAIL, "john.doe+tag@example.co.uk", "mail john.doe+tag@example.co.uk today");
    matches(PiiEntity.EMAIL, "a_b-c@sub-domain.example.travel", "<a_b-c@sub-domain.example.travel>");
    matches(PiiEntity.EMAIL, "x@q.io", "x@q.io");
    matches(PiiEntity.EMAIL, "jane@example.com", "end of sentence: jane@example.com.");
  }

  @Test
  void emailLookAlikesAreNot() {
    none(PiiEntity.EMAIL, "@Override");
    none(PiiEntity.EMAIL, "follow @rivano_ai");
    none(PiiEntity.EMAIL, "user@localhost");
    none(PiiEntity.EMAIL, "lodash@4.17.21");
    none(PiiEntity.EMAIL, "icon@2x.png");
    none(PiiEntity.EMAIL, "x..y@example.com");
    none(PiiEntity.EMAIL, "a" + "b".repeat(64) + "@example.com");
  }

  @Test
  void emailNonAsciiLetterBeforeTheLocalPartDoesNotYieldASuffix() {
    none(PiiEntity.EMAIL, "müller@example.de");
  }

  @Test
  void phoneNorthAmerican() {
    for (String v : List.of("(415) 555-2671", "415-555-2671", "415.555.2671", "415 555 2671", "1-800-555-0123",
        "+1 415 555 2671", "+1 (206) 555-0100", "+14155552671", "(415)555-2671")) {
      matches(PiiEntity.PHONE, v, "call " + v + " now");
    }
  }

  @Test
  void phoneInternationalAndNational() {
    for (String v : List.of("+44 20 7946 0958", "+44 (0)20 7946 0958", "020 7946 0958", "07700 900123",
        "+49 30 12345678", "030 12345678", "0151/23456789", "+33 1 23 45 67 89", "06.12.34.56.78",
        "+91 98765 43210", "+81 3-1234-5678", "0044 20 7946 0958")) {
      matches(PiiEntity.PHONE, v, "tel: " + v + ".");
    }
  }

  @Test
  void phoneBareDigitsNeedAPhoneWord() {
    matches(PiiEntity.PHONE, "4155552671", "call me at 4155552671");
    none(PiiEntity.PHONE, "account 4155552671");
  }

  @Test
  void phoneIdentifiersInPhoneShapeAreNot() {
    none(PiiEntity.PHONE, "Order #555-123-4567 shipped");
    none(PiiEntity.PHONE, "invoice 415-555-2671");
    none(PiiEntity.PHONE, "ticket no. 415-555-2671");
    none(PiiEntity.PHONE, "IBAN DE89 3704 0044 0532 0130 00");
    none(PiiEntity.PHONE, "FedEx 0834 6546 8494");
    none(PiiEntity.PHONE, "123-456-7890"); // area code 1xx does not exist
  }

  @Test
  void phoneDatesRangesAndNumbersAreNot() {
    for (String t : List.of("2024-03-15", "03/15/2024", "10:30:00", "pages 100-200", "1.2.3.4", "+1.5%",
        "98765 43210", "555-0100 ext 12")) {
      none(PiiEntity.PHONE, t);
    }
  }

  @Test
  void creditCardGroupedOrUnbrokenWithLuhnAndIssuer() {
    for (String v : List.of("4111 1111 1111 1111", "4111-1111-1111-1111", "4111111111111111",
        "5555 5555 5555 4444", "2223 0031 2200 3222", "3782 822463 10005", "378282246310005",
        "6011 1111 1111 1117", "3566 0020 2036 0505", "30569309025904")) {
      matches(PiiEntity.CREDIT_CARD, v, "card " + v + ", exp 12/27");
    }
  }

  @Test
  void creditCardFailingLuhnUnknownIssuerOrWrongLengthIsNot() {
    none(PiiEntity.CREDIT_CARD, "4111 1111 1111 1112");
    none(PiiEntity.CREDIT_CARD, "1234 5678 9012 3452"); // Luhn-valid, no issuer starts with 1
    none(PiiEntity.CREDIT_CARD, "4222222222222"); // 13-digit Visa is no longer issued
    none(PiiEntity.CREDIT_CARD, "3782 8224 6310 0050"); // Amex prefix with 16 digits
    none(PiiEntity.CREDIT_CARD, "4111 1111 1111 1111 1111 1"); // too long
    none(PiiEntity.CREDIT_CARD, "4111 1111-1111 1111"); // mixed separators
  }

  @Test
  void ipAddressV4() {
    matches(PiiEntity.IP_ADDRESS, "192.168.1.10", "server 192.168.1.10:8080 is down");
    matches(PiiEntity.IP_ADDRESS, "10.0.0.0", "route 10.0.0.0/8");
    matches(PiiEntity.IP_ADDRESS, "255.255.255.0", "netmask 255.255.255.0");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.2.3", "1.2.3.4.5", "v1.2.3.4", "version 1.2.3.4", "256.1.1.1", "01.2.3.4",
      "192.168.1.256", "1.3.6.1.4.1", "build 10.0.0.1"})
  void ipAddressVersionStringsAndOutOfRangeAreNot(String text) {
    none(PiiEntity.IP_ADDRESS, text);
  }

  @Test
  void ipAddressV6FullCompressedAndMapped() {
    for (String v : List.of("2001:0db8:85a3:0000:0000:8a2e:0370:7334", "2001:db8:85a3::8a2e:370:7334",
        "fe80::1ff:fe23:4567:890a", "::ffff:192.0.2.1", "fe80::1", "2001:db8::")) {
      matches(PiiEntity.IP_ADDRESS, v, "addr " + v + " seen");
    }
    matches(PiiEntity.IP_ADDRESS, "2001:db8::ff00:42:8329", "http://[2001:db8::ff00:42:8329]:8080/");
  }

  @ParameterizedTest
  @ValueSource(strings = {"std::vector<int>", "a[1::2]", "10:30:00", "00:1A:2B:3C:4D:5E", "Cafe::Add(x)", "::1",
      "dead::beef"})
  void ipAddressCodeTimesAndMacAddressesAreNot(String text) {
    none(PiiEntity.IP_ADDRESS, text);
  }

  @Test
  void passportNeedsThePassportWordBefore() {
    for (String v : List.of("X12345678", "123456789", "C01X00T47", "09AA12345", "J8369854", "AB123456")) {
      matches(PiiEntity.PASSPORT, v, "Passport No.: " + v);
    }
    none(PiiEntity.PASSPORT, "Reservation X12345678 confirmed");
    none(PiiEntity.PASSPORT, "X12345678 is my passport");
  }

  @Test
  void passportNotDatesOrShortTokens() {
    none(PiiEntity.PASSPORT, "my passport expires 2031-05-01");
    none(PiiEntity.PASSPORT, "passport photo 35x45");
    none(PiiEntity.PASSPORT, "passport fee $130");
  }

  @Test
  void nameCuesAndGazetteer() {
    matches(PiiEntity.NAME, "John Smith", "Dear John Smith, thanks.");
    matches(PiiEntity.NAME, "Xiomara", "my name is Xiomara");
    matches(PiiEntity.NAME, "Zuckerberg", "Mr. Zuckerberg called.");
    matches(PiiEntity.NAME, "Sarah", "Sarah said the build is broken.");
    matches(PiiEntity.NAME, "Will Smith", "Will Smith starred in it.");
    matches(PiiEntity.NAME, "Maria Garcia", "Best regards,\nMaria Garcia");
    matches(PiiEntity.NAME, "john smith", "my name is john smith");
    // every lower-case cue, in both cases (the scan's cheap filter reads the cue's last two letters)
    matches(PiiEntity.NAME, "sarah", "hi, i'm sarah and I need help");
    matches(PiiEntity.NAME, "sarah", "hi, im sarah and I need help");
    matches(PiiEntity.NAME, "sarah", "hello, I am sarah");
    matches(PiiEntity.NAME, "sarah", "MY NAME IS sarah");
    matches(PiiEntity.NAME, "sarah", "I AM sarah");
    none(PiiEntity.NAME, "the teams sarah leads");
    matches(PiiEntity.NAME, "Ludwig van Beethoven", "Dear Ludwig van Beethoven,");
    matches(PiiEntity.NAME, "O'Brien", "Mrs. O'Brien phoned");
    matches(PiiEntity.NAME, "Sarah", "Sarah's laptop");
    matches(PiiEntity.NAME, "Rupert Brown", "I spoke with Rupert Brown yesterday");
  }

  @Test
  void nameWordsPlacesAndOrganisationsAreNot() {
    for (String t : List.of("Will you come?", "May I ask?", "Mark the task as done.", "Georgia Tech won.",
        "Beverly Hills", "The New York Times", "Dear Customer,", "Python and Ruby", "NASA and ESA",
        "Central Park views", "Happy New Year!")) {
      none(PiiEntity.NAME, t);
    }
  }

  @Test
  void addressStreetAddressesWithOptionalTail() {
    matches(PiiEntity.ADDRESS, "123 Main Street, Springfield, IL 62704", "I live at 123 Main Street, Springfield, IL 62704.");
    matches(PiiEntity.ADDRESS, "221B Baker Street, London NW1 6XE", "221B Baker Street, London NW1 6XE");
    matches(PiiEntity.ADDRESS, "350 Fifth Avenue, New York, NY 10118", "at 350 Fifth Avenue, New York, NY 10118.");
    matches(PiiEntity.ADDRESS, "500 W Madison St, Chicago, IL 60661", "Pick-up: 500 W Madison St, Chicago, IL 60661");
    matches(PiiEntity.ADDRESS, "10 S Main St, Apt 2", "10 S Main St, Apt 2");
    matches(PiiEntity.ADDRESS, "2300 Oak Street, Vancouver, BC V6H 3G3", "2300 Oak Street, Vancouver, BC V6H 3G3");
    matches(PiiEntity.ADDRESS, "12 main street", "i live at 12 main street");
    matches(PiiEntity.ADDRESS, "P.O. Box 4521", "Mail checks to P.O. Box 4521.");
    matches(PiiEntity.ADDRESS, "42 Willow Court", "We moved to 42 Willow Court last year");
  }

  @Test
  void addressNumbersFollowedByWordsAreNot() {
    for (String t : List.of("I have 3 apples", "Top 10 Street Foods", "The 3 Best Way to Learn",
        "Route 66 road trip", "It takes 20 minutes to drive there", "42 Willow Court hearings",
        "We need 5 Park passes", "Hauptstraße 5, 10115 Berlin")) {
      none(PiiEntity.ADDRESS, t);
    }
  }

  @Test
  void resolutionMatchesAreSortedAndNeverOverlap() {
    String text = "Mail jane@example.com or call +1 415 555 2671; card 4111 1111 1111 1111; Dear John Smith";
    List<PiiMatch> all = DETECTOR.detect(text);
    assertEquals(List.of(PiiEntity.EMAIL, PiiEntity.PHONE, PiiEntity.CREDIT_CARD, PiiEntity.NAME),
        all.stream().map(PiiMatch::entity).toList());
    for (int k = 1; k < all.size(); k++) {
      assertTrue(all.get(k - 1).end() <= all.get(k).start());
    }
  }

  @Test
  void resolutionTheLongerCandidateWins() {
    // "Paul Jones" alone would also be a name; the whole is longer
    matches(PiiEntity.NAME, "John Paul Jones", "John Paul Jones arrived");
    // an address that contains a phone-shaped house number is one address
    assertEquals(List.of(PiiEntity.ADDRESS),
        DETECTOR.detect("I live at 12 Main Street.").stream().map(PiiMatch::entity).toList());
  }

  @Test
  void resolutionOnlyTheRequestedEntities() {
    String text = "jane@example.com, 536-22-1234";
    assertEquals(List.of(PiiEntity.SSN), DETECTOR.detect(text, Set.of(PiiEntity.SSN)).stream()
        .map(PiiMatch::entity).toList());
    assertEquals(List.of(), DETECTOR.detect(text, Set.of()));
  }

  @Test
  void holdFromReleasesTextThatCannotStartAMatch() {
    assertEquals(12, DETECTOR.holdFrom("Hello world "));
    assertEquals("Hello ".length(), DETECTOR.holdFrom("Hello world"), "a trailing word may become an email");
  }

  @Test
  void holdFromHoldsPartialValues() {
    assertEquals("Mail ".length(), DETECTOR.holdFrom("Mail jane@exa"));
    assertEquals("Card ".length(), DETECTOR.holdFrom("Card 4111 1111 "));
    assertEquals("Dear ".length(), DETECTOR.holdFrom("Dear John"));
    assertEquals("I live at ".length(), DETECTOR.holdFrom("I live at 123 Main"));
    assertEquals("ip ".length(), DETECTOR.holdFrom("ip 192.168.1."));
  }

  @Test
  void holdFromACompleteValueIsHeldUntilWhatFollowsDecidesIt() {
    String text = "call 415-555-2671";
    assertEquals("call ".length(), DETECTOR.holdFrom(text), "it could still continue: 415-555-2671-99");
    assertEquals((text + ". ").length(), DETECTOR.holdFrom(text + ". "));
  }

  @Test
  void holdFromNeverMoreThanTheLimit() {
    String text = "x".repeat(50) + " " + "a".repeat(500);
    assertTrue(text.length() - DETECTOR.holdFrom(text) <= PiiDetector.HOLD_BACK_LIMIT);
  }

  @Test
  void hostileInputStaysLinear() {
    // many triggers in a row: every one reads a bounded distance, so 200 KB of them stays fast
    String digits = "1 ".repeat(50_000) + "A ".repeat(50_000) + "@a".repeat(25_000) + "a:".repeat(25_000);
    long start = System.nanoTime();
    DETECTOR.detect(digits);
    DETECTOR.holdFrom(digits);
    assertTrue(System.nanoTime() - start < 10_000_000_000L, "generous bound: quadratic work would take minutes");
  }
}
