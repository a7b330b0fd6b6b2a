package ai.rivano.gateway.middleware.pii;

/**
 * Person names, by gazetteer and context (no model: it runs inline on every request).
 *
 * <p>A name is 1-3 capitalised words (inner apostrophe/hyphen allowed: O'Brien, Smith-Jones; an initial
 * "J." or a particle such as van/de/bin may sit between them). It is taken when
 * <ul>
 *   <li>a strong cue precedes it ("my name is", "name:", "Dear", "Signed", "Mr./Mrs./Ms./Dr./Prof.", a
 *       sign-off line "Regards,\n"): any capitalised word that is not a stop word;
 *   <li>or its first word is a known given name ({@code given-names.txt}) that is not also a common word,
 *       place or brand ({@code ambiguous-given-names.txt}): "Sarah", "Priya Patel";
 *   <li>or its first word is an ambiguous given name followed by a known surname ({@code surnames.txt}) ("Will
 *       Smith", "Grace Hopper"), or preceded by a weak cue ("Hi", "Thanks,", "I'm", "with", "ask", …).
 * </ul>
 * Following words join the name when capitalised and not a stop word; a following organisation or place
 * word rejects the whole span ("Sarah Connor" yes, "Beverly Hills", "Georgia Tech" no). Lower-case names are taken only right after "my name is" / "I'm"
 * and only from the gazetteers ("my name is john smith"). Known misses: names not in the gazetteers without a
 * cue, all-caps names, surname-first order, names in non-Latin scripts.
 */
final class NameRecognizer {

  // Categories of words, as bits of one table: a word is looked up once however many categories it is asked for.
  static final int GIVEN = 1;
  static final int SURNAME = 1 << 1;
  /** Given names that are also common words, places or brands (ambiguous-given-names.txt). */
  static final int AMBIGUOUS = 1 << 2;
  static final int STOP = 1 << 3;
  /** Words that make a capitalised pair an organisation or a place, not a person. */
  static final int ORGANISATION = 1 << 4;
  static final int TITLE = 1 << 5;
  /** A word before a colon that labels a person: "Name: …", "From: …", "Patient: …". */
  static final int LABEL = 1 << 6;
  static final int STRONG_WORD = 1 << 7;
  static final int SIGN_OFF = 1 << 8;
  static final int WEAK_WORD = 1 << 9;
  static final int CONTEXT_WORD = 1 << 10;
  static final int PARTICLE = 1 << 11;

  private static final int NONE = 0;
  /** A preposition or verb people often follow ("with", "by", "contact"): a known surname must confirm. */
  private static final int CONTEXT = 1;
  /** A greeting or a relation ("Hi", "Thanks,", "my wife"): a known given name suffices. */
  private static final int WEAK = 2;
  /** A title or label ("Mr.", "Dear", "my name is", "Name:"): any capitalised word is a name. */
  private static final int STRONG = 3;
  private static final int MAX_WORD = 25;

