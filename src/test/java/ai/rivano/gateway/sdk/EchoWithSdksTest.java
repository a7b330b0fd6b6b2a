package ai.rivano.gateway.sdk;

import ai.rivano.gateway.testing.TestGateway;
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
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The quickstart config (built-in echo provider, no API key) works with both official SDKs. */
@ExtendWith(VertxExtension.class)
class EchoWithSdksTest {

  private static TestGateway quickstart(Vertx vertx) throws Exception {
    String yaml = Files.readString(Path.of("deploy/quickstart/rivano.yaml"));
    return TestGateway.start(vertx, yaml, Map.of());
  }

  @Test
  void openAiSdkAgainstEcho(Vertx vertx) throws Exception {
    TestGateway gateway = quickstart(vertx);
    OpenAIClient sdk = OpenAIOkHttpClient.builder().apiKey("none").baseUrl(gateway.url("/v1")).maxRetries(0).build();
    try {
      ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("gpt-4o")
          .addSystemMessage("be brief").addUserMessage("echo me, please").build();
      ChatCompletion completion = sdk.chat().completions().create(params);
      assertEquals("echo me, please", completion.choices().get(0).message().content().orElseThrow());
      assertTrue(completion.usage().orElseThrow().promptTokens() > 0);

      ChatCompletionCreateParams streaming = params.toBuilder()
          .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
      List<ChatCompletionChunk> chunks;
      try (var stream = sdk.chat().completions().createStreaming(streaming)) {
        chunks = stream.stream().toList();
      }
      String text = chunks.stream().flatMap(c -> c.choices().stream()).map(c -> c.delta().content().orElse(""))
          .collect(Collectors.joining());
      assertEquals("echo me, please", text);
      assertTrue(chunks.get(chunks.size() - 1).usage().isPresent(), "include_usage adds a final usage chunk");
    } finally {
      sdk.close();
    }
  }

  @Test
  void anthropicSdkAgainstEcho(Vertx vertx) throws Exception {
    TestGateway gateway = quickstart(vertx);
    AnthropicClient sdk = AnthropicOkHttpClient.builder().apiKey("none").baseUrl(gateway.url("")).maxRetries(0).build();
    try {
      MessageCreateParams params = MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(100)
          .addUserMessage("hello echo").build();
      Message message = sdk.messages().create(params);
      assertEquals("hello echo", message.content().get(0).text().orElseThrow().text());

      StringBuilder text = new StringBuilder();
      try (var stream = sdk.messages().createStreaming(params)) {
        stream.stream().map(RawMessageStreamEvent::contentBlockDelta)
            .forEach(delta -> delta.flatMap(d -> d.delta().text()).ifPresent(t -> text.append(t.text())));
      }
      assertEquals("hello echo", text.toString());
    } finally {
      sdk.close();
    }
  }
}
