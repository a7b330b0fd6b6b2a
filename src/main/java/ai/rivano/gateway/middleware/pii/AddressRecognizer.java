package ai.rivano.gateway.middleware.pii;

/**
 * Street addresses (US/UK/Canadian style: number first) and PO boxes.
 *
 * <p>Grammar: house number (1-6 digits, optional letter: {@code 221B}) · optional direction ({@code N},
 * {@code West}) · 1-4 street-name words (capitalised words or ordinals: {@code Martin Luther King},
 * {@code 5th}) · a street suffix ({@code Street/St, Avenue/Ave, Road/Rd, Boulevard/Blvd, Lane, Drive, …}) ·
 * optional direction ({@code NW}) · optional unit ({@code , Apt 4B}, {@code Suite 200}, {@code #12}) · optional
 * {@code , City, ST 12345(-6789)} / {@code , City, State} / {@code , City K1A 0B1} / {@code , London NW1 6XE}
 * (the city is only taken with the state or postcode that confirms it). Street-name words may be lower case
 * only before the unambiguous suffixes street/avenue/road/boulevard/lane ("12 main street"). Suffixes that are
 * also ordinary words (Way, Court, Place, Park, Hill, Point, Run, View, …) need a unit, a city/state/postcode,
 * or an address cue before the number ("live at", "address", "ship to", "located at", …): "the 3 Best Way"
 * in a heading is not an address. {@code PO Box 1234} / {@code P.O. Box 1234} are matched with the same
 * optional tail. Continental layouts (street before number: {@code Hauptstraße 5}) are not matched.
 */
final class AddressRecognizer {

  private static final int MAX_LENGTH = 150;

  private static final WordTable STRONG_SUFFIXES = WordTable.of("street", "st", "avenue", "ave", "av", "road",
      "rd", "boulevard", "blvd", "lane", "ln", "drive", "dr", "parkway", "pkwy", "highway", "hwy", "terrace",
      "ter", "terr", "crescent", "cres", "mews", "ct", "pl", "sq", "cir", "trl", "aly", "plz", "gdns",
      "expressway", "expy", "freeway", "fwy", "turnpike", "tpke", "causeway", "esplanade", "embankment");
  private static final WordTable WEAK_SUFFIXES = WordTable.of("way", "court", "place", "square", "circle",
      "close", "row", "loop", "pike", "plaza", "path", "walk", "gardens", "grove", "hill", "park", "parade",
      "point", "ridge", "run", "view", "green", "commons", "crossing", "heights", "trail", "alley", "quay",
      "wharf", "meadows", "gate", "yard", "end", "rise", "vale", "bend", "cove", "creek", "glen", "hollow",
      "landing", "manor", "pass", "pointe", "spur", "station", "summit", "village");
  private static final WordTable LOWER_CASE_SUFFIXES = WordTable.of("street", "avenue", "road", "boulevard",
      "lane");
  private static final WordTable DIRECTIONS = WordTable.of("n", "s", "e", "w", "ne", "nw", "se", "sw",
      "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest");
  private static final WordTable UNITS = WordTable.of("apt", "apartment", "suite", "ste", "unit", "floor",
      "fl", "room", "rm", "bldg", "building", "flat", "dept");
  private static final WordTable STATE_CODES = WordTable.of("AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE",
      "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT",
      "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT",
      "VT", "VA", "WA", "WV", "WI", "WY", "DC", "PR", "AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE",
      "QC", "SK", "YT");
  private static final WordTable STATE_NAMES = WordTable.of("alabama", "alaska", "arizona", "arkansas",
      "california", "colorado", "connecticut", "delaware", "florida", "georgia", "hawaii", "idaho", "illinois",
      "indiana", "iowa", "kansas", "kentucky", "louisiana", "maine", "maryland", "massachusetts", "michigan",
      "minnesota", "mississippi", "missouri", "montana", "nebraska", "nevada", "new hampshire", "new jersey",
      "new mexico", "new york", "north carolina", "north dakota", "ohio", "oklahoma", "oregon", "pennsylvania",
      "rhode island", "south carolina", "south dakota", "tennessee", "texas", "utah", "vermont", "virginia",
      "washington", "west virginia", "wisconsin", "wyoming", "ontario", "quebec", "alberta", "manitoba",
      "saskatchewan", "nova scotia", "british columbia", "new brunswick");
  private static final String[] CUES = {"live at", "lives at", "living at", "address", "ship to", "deliver to",
      "send to", "mail to", "located at", "moved to", "office at", "office is at", "visit us at", "find us at",
      "meet at", "based at", "reside at", "residence", "home at", "headquarters", "hq at", "located on"};