  static final WordTable WORDS = new WordTable.Builder()
      .addResource("/pii/given-names.txt", GIVEN)
      .addResource("/pii/surnames.txt", SURNAME)
      .addResource("/pii/ambiguous-given-names.txt", AMBIGUOUS)
      .addResource("/pii/name-stopwords.txt", STOP)
      .addAll(ORGANISATION, "street", "st", "avenue", "ave", "road",
      "rd", "lane", "drive", "boulevard", "river", "lake", "park", "station", "university", "college", "school",
      "hospital", "clinic", "bank", "group", "inc", "corp", "corporation", "llc", "ltd", "plc", "gmbh", "company",
      "co", "foundation", "airport", "tech", "technologies", "technology", "institute", "center", "centre",
      "museum", "library", "church", "hall", "bridge", "tower", "building", "beach", "island", "islands",
      "county", "city", "state", "states", "mountain", "mountains", "valley", "memorial", "square", "times",
      "post", "news", "airlines", "airways", "motors", "labs", "systems", "studios", "press", "records",
      "stadium", "arena", "cafe", "restaurant", "bakery", "store", "stores", "shop", "mall", "market", "hotel",
      "inn", "resort", "club", "united", "fc", "partners", "capital", "ventures", "holdings", "solutions",
      "services", "consulting", "media", "health", "care", "pharma", "energy", "insurance", "financial", "bay",
      "falls", "springs", "heights", "hills", "gardens", "port", "harbor", "harbour", "forest", "desert",
      "coast", "canyon", "creek", "village", "town", "republic", "kingdom", "province", "district", "avenue",
      "lakes", "festival", "award", "awards", "prize", "cup", "league", "series", "day", "week", "act", "law",
      "method", "effect", "syndrome", "disease", "theorem", "test", "scale", "index", "model", "framework",
      "api", "cloud", "app", "apps", "os", "pro", "plus", "max", "mini", "edition", "beer", "wine", "coffee")
      .addAll(TITLE, "mr", "mrs", "ms", "miss", "mx", "dr", "prof",
      "professor", "sir", "dame", "lady", "lord", "madam", "captain", "capt", "officer", "judge", "senator",
      "president", "rev", "reverend", "father", "sister", "brother", "uncle", "aunt", "auntie", "grandma",
      "grandpa", "coach", "nurse", "doctor", "agent", "detective", "inspector", "sergeant", "sgt", "general",
      "colonel", "major", "lieutenant", "lt", "governor", "mayor", "rabbi", "imam", "pastor", "attorney",
      "counsel", "chef")
      .addAll(LABEL, "name", "attn", "attention", "from", "to", "cc", "bcc",
      "patient", "customer", "contact", "client", "employee", "author", "signed", "applicant", "passenger",
      "guest", "member", "owner", "recipient", "sender", "candidate", "tenant", "student", "driver", "witness",
      "beneficiary", "holder", "cardholder", "caller", "requester", "assignee", "reporter", "by", "manager",
      "supervisor", "physician", "emergency contact", "spouse", "parent", "guardian")
      .addAll(STRONG_WORD, "dear", "signed", "named", "sincerely",
      "regards", "yours")
      .addAll(SIGN_OFF, "regards", "sincerely", "thanks", "cheers", "best",
      "yours", "wishes", "respectfully", "cordially", "faithfully", "truly", "love", "warmly", "thank you")
      .addAll(WEAK_WORD, "hi", "hello", "hey", "thanks", "thank", "thx",
      "cheers", "ask", "asked", "tell", "told", "cc", "meet", "met", "called", "emailed", "ping", "congrats",
      "congratulations", "welcome", "patient", "customer", "client", "colleague", "manager", "friend", "son",
      "daughter", "wife", "husband", "mother", "father", "brother", "sister", "mom", "dad", "boss", "coworker",
      "nurse", "doctor", "teacher", "tenant", "neighbor", "neighbour", "partner", "cousin", "uncle", "aunt",
      "grandson", "granddaughter", "nephew", "niece", "fiance", "fiancee", "girlfriend", "boyfriend")
      .addAll(CONTEXT_WORD, "with", "from", "to", "by", "and", "or", "for",
      "about", "per", "via", "contact", "call", "email", "attn", "forward", "spoke", "talked", "ask", "invite",
      "invited", "hired", "introduce", "introducing", "visit", "visited", "thank")
      .addAll(PARTICLE, "van", "von", "de", "da", "del", "della", "di", "du",
      "la", "le", "bin", "binti", "al", "ibn", "ten", "ter", "dos", "das", "y")
      .build();

  private NameRecognizer() {
  }

  /** {@code i} is an upper-case letter with no letter or digit before it. */
  static void tryUpper(Scan s, int i) {
    s.evaluate(PiiEntity.NAME, i, NameRecognizer::capitalised);
  }

  /** {@code i} is a lower-case letter right after a blank: "my name is john smith", "i'm priya". */
  static void tryLower(Scan s, int i) {
    s.evaluate(PiiEntity.NAME, i, NameRecognizer::lowerCase);
  }

  private static int lowerCase(Scan s, int i) {
    int cue = lowerCaseCue(s, i); // look-behind only: no cue, no look-ahead
    if (cue == NONE) {
      return -1;
    }
    int e = wordEnd(s, i);
    int f = e > i ? WORDS.flags(s.text, i, e) : 0;
    boolean given = (f & GIVEN) != 0 && (f & STOP) == 0;
    boolean accepted = given && (cue == STRONG || (f & AMBIGUOUS) == 0);
    if (accepted) {
      int end = e;
      int next = e + 1;
      if (Chars.blank(s.at(e)) && Chars.lower(s.at(next))) {
        int e2 = wordEnd(s, next);
        int f2 = e2 > 0 ? WORDS.flags(s.text, next, e2) : 0;
        if ((f2 & SURNAME) != 0 && (f2 & STOP) == 0) {
          end = e2;
        }
      }
      return end;
    }
    return -1;
  }

