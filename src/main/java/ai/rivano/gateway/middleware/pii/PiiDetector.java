package ai.rivano.gateway.middleware.pii;

import ai.rivano.gateway.middleware.content.TextPart;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Finds PII in text: {@code ssn}, {@code email}, {@code phone}, {@code credit_card}, {@code ip_address},
 * {@code passport}, {@code name}, {@code address} (what each matches and rejects: the recogniser classes and
 * docs/guardrails.md "PII detection").
 *
 * <p>Thread-safe and immutable; one instance serves every request inline on the event loop. One pass over the
 * text looks only at token starts (a digit, a capital, '@', '+', '(', ':'), so text without PII costs little
 * more than reading it; each recogniser reads a bounded distance from its start, so the whole is linear.
 *
 * <p>Overlapping candidates are resolved deterministically: the longer wins, then the more specific entity
 * (ssn, credit_card, email, ip_address, phone, passport, address, name), then the earlier start.
 */
public final class PiiDetector {

  /** The most a stream ever holds back, in characters (SPEC §6's window). */
  public static final int HOLD_BACK_LIMIT = 200;

  private static final int ALL = mask(Set.of(PiiEntity.values()));
  private static final int DIGIT_ENTITIES = bit(PiiEntity.SSN) | bit(PiiEntity.CREDIT_CARD)
      | bit(PiiEntity.PHONE) | bit(PiiEntity.IP_ADDRESS) | bit(PiiEntity.PASSPORT) | bit(PiiEntity.ADDRESS);

  /** Tie-break on equal length: lower wins. */
  private static final int[] SPECIFICITY = new int[PiiEntity.values().length];

  static {
    PiiEntity[] order = {PiiEntity.SSN, PiiEntity.CREDIT_CARD, PiiEntity.EMAIL, PiiEntity.IP_ADDRESS,
        PiiEntity.PHONE, PiiEntity.PASSPORT, PiiEntity.ADDRESS, PiiEntity.NAME};
    for (int k = 0; k < order.length; k++) {
      SPECIFICITY[order[k].ordinal()] = k;
    }
  }

  private static final PiiDetector INSTANCE = new PiiDetector();

  private PiiDetector() {
    // the gazetteers load with NameRecognizer, once per JVM
  }

  public static PiiDetector create() {
    return INSTANCE;
  }

  /**
   * The matches of every part of a request or an answer, one list per part (in the parts' order), adding the
   * entity types found to {@code seen} (the request's record of what it carried).
   */
  public List<List<PiiMatch>> detectAll(List<TextPart> parts,
                                        Set<PiiEntity> seen) {
    List<List<PiiMatch>> matches = new ArrayList<>(parts.size());
    for (TextPart part : parts) {
      List<PiiMatch> found = detect(part.text());
      for (PiiMatch match : found) {
        seen.add(match.entity());
      }
      matches.add(found);
    }
    return matches;
  }

  /** Every match of every entity, sorted by start, non-overlapping. */
  public List<PiiMatch> detect(CharSequence text) {
    return resolve(scan(text, ALL, false, 0));
  }

  /** The matches of the given entities only. */
  public List<PiiMatch> detect(CharSequence text, Set<PiiEntity> only) {
    int mask = mask(only);
    return mask == 0 ? List.of() : resolve(scan(text, mask, false, 0));
  }

  /**
   * For streams: the index from which {@code text} must be held back because those characters could be the
   * beginning of a match that continues in later text; {@code text.length()} when nothing must be held. Never
   * holds more than {@link #HOLD_BACK_LIMIT} characters.
   */
  public int holdFrom(CharSequence text) {
    return holdPoint(scan(text, ALL, true, 0));
  }

  public int holdFrom(CharSequence text, Set<PiiEntity> only) {
    return holdPoint(scan(text, mask(only), true, 0));
  }

  /**
   * One scan for a stream window: the matches starting at or after {@code from} and where to hold the text
   * back. {@code text[0, from)} was released earlier and is read only as look-behind: no match can start there
   * and reach further (that is what holding back guarantees), so matching need not start there again.
   */
  Cut cut(CharSequence text, Set<PiiEntity> only, int from) {
    Scan s = scan(text, mask(only), true, from);
    return new Cut(resolve(s), holdPoint(s));
  }

  record Cut(List<PiiMatch> matches, int holdFrom) {
  }