  private static final WordTable PLACE_PREPOSITIONS = WordTable.of("at", "to", "near", "from", "on");
  private static final String[] PO_BOX = {"po box ", "p.o. box ", "p. o. box ", "p o box ", "post office box "};

  private AddressRecognizer() {
  }

  /** {@code i} is a digit that starts a token. */
  static void tryNumber(Scan s, int i) {
    s.evaluate(PiiEntity.ADDRESS, i, AddressRecognizer::street);
  }

  /** {@code i} is an upper-case 'P' that starts a token: "PO Box", "P.O. Box", "Post Office Box". */
  static void tryPoBox(Scan s, int i) {
    s.evaluate(PiiEntity.ADDRESS, i, AddressRecognizer::poBox);
  }

  private static int poBox(Scan s, int i) {
    int p = -1;
    for (String form : PO_BOX) {
      if (s.regionIs(i, form)) {
        p = i + form.length();
        break;
      }
    }
    if (p < 0) {
      return -1;
    }
    int run = s.digitRun(p, 6);
    return run >= 1 && run <= 6 && s.endsToken(p + run) ? tail(s, p + run) : -1;
  }

  private static int street(Scan s, int i) {
    int run = s.digitRun(i, 6);
    if (run > 6) {
      return -1;
    }
    int p = i + run;
    if (Chars.asciiLetter(s.at(p)) && !Chars.letterOrDigit(s.at(p + 1))) {
      p++; // 221B
    }
    if (!Chars.blank(s.at(p))) {
      return -1;
    }
    p++;
    int nameWords = 0;
    boolean lowerName = false;
    boolean direction = false;
    int words = 0;
    while (words < 6) {
      int wStart = p;
      int wEnd = wordOrOrdinalEnd(s, wStart);
      if (wEnd == wStart || wEnd - i > MAX_LENGTH) {
        return -1;
      }
      words++;
      boolean capital = Chars.upper(s.at(wStart)) || Chars.digit(s.at(wStart));
      boolean strong = STRONG_SUFFIXES.contains(s.text, wStart, wEnd);
      boolean weak = !strong && WEAK_SUFFIXES.contains(s.text, wStart, wEnd);
      if ((strong || weak) && (nameWords > 0 || direction)) {
        boolean lowerSuffix = !capital;
        if ((lowerSuffix || lowerName) && !LOWER_CASE_SUFFIXES.contains(s.text, wStart, wEnd)) {
          return -1;
        }
        int end = wEnd;
        int next = nextWordStart(s, end);
        if (next > 0 && capital) {
          int nextEnd = wordOrOrdinalEnd(s, next);
          if (STRONG_SUFFIXES.contains(s.text, next, nextEnd) || WEAK_SUFFIXES.contains(s.text, next, nextEnd)) {
            end = nextEnd; // "Park Avenue", "Ocean Park Road"
            weak = false;
          }
        }
        int afterDirection = postDirection(s, end);
        int full = tail(s, afterDirection);
        if (weak && full == afterDirection && !s.keywordBefore(i, 30, CUES) && !placePreposition(s, i)) {
          return -1;
        }
        return full;
      }
      if (words == 1 && DIRECTIONS.contains(s.text, wStart, wEnd) && capital) {
        direction = true; // "N Main St", "West Madison Street", and "12 West Street" itself
      } else if (capital) {
        nameWords++;
      } else if (Chars.lower(s.at(wStart)) && nameWords == 0) {
        nameWords++;
        lowerName = true;
      } else {
        return -1;
      }
      if (nameWords > 4) {
        return -1;
      }
      int next = nextWordStart(s, wEnd);
      if (next < 0) {
        return -1;
      }
      p = next;
    }
    return -1;
  }

