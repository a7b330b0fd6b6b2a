package ai.rivano.gateway.routing.translate;

/** Finish/stop reason mapping between the three formats, in one place for every direction. */
public final class StopReasons {

  private StopReasons() {}

  /** Anthropic {@code stop_reason} to OpenAI {@code finish_reason}. */
  public static String openAiFromAnthropic(String stopReason) {
    if (stopReason == null) {
      return null;
    }
    return switch (stopReason) {
      case "max_tokens", "model_context_window_exceeded" -> "length";
      case "tool_use" -> "tool_calls";
      case "refusal" -> "content_filter";
      // end_turn, stop_sequence (OpenAI reports a matched stop sequence as "stop"), pause_turn
      default -> "stop";
    };
  }

  /**
   * OpenAI {@code finish_reason} to Anthropic {@code stop_reason}. OpenAI does not tell a stop
   * sequence from a natural end, so "stop" is always {@code end_turn}.
   */
  public static String anthropicFromOpenAi(String finishReason) {
    if (finishReason == null) {
      return null;
    }
    return switch (finishReason) {
      case "length" -> "max_tokens";
      case "tool_calls", "function_call" -> "tool_use";
      case "content_filter" -> "refusal";
      default -> "end_turn";
    };
  }

  /**
   * Gemini {@code finishReason} to OpenAI {@code finish_reason}. Gemini reports STOP even when the
   * candidate holds function calls, so the caller says whether it saw one.
   */
  public static String openAiFromGemini(String finishReason, boolean sawFunctionCall) {
    if (finishReason == null) {
      return null;
    }
    if (sawFunctionCall && ("STOP".equals(finishReason) || "FINISH_REASON_UNSPECIFIED".equals(finishReason))) {
      return "tool_calls";
    }
    return switch (finishReason) {
      case "MAX_TOKENS" -> "length";
      case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY" -> "content_filter";
      // STOP, OTHER, LANGUAGE, MALFORMED_FUNCTION_CALL, unknown future values
      default -> "stop";
    };
  }
}
