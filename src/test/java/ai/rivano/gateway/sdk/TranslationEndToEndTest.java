package ai.rivano.gateway.sdk;

import ai.rivano.gateway.testing.Behaviors;
import ai.rivano.gateway.testing.TestGateway;
import ai.rivano.gateway.testing.UpstreamStub;
import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Translation wired end to end: official SDKs speak their own dialect to the gateway, the upstream is a real
 * loopback server answering in another provider's wire format (recorded shapes under test resources).
 */
@ExtendWith(VertxExtension.class)
class TranslationEndToEndTest {

  private static String fixture(String name) throws Exception {
    return Files.readString(Path.of("src/test/resources/fixtures", name));
  }

  @Test
  void openAiSdkServedByGemini(Vertx vertx) throws Exception {
    String json = fixture("gemini/response_text.json");
    String sse = fixture("gemini/stream_text.sse");
    UpstreamStub gemini = UpstreamStub.start(vertx, Behaviors.json(200, new JsonObject(json)));
    gemini.then(Behaviors.json(200, new JsonObject(json)), (v, request, body) -> request.response()
        .putHeader("content-type", "text/event-stream").end(sse));
    TestGateway gateway = TestGateway.start(vertx, """
        gateway:
          providers:
            openai: { apiKey: sk-unused, baseUrl: "http://127.0.0.1:9", isPrimary: true }
            google: { apiKey: goog-configured, baseUrl: "%s", models: { "*": "gemini-2.5-flash" } }
          middleware: { rateLimit: 0 }
        """.formatted(gemini.baseUrl()));
    OpenAIClient sdk = OpenAIOkHttpClient.builder().apiKey("client").baseUrl(gateway.url("/google/v1"))
        .maxRetries(0).build();
    try {
      ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("gpt-4o")
          .addSystemMessage("Be kind.").addUserMessage("Hi").build();
      ChatCompletion completion = sdk.chat().completions().create(params);
      assertEquals("Hello! How can I help?", completion.choices().get(0).message().content().orElseThrow(),
          "thought parts are not shown");
      assertEquals("gemini-2.5-flash", completion.model(), "the model that answered, not the alias");
      assertEquals(8, completion.usage().orElseThrow().promptTokens());

      UpstreamStub.Received call = gemini.last();
      assertEquals("/v1beta/models/gemini-2.5-flash:generateContent", call.uri());
      assertEquals("Bearer goog-configured", call.headers().get("authorization"));
      JsonObject sent = call.json();
      assertEquals("Be kind.", sent.getJsonObject("systemInstruction").getJsonArray("parts").getJsonObject(0).getString("text"));
      assertEquals("user", sent.getJsonArray("contents").getJsonObject(0).getString("role"));
      assertNull(sent.getValue("model"), "Gemini names the model in the path");

      ChatCompletionCreateParams streaming = params.toBuilder()
          .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
      List<com.openai.models.chat.completions.ChatCompletionChunk> chunks;
      try (var stream = sdk.chat().completions().createStreaming(streaming)) {
        chunks = stream.stream().toList();
      }
      String text = chunks.stream().flatMap(c -> c.choices().stream()).map(c -> c.delta().content().orElse(""))
          .collect(Collectors.joining());
      assertEquals("The sky is blue.", text);
      assertTrue(gemini.last().uri().endsWith(":streamGenerateContent?alt=sse"), gemini.last().uri());
      assertEquals(11, chunks.get(chunks.size() - 1).usage().orElseThrow().totalTokens());
    } finally {
      sdk.close();
    }
  }

  @Test
  void anthropicSdkServedByAnOpenAiFormatProvider(Vertx vertx) {
    UpstreamStub openai = UpstreamStub.start(vertx, Behaviors.openAiChat("gpt-4o-2024-08-06", "Bonjour."));
    openai.then(Behaviors.openAiChat("gpt-4o-2024-08-06", "Bonjour."),
        Behaviors.sseData(Behaviors.openAiStreamEvents("gpt-4o-2024-08-06", List.of("Bon", "jour", "."), true), 0, 2, -1, -1));
    TestGateway gateway = TestGateway.start(vertx, """
        gateway:
          providers:
            openai: { apiKey: sk-configured, baseUrl: "%s/v1", isPrimary: true, models: { "*": "gpt-4o" } }
          middleware: { rateLimit: 0 }
        """.formatted(openai.baseUrl()));
    AnthropicClient sdk = AnthropicOkHttpClient.builder().apiKey("client").baseUrl(gateway.url("")).maxRetries(0).build();
    try {
      MessageCreateParams params = MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(64)
          .system("Answer in French.").addUserMessage("Hello").build();
      Message message = sdk.messages().create(params);
      assertEquals("Bonjour.", message.content().get(0).text().orElseThrow().text());
      assertEquals("gpt-4o-2024-08-06", message.model().asString());
      assertEquals(9, message.usage().inputTokens());

      UpstreamStub.Received call = openai.last();
      assertEquals("/v1/chat/completions", call.uri());
      assertEquals("Bearer sk-configured", call.headers().get("authorization"));
      assertEquals("gpt-4o", call.json().getString("model"), "translation maps the model through \"*\"");
      assertEquals("system", call.json().getJsonArray("messages").getJsonObject(0).getString("role"));
      assertEquals(64, call.json().getInteger("max_tokens", call.json().getInteger("max_completion_tokens")));

      StringBuilder text = new StringBuilder();
      try (var stream = sdk.messages().createStreaming(params)) {
        stream.stream().forEach(event -> event.contentBlockDelta()
            .flatMap(delta -> delta.delta().text()).ifPresent(t -> text.append(t.text())));
      }
      assertEquals("Bonjour.", text.toString());
      assertTrue(openai.last().json().getBoolean("stream"));
    } finally {
      sdk.close();
    }
  }

  @Test
  void anInStreamUpstreamErrorReachesTheClientAsAnErrorAndCountsAsAFailure(Vertx vertx) throws Exception {
    String sse = fixture("anthropic/stream_error.sse");
    UpstreamStub anthropic = UpstreamStub.start(vertx, (v, request, body) -> request.response()
        .putHeader("content-type", "text/event-stream").end(sse));
    TestGateway gateway = TestGateway.start(vertx, """
        gateway:
          providers:
            anthropic: { apiKey: ant, baseUrl: "%s", models: { "*": "claude-sonnet-4-5" } }
          middleware: { rateLimit: 0 }
        """.formatted(anthropic.baseUrl()));
    ai.rivano.gateway.testing.Http http = new ai.rivano.gateway.testing.Http(vertx);

    ai.rivano.gateway.testing.Http.Streamed stream = http.stream(gateway.url("/v1/chat/completions"),
        ai.rivano.gateway.testing.Http.chatRequest("gpt-4o", "hi").put("stream", true), null);

    assertEquals(200, stream.status());
    assertTrue(stream.body().contains("Partial"), stream.body());
    assertTrue(stream.body().contains("Overloaded"), "the upstream's error event, in OpenAI format: " + stream.body());
    assertTrue(!stream.body().contains("[DONE]"), "never a clean end");
    JsonObject status = http.get(gateway.url("/_rivano/status")).json();
    assertEquals(0, status.getJsonObject("stats").getLong("successes"), "an errored stream is not a success");
    assertEquals(1, status.getJsonArray("providers").getJsonObject(0).getLong("failures"));
  }
}
