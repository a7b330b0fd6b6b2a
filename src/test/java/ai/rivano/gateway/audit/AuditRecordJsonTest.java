package ai.rivano.gateway.audit;

import ai.rivano.gateway.audit.AuditRecord.Attempt;
import ai.rivano.gateway.audit.AuditRecord.Decision;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The audit writer streams each record with {@link AuditRecord#writeJson}; tools and tests read records as
 * {@link AuditRecord#toJson()} describes them. The two must never drift: same fields, same order, same bytes.
 */
class AuditRecordJsonTest {

  @Test
  void streamedLineIsByteForByteTheJsonObjectEncoding() throws IOException {
    for (AuditRecord record : List.of(AuditRecords.full(), AuditRecords.numbered(7), awkward())) {
      assertEquals(record.toJson().encode(), streamed(record));
    }
  }

  /** Nulls where they are allowed, quotes, control characters and non-ASCII text in the client's free fields. */
  private static AuditRecord awkward() {
    return new AuditRecord("trace_\"x\"", "error", 0, 0, 1e-9, 0, 0.0, List.of(), List.of(), null, null,
        AuditRecords.CREATED, "bot \u00e9\u4e2d\u6587\n\t\\", "/v1/\u00fc", 502, Decision.ALLOWED, false, true,
        false, null, List.of(new Attempt("openai", "reset", 0)));
  }

  private static String streamed(AuditRecord record) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator out = new JsonFactory().createGenerator(bytes)) {
      record.writeJson(out);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
