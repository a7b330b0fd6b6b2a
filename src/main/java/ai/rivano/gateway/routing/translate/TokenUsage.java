package ai.rivano.gateway.routing.translate;

import io.vertx.core.json.JsonObject;

/**
 * Token counts in a format-neutral shape, converted from and to each wire format here only.
 *
 * @param promptTokens all input tokens, cached ones included (OpenAI's definition)
 * @param completionTokens all output tokens, reasoning/thinking included
 * @param cachedPromptTokens the part of {@code promptTokens} read from a prompt cache
 * @param reasoningTokens the part of {@code completionTokens} spent thinking
 */
public record TokenUsage(long promptTokens, long completionTokens, long cachedPromptTokens, long reasoningTokens) {

  public static final TokenUsage ZERO = new TokenUsage(0, 0, 0, 0);

  public long totalTokens() {
    return promptTokens + completionTokens;
  }

  /**
   * Anthropic's {@code input_tokens} excludes cache reads and cache writes, so the prompt total is
   * their sum.
   */
  public static TokenUsage fromAnthropic(JsonObject usage) {
    if (usage == null) {
      return ZERO;
    }
    long cacheRead = usage.getLong("cache_read_input_tokens", 0L);
    long prompt = usage.getLong("input_tokens", 0L) + usage.getLong("cache_creation_input_tokens", 0L) + cacheRead;
    return new TokenUsage(prompt, usage.getLong("output_tokens", 0L), cacheRead, 0);
  }

  public static TokenUsage fromOpenAi(JsonObject usage) {
    if (usage == null) {
      return ZERO;
    }
    JsonObject promptDetails = usage.getJsonObject("prompt_tokens_details");
    JsonObject completionDetails = usage.getJsonObject("completion_tokens_details");
    return new TokenUsage(
        usage.getLong("prompt_tokens", 0L),
        usage.getLong("completion_tokens", 0L),
        promptDetails == null ? 0 : promptDetails.getLong("cached_tokens", 0L),
        completionDetails == null ? 0 : completionDetails.getLong("reasoning_tokens", 0L));
  }

  /** Gemini bills thinking ({@code thoughtsTokenCount}) as output but reports it apart. */
  public static TokenUsage fromGemini(JsonObject usageMetadata) {
    if (usageMetadata == null) {
      return ZERO;
    }
    long thoughts = usageMetadata.getLong("thoughtsTokenCount", 0L);
    return new TokenUsage(
        usageMetadata.getLong("promptTokenCount", 0L),
        usageMetadata.getLong("candidatesTokenCount", 0L) + thoughts,
        usageMetadata.getLong("cachedContentTokenCount", 0L),
        thoughts);
  }

  public JsonObject toOpenAi() {
    JsonObject usage = new JsonObject()
        .put("prompt_tokens", promptTokens)
        .put("completion_tokens", completionTokens)
        .put("total_tokens", totalTokens());
    if (cachedPromptTokens > 0) {
      usage.put("prompt_tokens_details", new JsonObject().put("cached_tokens", cachedPromptTokens));
    }
    if (reasoningTokens > 0) {
      usage.put("completion_tokens_details", new JsonObject().put("reasoning_tokens", reasoningTokens));
    }
    return usage;
  }

  /** Inverse of {@link #fromAnthropic}: cache reads are reported apart from {@code input_tokens}. */
  public JsonObject toAnthropic() {
    JsonObject usage = new JsonObject()
        .put("input_tokens", promptTokens - cachedPromptTokens)
        .put("output_tokens", completionTokens);
    if (cachedPromptTokens > 0) {
      usage.put("cache_read_input_tokens", cachedPromptTokens);
    }
    return usage;
  }
}
