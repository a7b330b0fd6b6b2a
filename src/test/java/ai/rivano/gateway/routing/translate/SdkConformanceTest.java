package ai.rivano.gateway.routing.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.rivano.gateway.routing.sse.SseEvent;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the gateway emits must deserialize and validate with the providers' official Java SDKs: the
 * client side of every translation is read by exactly these models.
 */
class SdkConformanceTest {

  private static final JsonMapper OPENAI = com.openai.core.ObjectMappers.jsonMapper();
  private static final JsonMapper ANTHROPIC = com.anthropic.core.ObjectMappers.jsonMapper();

  private static final Translator OPENAI_ON_ANTHROPIC = Translators.forPair(WireFormat.OPENAI_CHAT, WireFormat.ANTHROPIC_MESSAGES);
  private static final Translator OPENAI_ON_GEMINI = Translators.forPair(WireFormat.OPENAI_CHAT, WireFormat.GEMINI);
  private static final Translator ANTHROPIC_ON_OPENAI = Translators.forPair(WireFormat.ANTHROPIC_MESSAGES, WireFormat.OPENAI_CHAT);

  private static final JsonObject WANTS_USAGE = new JsonObject().put("stream_options", new JsonObject().put("include_usage", true));

  @ParameterizedTest
  @ValueSource(strings = {"anthropic/response_text.json", "anthropic/response_tool_use.json"})
  void openAiCompletionsFromAnthropicValidate(String fixture) throws Exception {
    validateCompletion(OPENAI_ON_ANTHROPIC.translateResponse(Fixtures.json(fixture), "m"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"gemini/response_text.json", "gemini/response_function_call.json", "gemini/response_blocked.json"})
  void openAiCompletionsFromGeminiValidate(String fixture) throws Exception {
    validateCompletion(OPENAI_ON_GEMINI.translateResponse(Fixtures.json(fixture), "m"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"anthropic/stream_text.sse", "anthropic/stream_tool_use.sse"})
  void openAiChunksFromAnthropicValidate(String fixture) throws Exception {
    validateChunks(Fixtures.translate(OPENAI_ON_ANTHROPIC.newStreamTranslator(WANTS_USAGE, "m"), Fixtures.sse(fixture)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"gemini/stream_text.sse", "gemini/stream_function_call.sse"})
  void openAiChunksFromGeminiValidate(String fixture) throws Exception {
    validateChunks(Fixtures.translate(OPENAI_ON_GEMINI.newStreamTranslator(WANTS_USAGE, "m"), Fixtures.sse(fixture)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"openai/response_text.json", "openai/response_tool_calls.json"})
  void anthropicMessagesFromOpenAiValidate(String fixture) throws Exception {
    Message message = ANTHROPIC.readValue(ANTHROPIC_ON_OPENAI.translateResponse(Fixtures.json(fixture), "m").encode(), Message.class);
    message.validate();
    assertTrue(message.stopReason().isPresent());
  }

  @ParameterizedTest
  @ValueSource(strings = {"openai/stream_text.sse", "openai/stream_tool_calls.sse"})
  void anthropicEventsFromOpenAiValidate(String fixture) throws Exception {
    List<SseEvent> events = Fixtures.translate(ANTHROPIC_ON_OPENAI.newStreamTranslator(new JsonObject(), "m"), Fixtures.sse(fixture));
    for (SseEvent event : events) {
      ANTHROPIC.readValue(event.data(), RawMessageStreamEvent.class).validate();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"openai/request_tools_images.json", "openai/request_minimal.json"})
  void anthropicRequestsFromOpenAiValidate(String fixture) throws Exception {
    JsonObject body = OPENAI_ON_ANTHROPIC.translateRequest(Fixtures.json(fixture), "claude-sonnet-4-5");
    MessageCreateParams.Body parsed = ANTHROPIC.readValue(body.encode(), MessageCreateParams.Body.class);
    parsed.validate();
    assertEquals("claude-sonnet-4-5", parsed.model().asString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"anthropic/request_tools.json"})
  void openAiRequestsFromAnthropicValidate(String fixture) throws Exception {
    JsonObject body = ANTHROPIC_ON_OPENAI.translateRequest(Fixtures.json(fixture), "gpt-4o");
    OPENAI.readValue(body.encode(), ChatCompletionCreateParams.Body.class).validate();
  }

  private static void validateCompletion(JsonObject completion) throws Exception {
    ChatCompletion parsed = OPENAI.readValue(completion.encode(), ChatCompletion.class);
    parsed.validate();
    assertEquals(1, parsed.choices().size());
  }

  private static void validateChunks(List<SseEvent> events) throws Exception {
    assertTrue(events.get(events.size() - 1).isDone());
    for (SseEvent event : events.subList(0, events.size() - 1)) {
      OPENAI.readValue(event.data(), ChatCompletionChunk.class).validate();
    }
  }
}
