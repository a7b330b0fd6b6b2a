package ai.rivano.gateway.audit;

import ai.rivano.gateway.routing.translate.TokenUsage;
import ai.rivano.gateway.routing.translate.WireFormat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * One request's token usage as the provider reported it, read from the answer as the client receives it (already
 * in the client's dialect). One instance per request, used on its event loop only (not thread-safe).
 *
 * <ul>
 *   <li>OpenAI: {@code usage} of a chat completion, or of the final stream chunk (present when the request asked
 *       for {@code stream_options.include_usage}); the Responses API's {@code usage}
 *       ({@code input_tokens}/{@code output_tokens}) and its {@code response.completed} event.</li>
 *   <li>Anthropic: {@code usage} of a message; on a stream {@code message_start.message.usage} merged with each
 *       {@code message_delta.usage} (whose counts are cumulative, so a later value replaces an earlier one).</li>
 *   <li>Gemini: {@code usageMetadata} of the answer or of the latest stream chunk that carries it (cumulative).</li>
 * </ul>
 *
 * <p>A stream cut before its usage arrived reports only what it had sent (Anthropic's opening input count;
 * nothing for OpenAI, which reports usage at the end): a lower bound, never an estimate. After a mid-stream
 * rescue, feed the rescue's events to {@link #continuation()}; {@link #total()} is then the primary's usage
 * plus the rescue's.
 */
public final class UsageMeter {

  private final WireFormat format;
  private TokenUsage usage = TokenUsage.ZERO;
  private boolean reported;
  /** Anthropic stream: the usage fields seen so far ({@code message_start}, then each {@code message_delta}). */
  private JsonObject anthropicStream;
  private TokenUsage added = TokenUsage.ZERO;
  private List<UsageMeter> continuations;

  public UsageMeter(WireFormat clientFormat) {
    this.format = clientFormat;
  }

  /** A whole (non-stream) JSON answer in the client's dialect. */
  public void onJsonAnswer(JsonObject body) {
    if (body == null) {
      return;
    }
    switch (format) {
      case OPENAI_CHAT -> set(openAi(object(body, "usage")));
      case ANTHROPIC_MESSAGES -> set(anthropic(object(body, "usage")));
      case GEMINI -> set(gemini(object(body, "usageMetadata")));
    }
  }

  /** Gemini's {@code streamGenerateContent} without {@code alt=sse} answers with a JSON array of chunks. */
  public void onJsonAnswer(JsonArray chunks) {
    if (chunks == null) {
      return;
    }
    for (Object chunk : chunks) {
      if (chunk instanceof JsonObject object) {
        onEvent(object);
      }
    }
  }

  /** One stream event's data, parsed (the relay often has it parsed already). */
  public void onEvent(JsonObject data) {
    if (data == null) {
      return;
    }
    switch (format) {
      case OPENAI_CHAT -> {
        JsonObject usageObject = object(data, "usage");
        if (usageObject == null && data.getValue("response") instanceof JsonObject response) {
          usageObject = object(response, "usage"); // Responses API: response.completed carries the total
        }
        set(openAi(usageObject));
      }
      case ANTHROPIC_MESSAGES -> onAnthropicEvent(data);
      case GEMINI -> set(gemini(object(data, "usageMetadata")));
    }
  }

  /**
   * One stream event's raw data, for a caller that has not parsed it: parsed only when it can carry usage, so
   * the common text delta costs a substring scan, not a JSON parse.
   */
  public void onEventData(String data) {
    if (data == null || !data.contains("\"usage")) { // "usage" and "usageMetadata"
      return;
    }
    try {
      onEvent(new JsonObject(data));
    } catch (RuntimeException notJson) {
      // [DONE] and malformed events carry no usage
    }
  }

  /**
   * A meter for a rescue stream that continues this one (feed it the rescue's events before the continuation
   * filter drops the rescue's opening, which carries Anthropic's input count): its usage adds to this total.
   */
  public UsageMeter continuation() {
    UsageMeter rescue = new UsageMeter(format);
    if (continuations == null) {
      continuations = new ArrayList<>(1);
    }
    continuations.add(rescue);
    return rescue;
  }

  /** Adds usage measured elsewhere (e.g. the stored usage of a cached answer). */
  public void add(TokenUsage more) {
    if (more != null) {
      added = plus(added, more);
      reported = true;
    }
  }

  /** True once any usage was reported (by this stream, a continuation, or {@link #add}). */
  public boolean reported() {
    if (reported) {
      return true;
    }
    if (continuations != null) {
      for (UsageMeter rescue : continuations) {
        if (rescue.reported()) {
          return true;
        }
      }
    }
    return false;
  }

  /** This answer's usage plus every continuation's; {@link TokenUsage#ZERO} when nothing was reported. */
  public TokenUsage total() {
    TokenUsage sum = plus(usage, added);
    if (continuations != null) {
      for (UsageMeter rescue : continuations) {
        sum = plus(sum, rescue.total());
      }
    }
    return sum;
  }

  private void onAnthropicEvent(JsonObject data) {
    JsonObject fields = switch (data.getValue("type") instanceof String type ? type : "") {
      case "message_start" -> data.getValue("message") instanceof JsonObject message ? object(message, "usage") : null;
      case "message_delta" -> object(data, "usage");
      default -> null;
    };
    if (fields == null) {
      return;
    }
    if (anthropicStream == null) {
      anthropicStream = new JsonObject();
    }
    // Counts are cumulative; a null (sent for fields not yet known) must not erase an earlier number.
    for (String key : fields.fieldNames()) {
      if (fields.getValue(key) instanceof Number number) {
        anthropicStream.put(key, number);
      }
    }
    set(TokenUsage.fromAnthropic(anthropicStream));
  }

  private void set(TokenUsage reportedUsage) {
    if (reportedUsage != null) {
      usage = reportedUsage;
      reported = true;
    }
  }

  /** Chat Completions ({@code prompt_tokens}) or Responses API ({@code input_tokens}) shape; null when absent. */
  private static TokenUsage openAi(JsonObject usage) {
    if (usage == null) {
      return null;
    }
    if (!usage.containsKey("input_tokens")) {
      return TokenUsage.fromOpenAi(usage);
    }
    JsonObject inputDetails = object(usage, "input_tokens_details");
    JsonObject outputDetails = object(usage, "output_tokens_details");
    return new TokenUsage(count(usage, "input_tokens"), count(usage, "output_tokens"),
        inputDetails == null ? 0 : count(inputDetails, "cached_tokens"),
        outputDetails == null ? 0 : count(outputDetails, "reasoning_tokens"));
  }

  private static TokenUsage anthropic(JsonObject usage) {
    return usage == null ? null : TokenUsage.fromAnthropic(usage);
  }

  private static TokenUsage gemini(JsonObject usageMetadata) {
    return usageMetadata == null ? null : TokenUsage.fromGemini(usageMetadata);
  }

  private static JsonObject object(JsonObject json, String key) {
    return json.getValue(key) instanceof JsonObject value ? value : null;
  }

  private static long count(JsonObject json, String key) {
    return json.getValue(key) instanceof Number n ? n.longValue() : 0L;
  }

  static TokenUsage plus(TokenUsage a, TokenUsage b) {
    if (b == TokenUsage.ZERO) {
      return a;
    }
    if (a == TokenUsage.ZERO) {
      return b;
    }
    return new TokenUsage(a.promptTokens() + b.promptTokens(), a.completionTokens() + b.completionTokens(),
        a.cachedPromptTokens() + b.cachedPromptTokens(), a.reasoningTokens() + b.reasoningTokens());
  }
}