  private static Scan scan(CharSequence text, int mask, boolean forStream, int from) {
    Scan s = new Scan(text);
    if (mask == 0) {
      return s;
    }
    ScanText t = s.text;
    int len = t.length();
    boolean digits = (mask & DIGIT_ENTITIES) != 0;
    boolean email = on(mask, PiiEntity.EMAIL);
    boolean phone = on(mask, PiiEntity.PHONE);
    boolean ip = on(mask, PiiEntity.IP_ADDRESS);
    boolean name = on(mask, PiiEntity.NAME);
    boolean upper = name || on(mask, PiiEntity.PASSPORT) || on(mask, PiiEntity.ADDRESS) || ip;
    char prev = from > 0 ? t.charAt(from - 1) : Chars.END;
    for (int i = from; i < len; i++) {
      char c = t.charAt(i);
      if (c >= '0' && c <= '9') {
        if (digits && !Chars.letterOrDigit(prev)) {
          digitStart(s, i, prev, mask);
        }
      } else if (c >= 'a' && c <= 'z') {
        if (!Chars.letterOrDigit(prev)) {
          if (ip && c <= 'f' && prev != ':' && prev != '.' && colonWithinHex(t, i, len)) {
            IpRecognizer.tryV6(s, i);
          }
          if (name && prev == ' ' && i >= 3 && lowerNameCueEnd(t.charAt(i - 2))
              && lowerNameCueLetter(t.charAt(i - 3))) {
            NameRecognizer.tryLower(s, i);
          }
        }
        // Nothing starts after a letter: the rest of a lower-case word is skipped without the dispatch above
        while (i + 1 < len) {
          char next = t.charAt(i + 1);
          if (next < 'a' || next > 'z') {
            break;
          }
          c = next;
          i++;
        }
      } else if (c >= 'A' && c <= 'Z') {
        if (upper && !Chars.letterOrDigit(prev)) {
          upperStart(s, i, c, prev, mask);
        }
      } else if (c == '@') {
        if (email) {
          EmailRecognizer.tryAt(s, i);
        }
      } else if (c == '+' || c == '(') {
        if (phone && !Chars.letterOrDigit(prev) && prev != '+') {
          PhoneRecognizer.tryAt(s, i);
        }
      } else if (c == ':') {
        if (ip && prev != ':' && prev != '.' && !Chars.letterOrDigit(prev)) {
          IpRecognizer.tryV6(s, i);
        }
      } else if (c >= 128 && name && !Chars.letterOrDigit(prev) && Character.isUpperCase(c)) {
        NameRecognizer.tryUpper(s, i);
      }
      prev = c;
    }
    if (forStream && email) {
      EmailRecognizer.holdTail(s);
    }
    return s;
  }

  /**
   * Cheap filter before the IPv6 matcher at a word starting with a hex letter ("be", "data", "face"): an
   * address has ':' within its first five characters. Near the end of the text the matcher runs anyway, so
   * that a stream holds back what could still become an address.
   */
  private static boolean colonWithinHex(ScanText text, int i, int len) {
    for (int j = i; j < i + 5; j++) {
      if (j >= len) {
        return true;
      }
      char c = text.charAt(j);
      if (c == ':') {
        return true;
      }
      if (!Chars.hex(c)) {
        return false;
      }
    }
    return false;
  }

  /** "name is x", "i'm x", "i am x": the word before ends in s or m. */
  private static boolean lowerNameCueEnd(char c) {
    return c == 's' || c == 'm' || c == 'S' || c == 'M';
  }

  /**
   * ... and the character before that is the i of "is"/"im", the a of "am" or the apostrophe of "i'm": prose has
   * a word ending in s or m every few words ("teams", "them"), and each would cost a look-behind.
   */
  private static boolean lowerNameCueLetter(char c) {
    return c == 'i' || c == 'a' || c == '\'' || c == 'I' || c == 'A';
  }

  /** {@code i} is a digit; {@code prev} (before it) is not a letter or digit. */
  private static void digitStart(Scan s, int i, char prev, int mask) {
    boolean glued = Chars.joiner(prev) && Chars.letterOrDigit(s.at(i - 2));
    if (!glued) {
      if (on(mask, PiiEntity.SSN)) {
        SsnRecognizer.tryAt(s, i);
      }
      if (on(mask, PiiEntity.CREDIT_CARD)) {
        CardRecognizer.tryAt(s, i);
      }
      if (on(mask, PiiEntity.PHONE) && prev != '+') {
        PhoneRecognizer.tryAt(s, i);
      }
      if (on(mask, PiiEntity.PASSPORT)) {
        PassportRecognizer.tryAt(s, i);
      }
      if (on(mask, PiiEntity.ADDRESS)) {
        AddressRecognizer.tryNumber(s, i);
      }
      if (on(mask, PiiEntity.IP_ADDRESS)) {
        IpRecognizer.tryV4(s, i);
      }
    }
    if (on(mask, PiiEntity.IP_ADDRESS) && prev != ':' && prev != '.') {
      IpRecognizer.tryV6(s, i);
    }
  }