  /** "at 12 Elm Court", "moved to …", "near …": a preposition of place right before the house number. */
  private static boolean placePreposition(Scan s, int i) {
    int w = s.previousWordStart(i);
    return w >= 0 && w + 6 >= i && PLACE_PREPOSITIONS.contains(s.text, w, s.wordEnd(w));
  }

  /** End of a word (letters, inner apostrophes/hyphens) or an ordinal (5th, 42nd) starting at {@code p}. */
  private static int wordOrOrdinalEnd(Scan s, int p) {
    char c = s.at(p);
    if (Chars.digit(c)) {
      int run = s.digitRun(p, 3);
      if (run > 3) {
        return p;
      }
      int q = p + run;
      if (s.regionIs(q, "st") || s.regionIs(q, "nd") || s.regionIs(q, "rd") || s.regionIs(q, "th")) {
        return Chars.letter(s.at(q + 2)) ? p : q + 2;
      }
      return p;
    }
    int q = p;
    while (true) {
      char d = s.at(q);
      if (Chars.letter(d)) {
        q++;
      } else if ((d == '\'' || d == '-') && q > p && Chars.letter(s.at(q + 1))) {
        q++;
      } else {
        break;
      }
      if (q - p > 30) {
        return p;
      }
    }
    return q;
  }

  /** Start of the next word after exactly one blank, or -1. */
  private static int nextWordStart(Scan s, int end) {
    if (!Chars.blank(s.at(end))) {
      return -1;
    }
    char c = s.at(end + 1);
    return Chars.letter(c) || Chars.digit(c) ? end + 1 : -1;
  }

  private static int postDirection(Scan s, int end) {
    int next = nextWordStart(s, end);
    if (next > 0) {
      int e = wordOrOrdinalEnd(s, next);
      if (e - next <= 2 && Chars.upper(s.at(next)) && DIRECTIONS.contains(s.text, next, e)
          && !Chars.letterOrDigit(s.at(e))) {
        return e;
      }
    }
    return end;
  }

  /** Optional unit and confirmed city/state/postcode after {@code end}; returns the new end. */
  private static int tail(Scan s, int end) {
    int p = end;
    if (s.at(p) == '.') {
      p++; // "St." before a comma
    }
    int unit = unit(s, p);
    if (unit > 0) {
      end = unit;
      p = unit;
    }
    if (s.at(p) == ',' && Chars.blank(s.at(p + 1))) {
      int place = cityStatePostcode(s, p + 2);
      if (place > 0) {
        return place;
      }
    }
    return end;
  }

  private static int unit(Scan s, int p) {
    int q = p;
    if (s.at(q) == ',') {
      q++;
    }
    if (!Chars.blank(s.at(q))) {
      return -1;
    }
    q++;
    if (s.at(q) != '#') {
      int wEnd = s.wordEnd(q);
      if (wEnd == q || !UNITS.contains(s.text, q, wEnd)) {
        return -1;
      }
      q = wEnd;
      if (s.at(q) == '.') {
        q++;
      }
      if (!Chars.blank(s.at(q))) {
        return -1;
      }
      q++;
    }
    if (s.at(q) == '#') {
      q++;
    }
    int t = q;
    boolean digit = false;
    while (t - q < 6 && Chars.letterOrDigit(s.at(t))) {
      digit |= Chars.digit(s.at(t));
      t++;
    }
    return t > q && t - q < 6 && digit && s.endsToken(t) ? t : -1;
  }

