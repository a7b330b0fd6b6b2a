package ai.rivano.gateway.middleware.pii;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Redacts PII in a stream of text chunks (one per response stream): whatever the chunking, the text released
 * equals the whole text with every match of {@link PiiDetector#detect} replaced.
 *
 * <p>Each {@link #push} releases at once everything that cannot be the start of a match continuing into later
 * chunks ({@link PiiDetector#holdFrom}); only that suspicious tail, never more than
 * {@link PiiDetector#HOLD_BACK_LIMIT} characters, waits for the next chunk or {@link #finish}. The last
 * {@value #CONTEXT} released characters are kept as context, so a cue such as "my name is" released in an
 * earlier chunk still counts, without being emitted twice. Not thread-safe: one stream, one window.
 */
public final class PiiStreamWindow {

  /** Replaces one match. {@code match} positions are offsets in the whole stream. */
  @FunctionalInterface
  public interface Replacer {
    String replace(PiiMatch match, String value);
  }

  /**
   * Released text kept for the detector's look-behind. Must exceed the farthest any recogniser looks back
   * (about 65 characters) plus the longest candidate (about 190), so that cutting the context mid-token cannot
   * invent a candidate reaching the unreleased text.
   */
  static final int CONTEXT = 256;

  private final PiiDetector detector;
  private final Set<PiiEntity> entities;
  private final Replacer replacer;
  private final EnumSet<PiiEntity> seen = EnumSet.noneOf(PiiEntity.class);

  /** Released context, then held text. */
  private final StringBuilder buffer = new StringBuilder();
  private int contextLength;
  /** Stream offset of {@code buffer[0]}. */
  private int offset;

  public PiiStreamWindow(PiiDetector detector, Set<PiiEntity> entities, Replacer replacer) {
    this.detector = detector;
    this.entities = entities.isEmpty() ? Set.of() : EnumSet.copyOf(entities);
    this.replacer = replacer;
  }

  /** Adds a chunk; returns the text releasable now, matches replaced (possibly empty). */
  public String push(String chunk) {
    if (entities.isEmpty()) {
      return chunk;
    }
    buffer.append(chunk);
    return release(false);
  }

  /** Ends the stream: releases the held tail, matches replaced. */
  public String finish() {
    return entities.isEmpty() ? "" : release(true);
  }

  /** The entity types released so far (for the audit record and {@code pii_detected} policies). */
  public Set<PiiEntity> seen() {
    return seen.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(seen));
  }

  /** Number of characters currently held back (for metrics and tests). */
  public int held() {
    return buffer.length() - contextLength;
  }

  private String release(boolean end) {
    if (buffer.length() == contextLength) {
      return "";
    }
    PiiDetector.Cut cut = detector.cut(buffer, entities, contextLength);
    int h = end ? buffer.length() : Math.max(cut.holdFrom(), contextLength);
    StringBuilder out = new StringBuilder(Math.max(0, h - contextLength) + 16);
    int p = contextLength;
    for (PiiMatch m : cut.matches()) {
      if (m.end() <= contextLength) {
        continue; // released with an earlier chunk
      }
      if (m.start() >= h) {
        break;
      }
      if (m.end() > h) {
        // Defensive, unreachable while every candidate is shorter than the hold-back limit: never release
        // part of a value unredacted.
        h = m.end();
      }
      int start = Math.max(m.start(), contextLength); // defensive likewise: a match cannot straddle released text
      out.append(buffer, p, start);
      PiiMatch inStream = new PiiMatch(m.entity(), offset + start, offset + m.end());
      out.append(replacer.replace(inStream, buffer.substring(start, m.end())));
      seen.add(m.entity());
      p = m.end();
    }
    if (p < h) {
      out.append(buffer, p, h);
    }
    int keepFrom = Math.max(0, h - CONTEXT);
    buffer.delete(0, keepFrom);
    offset += keepFrom;
    contextLength = h - keepFrom;
    return out.toString();
  }
}
