package ai.rivano.gateway.routing.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The shared stop-reason, usage and error-type tables. */
class MappingTablesTest {

  @ParameterizedTest
  @CsvSource({
      "end_turn,stop", "stop_sequence,stop", "max_tokens,length", "tool_use,tool_calls",
      "refusal,content_filter", "pause_turn,stop", "model_context_window_exceeded,length"})
  void anthropicToOpenAiStopReasons(String anthropic, String openAi) {
    assertEquals(openAi, StopReasons.openAiFromAnthropic(anthropic));
  }

  @ParameterizedTest
  @CsvSource({"stop,end_turn", "length,max_tokens", "tool_calls,tool_use", "function_call,tool_use", "content_filter,refusal"})
  void openAiToAnthropicStopReasons(String openAi, String anthropic) {
    assertEquals(anthropic, StopReasons.anthropicFromOpenAi(openAi));
  }

  @ParameterizedTest
  @CsvSource({
      "STOP,false,stop", "STOP,true,tool_calls", "MAX_TOKENS,false,length", "MAX_TOKENS,true,length",
      "SAFETY,false,content_filter", "RECITATION,false,content_filter", "PROHIBITED_CONTENT,false,content_filter",
      "BLOCKLIST,false,content_filter", "SPII,false,content_filter", "OTHER,false,stop",
      "MALFORMED_FUNCTION_CALL,false,stop"})
  void geminiToOpenAiFinishReasons(String gemini, boolean sawCall, String openAi) {
    assertEquals(openAi, StopReasons.openAiFromGemini(gemini, sawCall));
  }

  @Test
  void nullStopReasonStaysNull() {
    assertNull(StopReasons.openAiFromAnthropic(null));
    assertNull(StopReasons.anthropicFromOpenAi(null));
    assertNull(StopReasons.openAiFromGemini(null, true));
  }

  @Test
  void usageRoundTripsBetweenOpenAiAndAnthropicWithCache() {
    JsonObject openAi = new JsonObject().put("prompt_tokens", 1117).put("completion_tokens", 10).put("total_tokens", 1127)
        .put("prompt_tokens_details", new JsonObject().put("cached_tokens", 1024));
    JsonObject anthropic = TokenUsage.fromOpenAi(openAi).toAnthropic();
    assertEquals(new JsonObject().put("input_tokens", 93).put("output_tokens", 10).put("cache_read_input_tokens", 1024), anthropic);
    assertEquals(openAi, TokenUsage.fromAnthropic(anthropic).toOpenAi());
  }

  @Test
  void anthropicCacheWritesCountAsPromptTokens() {
    TokenUsage usage = TokenUsage.fromAnthropic(new JsonObject().put("input_tokens", 5)
        .put("cache_creation_input_tokens", 200).put("cache_read_input_tokens", null).put("output_tokens", 7));
    assertEquals(new TokenUsage(205, 7, 0, 0), usage);
    assertEquals(212, usage.totalTokens());
  }

  @Test
  void geminiUsageIncludesThoughtsInCompletion() {
    TokenUsage usage = TokenUsage.fromGemini(new JsonObject().put("promptTokenCount", 8)
        .put("candidatesTokenCount", 9).put("thoughtsTokenCount", 20).put("cachedContentTokenCount", 4).put("totalTokenCount", 37));
    assertEquals(new TokenUsage(8, 29, 4, 20), usage);
    assertEquals(37, usage.toOpenAi().getInteger("total_tokens"));
    assertEquals(TokenUsage.ZERO, TokenUsage.fromGemini(null));
  }

  @ParameterizedTest
  @CsvSource({
      "400,invalid_request_error,invalid_request_error,INVALID_ARGUMENT",
      "401,authentication_error,authentication_error,UNAUTHENTICATED",
      "403,permission_error,permission_error,PERMISSION_DENIED",
      "404,not_found_error,not_found_error,NOT_FOUND",
      "413,invalid_request_error,request_too_large,INVALID_ARGUMENT",
      "429,rate_limit_error,rate_limit_error,RESOURCE_EXHAUSTED",
      "500,server_error,api_error,INTERNAL",
      "503,server_error,overloaded_error,UNAVAILABLE",
      "529,server_error,overloaded_error,INTERNAL"})
  void errorTypesFollowTheStatus(int status, String openAiType, String anthropicType, String googleStatus) {
    assertEquals(openAiType, ErrorMapping.openAiType(status));
    assertEquals(anthropicType, ErrorMapping.anthropicType(status));
    assertEquals(googleStatus, ErrorMapping.googleStatus(status));
  }

  @Test
  void streamErrorEventsHaveEachClientsShape() {
    var openAi = ErrorMapping.streamErrorEvent(WireFormat.OPENAI_CHAT, 504, "upstream stalled");
    assertNull(openAi.event());
    assertEquals("upstream stalled", new JsonObject(openAi.data()).getJsonObject("error").getString("message"));
    assertEquals("server_error", new JsonObject(openAi.data()).getJsonObject("error").getString("type"));
    var anthropic = ErrorMapping.streamErrorEvent(WireFormat.ANTHROPIC_MESSAGES, 502, "cut");
    assertEquals("error", anthropic.event());
    assertEquals(new JsonObject().put("type", "error").put("error", new JsonObject().put("type", "api_error").put("message", "cut")),
        new JsonObject(anthropic.data()));
  }

  @Test
  void contextLengthIsRecognisedInEveryProvidersWording() {
    assertEquals(ErrorMapping.CONTEXT_LENGTH_EXCEEDED, ErrorMapping.UpstreamError.parse(400,
        Fixtures.json("anthropic/error_prompt_too_long.json")).kind());
    assertEquals(ErrorMapping.CONTEXT_LENGTH_EXCEEDED, ErrorMapping.UpstreamError.parse(400,
        Fixtures.json("openai/error_context_length.json")).kind());
    assertEquals(ErrorMapping.CONTEXT_LENGTH_EXCEEDED, ErrorMapping.UpstreamError.parse(400, new JsonObject().put("error",
        new JsonObject().put("code", 400).put("status", "INVALID_ARGUMENT")
            .put("message", "The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).")))
        .kind());
  }
}