  /** {@code c} at {@code i} is an upper-case ASCII letter; {@code prev} is not a letter or digit. */
  private static void upperStart(Scan s, int i, char c, char prev, int mask) {
    if (on(mask, PiiEntity.NAME)) {
      NameRecognizer.tryUpper(s, i);
    }
    boolean glued = Chars.joiner(prev) && Chars.letterOrDigit(s.at(i - 2));
    if (on(mask, PiiEntity.PASSPORT) && !glued) {
      PassportRecognizer.tryAt(s, i);
    }
    if (c == 'P' && on(mask, PiiEntity.ADDRESS)) {
      AddressRecognizer.tryPoBox(s, i);
    }
    if (c <= 'F' && on(mask, PiiEntity.IP_ADDRESS) && prev != ':' && prev != '.') {
      IpRecognizer.tryV6(s, i);
    }
  }

  /**
   * Where a stream must hold {@code s.text} back: the earliest undecided candidate, lowered until no
   * candidate straddles it (a decided match overlapping an undecided one may still lose to it), capped at
   * {@link #HOLD_BACK_LIMIT}.
   */
  private static int holdPoint(Scan s) {
    int h = s.holdFrom();
    boolean lowered = true;
    while (lowered) {
      lowered = false;
      for (int k = 0; k < s.count(); k++) {
        if (s.start(k) < h && s.candidateEnd(k) > h) {
          h = s.start(k);
          lowered = true;
        }
      }
    }
    return Math.max(h, s.length - HOLD_BACK_LIMIT);
  }

  /** Non-overlapping matches sorted by start; overlaps resolved within each group of overlapping candidates. */
  private static List<PiiMatch> resolve(Scan s) {
    int n = s.count();
    if (n == 0) {
      return List.of();
    }
    long[] byStart = new long[n];
    for (int k = 0; k < n; k++) {
      byStart[k] = ((long) s.start(k) << 24) | k;
    }
    Arrays.sort(byStart);
    List<PiiMatch> out = new ArrayList<>(n);
    int from = 0;
    while (from < n) {
      int first = (int) (byStart[from] & 0xFFFFFF);
      int groupEnd = s.candidateEnd(first);
      int to = from + 1;
      while (to < n && s.start((int) (byStart[to] & 0xFFFFFF)) < groupEnd) {
        groupEnd = Math.max(groupEnd, s.candidateEnd((int) (byStart[to] & 0xFFFFFF)));
        to++;
      }
      if (to - from == 1) {
        out.add(new PiiMatch(s.entity(first), s.start(first), s.candidateEnd(first)));
      } else {
        resolveGroup(s, byStart, from, to, out);
      }
      from = to;
    }
    return out;
  }

  private static void resolveGroup(Scan s, long[] byStart, int from, int to, List<PiiMatch> out) {
    Integer[] order = new Integer[to - from];
    for (int k = from; k < to; k++) {
      order[k - from] = (int) (byStart[k] & 0xFFFFFF);
    }
    Arrays.sort(order, (a, b) -> {
      int byLength = Integer.compare(s.candidateEnd(b) - s.start(b), s.candidateEnd(a) - s.start(a));
      if (byLength != 0) {
        return byLength;
      }
      int bySpecificity = Integer.compare(SPECIFICITY[s.entity(a).ordinal()], SPECIFICITY[s.entity(b).ordinal()]);
      return bySpecificity != 0 ? bySpecificity : Integer.compare(s.start(a), s.start(b));
    });
    List<PiiMatch> kept = new ArrayList<>();
    for (int k : order) {
      boolean free = true;
      for (PiiMatch m : kept) {
        free &= s.candidateEnd(k) <= m.start() || s.start(k) >= m.end();
      }
      if (free) {
        kept.add(new PiiMatch(s.entity(k), s.start(k), s.candidateEnd(k)));
      }
    }
    kept.sort((a, b) -> Integer.compare(a.start(), b.start()));
    out.addAll(kept);
  }

  private static int bit(PiiEntity e) {
    return 1 << e.ordinal();
  }

  private static boolean on(int mask, PiiEntity e) {
    return (mask & bit(e)) != 0;
  }

  private static int mask(Set<PiiEntity> entities) {
    int m = 0;
    for (PiiEntity e : entities) {
      m |= bit(e);
    }
    return m;
  }
}
