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
    long cacheRead = Json.longValue(usage, "cache_read_input_tokens");
    long prompt = Json.longValue(usage, "input_tokens") + Json.longValue(usage, "cache_creation_input_tokens") + cacheRead;
    return new TokenUsage(prompt, Json.longValue(usage, "output_tokens"), cacheRead, 0);
  }

  public static TokenUsage fromOpenAi(JsonObject usage) {
    if (usage == null) {
      return ZERO;
    }
    JsonObject promptDetails = usage.getJsonObject("prompt_tokens_details");
    JsonObject completionDetails = usage.getJsonObject("completion_tokens_details");
    return new TokenUsage(
        Json.longValue(usage, "prompt_tokens"),
        Json.longValue(usage, "completion_tokens"),
        promptDetails == null ? 0 : Json.longValue(promptDetails, "cached_tokens"),
        completionDetails == null ? 0 : Json.longValue(completionDetails, "reasoning_tokens"));
  }

  /** Gemini bills thinking ({@code thoughtsTokenCount}) as output but reports it apart. */
  public static TokenUsage fromGemini(JsonObject usageMetadata) {
    if (usageMetadata == null) {
      return ZERO;
    }
    long thoughts = Json.longValue(usageMetadata, "thoughtsTokenCount");
    return new TokenUsage(
        Json.longValue(usageMetadata, "promptTokenCount"),
        Json.longValue(usageMetadata, "candidatesTokenCount") + thoughts,
        Json.longValue(usageMetadata, "cachedContentTokenCount"),
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