  /**
   * Lower-case names only right after "name is" (STRONG) or "I'm" / "I am" (WEAK): after any other word too
   * many ordinary words would be looked up.
   */
  private static int lowerCaseCue(Scan s, int i) {
    int w1 = wordBefore(s, i);
    if (w1 < 0) {
      return NONE;
    }
    int e1 = wordEndLenient(s, w1);
    if (isWord(s, w1, e1, "i'm") || isWord(s, w1, e1, "im")) {
      return WEAK;
    }
    int w2 = wordBefore(s, w1);
    if (w2 < 0) {
      return NONE;
    }
    int e2 = wordEndLenient(s, w2);
    if (isWord(s, w1, e1, "is") && isWord(s, w2, e2, "name")) {
      return STRONG;
    }
    return isWord(s, w1, e1, "am") && isWord(s, w2, e2, "i") ? WEAK : NONE;
  }

  private static int capitalised(Scan s, int i) {
    int e1 = wordEnd(s, i);
    if (e1 < 0 || e1 - i < 2 || allUpper(s, i, e1)) {
      return -1;
    }
    int f1 = WORDS.flags(s.text, i, e1);
    if ((f1 & STOP) != 0) {
      return -1;
    }
    boolean given = (f1 & GIVEN) != 0;
    boolean ambiguous = given && (f1 & AMBIGUOUS) != 0;
    boolean needSurname = false;
    if (!given || ambiguous) {
      int cue = cue(s, i);
      if (cue == STRONG || (cue == WEAK && given)) {
        // taken on the cue
      } else if (ambiguous || cue >= CONTEXT) {
        needSurname = true; // "Will Smith"; "with Rupert Brown"
      } else {
        return -1;
      }
    }
    int end = e1;
    for (int words = 1; words < 3; words++) {
      int next = nextNameWord(s, end);
      if (next < 0) {
        break;
      }
      int e = wordEnd(s, next);
      int f = e > 0 ? WORDS.flags(s.text, next, e) : 0;
      if ((f & ORGANISATION) != 0) {
        boolean surnameToo = given && !ambiguous && (f & SURNAME) != 0; // "Nina Park"
        if (words > 1) {
          break;
        }
        if (!surnameToo) {
          return -1; // "Beverly Hills", "Georgia Tech", "Victoria Park": a place or organisation, not a person
        }
      }
      if (e < 0 || e - next < 2 || allUpper(s, next, e) || (f & STOP) != 0) {
        break;
      }
      boolean known = (f & SURNAME) != 0;
      if ((needSurname && !known) || (words == 2 && !known && (f & GIVEN) == 0)) {
        break;
      }
      needSurname = false;
      end = e;
    }
    return needSurname ? -1 : end;
  }

  /** Start of the next capitalised word of the same name after {@code end} (across an initial or particle), or -1. */
  private static int nextNameWord(Scan s, int end) {
    if (!Chars.blank(s.at(end))) {
      return -1;
    }
    int p = end + 1;
    if (Chars.upper(s.at(p)) && s.at(p + 1) == '.' && Chars.blank(s.at(p + 2))) {
      p += 3; // middle initial: "John F. Kennedy"
    } else if (Chars.lower(s.at(p))) {
      int e = wordEnd(s, p);
      if (e < 0 || (WORDS.flags(s.text, p, e) & PARTICLE) == 0 || !Chars.blank(s.at(e))) {
        return -1;
      }
      p = e + 1; // particle: "Ludwig van Beethoven"
    }
    return Chars.upper(s.at(p)) ? p : -1;
  }

  /**
   * End of the name word at {@code p}: letters with inner apostrophes or hyphens, without a possessive 's;
   * -1 when longer than any name.
   */
  private static int wordEnd(Scan s, int p) {
    int q = p;
    while (true) {
      char c = s.at(q);
      if (Chars.letter(c)) {
        q++;
      } else if ((c == '\'' || c == '\u2019' || c == '-') && q > p && Chars.letter(s.at(q + 1))) {
        q++;
      } else {
        break;
      }
      if (q - p > MAX_WORD) {
        return -1;
      }
    }
    if (q - p > 2 && (s.at(q - 2) == '\'' || s.at(q - 2) == '\u2019') && Chars.toLower(s.at(q - 1)) == 's') {
      q -= 2; // Sarah's → Sarah
    }
    return q;
  }

