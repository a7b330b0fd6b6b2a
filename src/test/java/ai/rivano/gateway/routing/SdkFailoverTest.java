package ai.rivano.gateway.routing;

import ai.rivano.gateway.testing.Behaviors;
import ai.rivano.gateway.testing.TestGateway;
import ai.rivano.gateway.testing.UpstreamStub;
import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static ai.rivano.gateway.routing.FailoverSetup.FAST;
import static ai.rivano.gateway.routing.FailoverSetup.MODELS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official OpenAI and Anthropic Java SDKs (OkHttp, {@code maxRetries(0)} so every retry is the gateway's) on
 * a gateway whose primary fails: failover is invisible to them, and a stream cut after the commit surfaces as an
 * SDK exception, never as a silently short answer.
 */
@ExtendWith(VertxExtension.class)
class SdkFailoverTest {

  private static final List<String> OPENAI_PIECES = List.of("The quick ", "brown fox ", "jumps over ", "the lazy dog.");
  private static final List<String> CLAUDE_PIECES = List.of("Hello ", "from ", "Claude.");
  private static final String CLAUDE_MODEL = "claude-sonnet-4-5-20250929";

  private UpstreamStub openai;
  private UpstreamStub anthropic;
  private TestGateway gateway;
  private OpenAIClient openAiSdk;
  private AnthropicClient anthropicSdk;

  @BeforeEach
  void start(Vertx vertx) {
    openai = UpstreamStub.start(vertx, Behaviors.openAiChat("gpt-4o-2024-08-06", "from openai"));
    anthropic = UpstreamStub.start(vertx, Behaviors.anthropicChat(CLAUDE_MODEL, "from claude"));
    gateway = TestGateway.start(vertx, FailoverSetup.openAiThenAnthropic(openai, FAST, anthropic,
        FAST + ", " + MODELS + ", supportsPrefill: true"));
    openAiSdk = OpenAIOkHttpClient.builder().baseUrl(gateway.url("/v1")).apiKey("sk-client").maxRetries(0)
        .timeout(Duration.ofSeconds(10)).build();
    anthropicSdk = AnthropicOkHttpClient.builder().baseUrl(gateway.url("")).apiKey("ant-client").maxRetries(0)
        .timeout(Duration.ofSeconds(10)).build();
  }

  @AfterEach
  void close() {
    openAiSdk.close();
    anthropicSdk.close();
  }

  private static ChatCompletionCreateParams openAiParams() {
    return ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("tell me").build();
  }

  private static MessageCreateParams anthropicParams() {
    return MessageCreateParams.builder().model("gpt-4o").maxTokens(256).addUserMessage("tell me").build();
  }

  /** Consumes an OpenAI SDK stream; the text received so far stays in {@code text} even if it throws. */
  private static void consume(OpenAIClient sdk, ChatCompletionCreateParams params, StringBuilder text,
                              AtomicReference<CompletionUsage> usage) {
    try (var stream = sdk.chat().completions().createStreaming(params)) {
      stream.stream().forEach(chunk -> {
        chunk.usage().ifPresent(u -> usage.set(u));
        if (!chunk.choices().isEmpty()) {
          chunk.choices().get(0).delta().content().ifPresent(text::append);
        }
      });
    }
  }

  private static String anthropicStreamText(AnthropicClient sdk, MessageCreateParams params, StringBuilder text) {
    try (StreamResponse<RawMessageStreamEvent> stream = sdk.messages().createStreaming(params)) {
      stream.stream().forEach(event -> event.contentBlockDelta()
          .flatMap(d -> d.delta().text()).ifPresent(t -> text.append(t.text())));
    }
    return text.toString();
  }

  @Test
  void openAiSdkNonStreamingFailsOverFromA503PrimaryToAnthropic() {
    openai.byDefault(Behaviors.status(503, null));

    ChatCompletion completion = openAiSdk.chat().completions().create(openAiParams());

    assertEquals("from claude", completion.choices().get(0).message().content().orElseThrow());
    assertEquals(CLAUDE_MODEL, completion.model());
    assertEquals(15, completion.usage().orElseThrow().totalTokens());
    assertEquals(2, openai.count());
    assertEquals(1, anthropic.count());
  }

  @Test
  void openAiSdkStreamFailsOverFromASilentPrimaryToAnthropicWithUsage() {
    openai.then(Behaviors.silence());
    anthropic.then(Behaviors.anthropicSse(CLAUDE_MODEL, CLAUDE_PIECES, 5, -1, -1));
    ChatCompletionCreateParams params = openAiParams().toBuilder()
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();

    StringBuilder text = new StringBuilder();
    AtomicReference<CompletionUsage> usage = new AtomicReference<>();
    long start = System.nanoTime();
    consume(openAiSdk, params, text, usage);
    long took = (System.nanoTime() - start) / 1_000_000;

    assertEquals("Hello from Claude.", text.toString());
    assertEquals(10, usage.get().promptTokens());
    assertEquals(3, usage.get().completionTokens());
    assertEquals(1, openai.count(), "silent: not retried");
    assertEquals(1, anthropic.count());
    assertTrue(took >= 500, "after timeoutMs: " + took);
    FailoverSetup.table("OpenAI SDK stream, openai silent", "complete text from anthropic, usage translated",
        "openai 1, anthropic 1", "done at " + took + " ms");
  }

  @Test
  void openAiSdkStreamCutWithoutRescueThrowsInsteadOfEndingShort() {
    openai.then(Behaviors.openAiSse("gpt-4o", OPENAI_PIECES, true, 5, 3, -1));
    anthropic.then(Behaviors.anthropicError(400, "invalid_request_error", "prefill rejected"));

    StringBuilder text = new StringBuilder();
    RuntimeException thrown = assertThrows(RuntimeException.class,
        () -> consume(openAiSdk, openAiParams(), text, new AtomicReference<>()));

    assertEquals("The quick brown fox ", text.toString(), "what arrived before the cut");
    assertTrue(String.valueOf(thrown.getMessage()).contains("incomplete"), thrown.toString());
    FailoverSetup.table("OpenAI SDK stream cut, prefill rejected", thrown.getClass().getSimpleName() + " after the prefix",
        "openai 1, anthropic 1", "-");
    assertEquals("from openai", openAiSdk.chat().completions().create(openAiParams()).choices().get(0).message()
        .content().orElseThrow(), "the next request is served normally");
  }

  @Test
  void openAiSdkStreamCutIsRescuedByTheAnthropicFallback() {
    openai.then(Behaviors.openAiSse("gpt-4o", OPENAI_PIECES, true, 5, 3, -1));
    anthropic.then(Behaviors.anthropicSse(CLAUDE_MODEL, List.of("jumps over ", "the lazy dog."), 5, -1, -1));

    StringBuilder text = new StringBuilder();
    consume(openAiSdk, openAiParams(), text, new AtomicReference<>());

    assertEquals("The quick brown fox jumps over the lazy dog.", text.toString());
    assertEquals(1, openai.count());
    assertEquals(1, anthropic.count());
  }

  @Test
  void openAiSdkSeesAContentPolicy400AsABadRequest() {
    openai.then(Behaviors.openAiError(400, "invalid_request_error", "content_policy_violation", "rejected by policy"));

    OpenAIServiceException error = assertThrows(OpenAIServiceException.class,
        () -> openAiSdk.chat().completions().create(openAiParams()));

    assertEquals(400, error.statusCode());
    assertEquals(0, anthropic.count());
  }

  @Test
  void anthropicSdkNonStreamingRidesThroughA500OnceOnTheOpenAiPrimary() {
    openai.then(Behaviors.status(500, null));

    Message message = anthropicSdk.messages().create(anthropicParams());

    assertEquals("from openai", message.content().get(0).text().orElseThrow().text());
    assertEquals("gpt-4o-2024-08-06", message.model().asString());
    assertEquals(2, openai.count());
    assertEquals(0, anthropic.count());
  }

  @Test
  void anthropicSdkStreamFailsOverFromAStalledPrimaryStreamToAnthropic() {
    openai.then(Behaviors.sseHeadersThenSilence());
    anthropic.then(Behaviors.anthropicSse(CLAUDE_MODEL, CLAUDE_PIECES, 5, -1, -1));

    String text = anthropicStreamText(anthropicSdk, anthropicParams(), new StringBuilder());

    assertEquals("Hello from Claude.", text);
    assertEquals(1, openai.count());
    assertEquals(1, anthropic.count());
    assertEquals("claude-sonnet-4-5", anthropic.last().json().getString("model"), "exact entry for gpt-4o");
  }

  @Test
  void anthropicSdkStreamCutIsRescuedWithAnAssistantPrefill() {
    openai.then(Behaviors.openAiSse("gpt-4o", OPENAI_PIECES, true, 5, 3, -1));
    anthropic.then(Behaviors.anthropicSse(CLAUDE_MODEL, List.of(" jumps over ", "the lazy dog."), 5, -1, -1));

    String text = anthropicStreamText(anthropicSdk, anthropicParams(), new StringBuilder());

    assertEquals("The quick brown fox jumps over the lazy dog.", text);
    JsonArray messages = anthropic.last().json().getJsonArray("messages");
    JsonObject prefill = messages.getJsonObject(messages.size() - 1);
    assertEquals("assistant", prefill.getString("role"));
    assertEquals("The quick brown fox", prefill.getValue("content") instanceof String s ? s
        : prefill.getJsonArray("content").getJsonObject(0).getString("text"));
  }

  @Test
  void anthropicSdkStreamCutWithoutRescueThrows() {
    openai.then(Behaviors.openAiSse("gpt-4o", OPENAI_PIECES, true, 5, -1, 3));
    anthropic.then(Behaviors.status(503, null));

    StringBuilder text = new StringBuilder();
    RuntimeException thrown = assertThrows(RuntimeException.class,
        () -> anthropicStreamText(anthropicSdk, anthropicParams(), text));

    assertEquals("The quick brown fox ", text.toString());
    FailoverSetup.table("Anthropic SDK stream stalled, rescue answers 503", thrown.getClass().getSimpleName()
        + " after the prefix", "openai 1, anthropic 1", "-");
    assertEquals(1, openai.count());
    assertEquals(1, anthropic.count());
  }
}