  /** "City, ST 12345", "City, State", "City ST", "City K1A 0B1", "City NW1 6XE": the end, or -1. */
  private static int cityStatePostcode(Scan s, int p) {
    int q = p;
    for (int words = 0; words < 3; words++) {
      if (!Chars.upper(s.at(q))) {
        return -1;
      }
      int e = s.wordEnd(q);
      if (e - q < 2) {
        return -1;
      }
      q = e;
      char c = s.at(q);
      int afterSeparator;
      if (c == ',' && Chars.blank(s.at(q + 1))) {
        afterSeparator = q + 2;
      } else if (Chars.blank(c)) {
        afterSeparator = q + 1;
      } else {
        return -1;
      }
      int region = region(s, afterSeparator);
      if (region > 0) {
        return region;
      }
      if (c == ',') {
        return -1;
      }
      q = afterSeparator;
    }
    return -1;
  }

  /** A state (code or name, optional ZIP) or a UK/Canadian postcode at {@code p}: its end, or -1. */
  private static int region(Scan s, int p) {
    int post = ukOrCanadianPostcode(s, p);
    if (post > 0) {
      return post;
    }
    int e = s.wordEnd(p);
    int stateEnd = -1;
    if (e - p == 2 && Chars.asciiUpper(s.at(p)) && Chars.asciiUpper(s.at(p + 1))
        && STATE_CODES.contains(s.text, p, e)) {
      stateEnd = e;
    } else if (e > p && Chars.upper(s.at(p))) {
      if (STATE_NAMES.contains(s.text, p, e)) {
        stateEnd = e;
      }
      int second = nextWordStart(s, e);
      if (second > 0 && Chars.upper(s.at(second))) {
        int e2 = s.wordEnd(second);
        if (STATE_NAMES.contains(s.text, p, e2)) {
          stateEnd = e2;
        }
      }
    }
    if (stateEnd < 0) {
      return -1;
    }
    if (Chars.blank(s.at(stateEnd))) {
      int zip = stateEnd + 1;
      int canadian = ukOrCanadianPostcode(s, zip);
      if (canadian > 0) {
        return canadian; // "Ottawa, ON K1A 0B1"
      }
      if (s.digitRun(zip, 5) == 5) {
        int z = zip + 5;
        if (s.at(z) == '-' && s.digitRun(z + 1, 4) == 4) {
          z += 5;
        }
        if (s.endsToken(z)) {
          return z;
        }
      }
    }
    return s.endsToken(stateEnd) ? stateEnd : -1;
  }

  /** UK {@code NW1 6XE} / {@code SW1A 1AA} or Canadian {@code K1A 0B1}: its end, or -1. */
  private static int ukOrCanadianPostcode(Scan s, int p) {
    // Canadian: A9A 9A9
    if (Chars.asciiUpper(s.at(p)) && Chars.digit(s.at(p + 1)) && Chars.asciiUpper(s.at(p + 2))
        && Chars.blank(s.at(p + 3)) && Chars.digit(s.at(p + 4)) && Chars.asciiUpper(s.at(p + 5))
        && Chars.digit(s.at(p + 6)) && s.endsToken(p + 7)) {
      return p + 7;
    }
    // UK outward code: A9, A9A, A99, AA9, AA9A, AA99; then blank, 9AA
    int q = p;
    int letters = 0;
    while (letters < 2 && Chars.asciiUpper(s.at(q))) {
      q++;
      letters++;
    }
    if (letters == 0 || !Chars.digit(s.at(q))) {
      return -1;
    }
    q++;
    if (Chars.digit(s.at(q)) || Chars.asciiUpper(s.at(q))) {
      q++;
    }
    if (!Chars.blank(s.at(q))) {
      return -1;
    }
    q++;
    if (Chars.digit(s.at(q)) && Chars.asciiUpper(s.at(q + 1)) && Chars.asciiUpper(s.at(q + 2))
        && s.endsToken(q + 3)) {
      return q + 3;
    }
    return -1;
  }
}
