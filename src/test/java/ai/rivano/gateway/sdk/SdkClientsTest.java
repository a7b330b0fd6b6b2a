package ai.rivano.gateway.sdk;

import ai.rivano.gateway.testing.Behaviors;
import ai.rivano.gateway.testing.TestGateway;
import ai.rivano.gateway.testing.UpstreamStub;
import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official OpenAI and Anthropic Java SDKs pointed at the gateway (base URL changed, nothing else), against
 * real loopback upstreams speaking each provider's wire format, JSON and SSE.
 */
@ExtendWith(VertxExtension.class)
class SdkClientsTest {

  private UpstreamStub openai;
  private UpstreamStub anthropic;
  private TestGateway gateway;
  private OpenAIClient openAiSdk;
  private AnthropicClient anthropicSdk;

  @BeforeEach
  void start(Vertx vertx) {
    openai = UpstreamStub.start(vertx, Behaviors.openAiChat("gpt-4o-2024-08-06", "Hello from upstream OpenAI."));
    anthropic = UpstreamStub.start(vertx, Behaviors.anthropicChat("claude-sonnet-4-5-20250929", "Hello from upstream Anthropic."));
    gateway = TestGateway.start(vertx, """
        gateway:
          providers:
            openai:    { apiKey: sk-gateway-owned, baseUrl: "%s/v1", isPrimary: true }
            anthropic: { apiKey: ant-gateway-owned, baseUrl: "%s" }
          middleware: { rateLimit: 0 }
        """.formatted(openai.baseUrl(), anthropic.baseUrl()));
    openAiSdk = OpenAIOkHttpClient.builder().apiKey("sk-app-placeholder").baseUrl(gateway.url("/openai/v1"))
        .maxRetries(0).build();
    anthropicSdk = AnthropicOkHttpClient.builder().apiKey("app-placeholder").baseUrl(gateway.url("/anthropic"))
        .maxRetries(0).build();
  }

  @AfterEach
  void closeClients() {
    openAiSdk.close();
    anthropicSdk.close();
  }

  private static ChatCompletionCreateParams chat(String text) {
    return ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage(text).build();
  }

  private static MessageCreateParams message(String text) {
    return MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(256).addUserMessage(text).build();
  }

  @Test
  void openAiSdkNonStreaming() {
    ChatCompletion completion = openAiSdk.chat().completions().create(chat("Say hello"));

    assertEquals("Hello from upstream OpenAI.", completion.choices().get(0).message().content().orElseThrow());
    assertEquals("gpt-4o-2024-08-06", completion.model());
    assertEquals(21, completion.usage().orElseThrow().totalTokens());
    assertEquals("/v1/chat/completions", openai.last().uri());
    assertEquals("Bearer sk-gateway-owned", openai.last().headers().get("authorization"));
    assertEquals("Say hello", openai.last().json().getJsonArray("messages").getJsonObject(0).getString("content"));
  }

  @Test
  void openAiSdkStreaming() {
    openai.then(Behaviors.sseData(Behaviors.openAiStreamEvents("gpt-4o-2024-08-06", List.of("Hel", "lo ", "world"), true),
        0, 5, -1, -1));
    String text;
    try (var stream = openAiSdk.chat().completions().createStreaming(chat("Stream"))) {
      text = stream.stream()
          .flatMap(chunk -> chunk.choices().stream())
          .map(choice -> choice.delta().content().orElse(""))
          .collect(Collectors.joining());
    }
    assertEquals("Hello world", text);
    assertTrue(openai.last().json().getBoolean("stream"));
  }

  @Test
  void anthropicSdkNonStreaming() {
    Message reply = anthropicSdk.messages().create(message("Say hello"));

    assertEquals("Hello from upstream Anthropic.", reply.content().get(0).text().orElseThrow().text());
    assertEquals("claude-sonnet-4-5-20250929", reply.model().asString());
    assertEquals("/v1/messages", anthropic.last().uri());
    assertEquals("ant-gateway-owned", anthropic.last().headers().get("x-api-key"));
    assertTrue(anthropic.last().headers().get("anthropic-version") != null);
  }

  @Test
  void anthropicSdkStreaming() {
    anthropic.then(Behaviors.sse(Behaviors.anthropicStreamEvents("claude-sonnet-4-5-20250929", List.of("Hi ", "there", "!")),
        0, 5, -1, -1));
    StringBuilder text = new StringBuilder();
    try (var stream = anthropicSdk.messages().createStreaming(message("Stream"))) {
      stream.stream().forEach(event -> event.contentBlockDelta()
          .flatMap(delta -> delta.delta().text())
          .ifPresent(t -> text.append(t.text())));
    }
    assertEquals("Hi there!", text.toString());
  }

  @Test
  void gatewayErrorsSurfaceAsTypedSdkExceptions() {
    OpenAIClient unknownProvider = OpenAIOkHttpClient.builder().apiKey("x").baseUrl(gateway.url("/mistral/v1"))
        .maxRetries(0).build();
    try {
      com.openai.errors.BadRequestException error = org.junit.jupiter.api.Assertions.assertThrows(
          com.openai.errors.BadRequestException.class, () -> unknownProvider.chat().completions().create(chat("hi")));
      assertTrue(error.getMessage().contains("not configured"), error.getMessage());
    } finally {
      unknownProvider.close();
    }
  }
}
