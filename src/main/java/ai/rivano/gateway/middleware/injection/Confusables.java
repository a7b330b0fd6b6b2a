package ai.rivano.gateway.middleware.injection;

/**
 * Cyrillic and Greek letters that look like Latin ones ("іgnоrе" written with Cyrillic і, о, е), folded to the
 * Latin letter. Only the look-alikes used to dodge filters; not a transliteration.
 */
final class Confusables {

  private static final String FROM =
      "аеорсуххіїјѕһԁɡАВЕКМНОРСТХІЈЅαβεικνορτυχηωΑΒΕΖΗΙΚΜΝΟΡΤΥΧ";
  private static final String TO =
      "aeopcyxxiijshdgABEKMHOPCTXIJSabeikvoptuxnwABEZHIKMNOPTYX";

  private Confusables() {
  }

  static char fold(char c) {
    int at = FROM.indexOf(c);
    return at >= 0 ? TO.charAt(at) : c;
  }
}