  private static boolean allUpper(Scan s, int from, int to) {
    for (int k = from; k < to; k++) {
      if (Chars.lower(s.text.charAt(k))) {
        return false;
      }
    }
    return true;
  }

  /** What precedes the word at {@code i} on its line: NONE, WEAK or STRONG evidence of a name. */
  private static int cue(Scan s, int i) {
    CharSequence t = s.text;
    int p = i - 1;
    while (p >= 0 && Chars.blank(t.charAt(p))) {
      p--;
    }
    if (p < 0) {
      return NONE;
    }
    char c = t.charAt(p);
    if (c == '\n' || c == '\r') {
      // a sign-off line above: "Best regards,\nJohn"
      while (p >= 0 && (t.charAt(p) == '\n' || t.charAt(p) == '\r' || Chars.blank(t.charAt(p)))) {
        p--;
      }
      if (p < 0 || t.charAt(p) != ',') {
        return NONE;
      }
      int w = wordBefore(s, p);
      return w >= 0 && (WORDS.flags(t, w, wordEndLenient(s, w)) & SIGN_OFF) != 0 ? STRONG : NONE;
    }
    if (c == '.') {
      int w = wordBefore(s, p);
      return w >= 0 && p - w <= 4 && (WORDS.flags(t, w, p) & TITLE) != 0 ? STRONG : NONE;
    }
    if (c == ':' || c == ',') {
      int w = wordBefore(s, p);
      if (w < 0) {
        return NONE;
      }
      int f = WORDS.flags(t, w, wordEndLenient(s, w));
      if (c == ':') {
        return (f & LABEL) != 0 ? STRONG : NONE;
      }
      if ((f & STRONG_WORD) != 0) {
        return STRONG; // "Signed, …", "Regards, …"
      }
      if ((f & (SIGN_OFF | WEAK_WORD)) != 0) {
        return WEAK;
      }
      return (f & CONTEXT_WORD) != 0 ? CONTEXT : NONE;
    }
    if (!Chars.letter(c)) {
      return NONE;
    }
    int w1 = wordBefore(s, p + 1);
    int e1 = p + 1;
    if (w1 < 0) {
      return NONE;
    }
    int f1 = WORDS.flags(t, w1, e1);
    if ((f1 & (TITLE | STRONG_WORD)) != 0) {
      return STRONG;
    }
    int w2 = wordBefore(s, w1);
    if (w2 >= 0) {
      int e2 = wordEndLenient(s, w2);
      if (isWord(s, w1, e1, "is") && isWord(s, w2, e2, "name")) {
        return STRONG;
      }
      if ((isWord(s, w1, e1, "am") && isWord(s, w2, e2, "i")) || (isWord(s, w1, e1, "is")
          && isWord(s, w2, e2, "this"))) {
        return WEAK;
      }
    }
    if (isWord(s, w1, e1, "i'm") || isWord(s, w1, e1, "im")) {
      return WEAK;
    }
    if ((f1 & WEAK_WORD) != 0) {
      return WEAK;
    }
    return (f1 & CONTEXT_WORD) != 0 ? CONTEXT : NONE;
  }

  /** Start of the word (letters and apostrophes) that ends right before {@code end}, skipping blanks; or -1. */
  private static int wordBefore(Scan s, int end) {
    CharSequence t = s.text;
    int p = end - 1;
    while (p >= 0 && Chars.blank(t.charAt(p))) {
      p--;
    }
    int e = p + 1;
    while (p >= 0 && (Chars.letter(t.charAt(p)) || t.charAt(p) == '\'' || t.charAt(p) == '\u2019')) {
      p--;
    }
    return p + 1 < e && e - (p + 1) <= MAX_WORD ? p + 1 : -1;
  }

  private static int wordEndLenient(Scan s, int w) {
    CharSequence t = s.text;
    int q = w;
    while (q < s.length && (Chars.letter(t.charAt(q)) || t.charAt(q) == '\'' || t.charAt(q) == '\u2019')) {
      q++;
    }
    return q;
  }

  private static boolean isWord(Scan s, int from, int to, String lower) {
    return to - from == lower.length() && s.regionIs(from, lower);
  }
}
