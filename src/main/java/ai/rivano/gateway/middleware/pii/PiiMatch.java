package ai.rivano.gateway.middleware.pii;

/**
 * One detected PII value in a text: {@code text.substring(start, end)} is the value. The value is for
 * redaction only; it never goes into a log, an audit record, an error message or an ingest batch.
 */
public record PiiMatch(PiiEntity entity, int start, int end) {

  public int length() {
    return end - start;
  }
}
