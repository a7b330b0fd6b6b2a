package ai.rivano.gateway.pipeline;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a request body once, for every step that reads it. A body is JSON when the client says so (an
 * {@code application/json} or {@code +json} type) or when it looks like JSON (its first non-blank byte is
 * {@code {} or {@code [}), whatever blank space precedes it: a leading space must not let a body slip past model
 * mapping, stream detection and the guardrails. Such a body that does not parse is the client's error (400), never
 * an opaque body forwarded unread. Anything else (audio, multipart forms) is opaque and forwarded as bytes.
 */
public final class RequestBody {

  /** The parse result: {@code json} is the body when it is a JSON object, else null. */
  public record Parsed(JsonObject json, String error) {
    public boolean ok() {
      return error == null;
    }
  }

  private static final Parsed OPAQUE = new Parsed(null, null);
  private static final Pattern POSITION = Pattern.compile("line: (\\d+), column: (\\d+)");

  private RequestBody() {
  }

  public static Parsed parse(Buffer body, String contentType) {
    int first = firstNonBlank(body);
    if (first < 0) {
      return OPAQUE; // no body (or only blanks): nothing to inspect
    }
    byte lead = body.getByte(first);
    boolean declaredJson = contentType != null && (contentType.contains("/json") || contentType.contains("+json"));
    if (!declaredJson && lead != '{' && lead != '[') {
      return OPAQUE;
    }
    try {
      Object value = Json.decodeValue(body);
      return new Parsed(value instanceof JsonObject object ? object : null, null);
    } catch (DecodeException | IllegalStateException e) {
      return new Parsed(null, "the request body is not valid JSON" + position(e.getMessage()));
    }
  }

  /** Where the parser stopped, never the text around it (the body may hold anything, PII included). */
  private static String position(String message) {
    Matcher m = message == null ? null : POSITION.matcher(message);
    return m != null && m.find() ? " (line " + m.group(1) + ", column " + m.group(2) + ")" : "";
  }

  private static int firstNonBlank(Buffer body) {
    for (int i = 0; i < body.length(); i++) {
      byte b = body.getByte(i);
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return i;
      }
    }
    return -1;
  }
}
