package ai.rivano.gateway.routing;

import ai.rivano.gateway.testing.Http;
import ai.rivano.gateway.testing.UpstreamStub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Configurations and small readers shared by the fault-injection suite. */
final class FailoverSetup {

  /** The suite's clocks: headers within 500 ms, first event within 300 ms, no gap over 300 ms. */
  static final String FAST = "timeoutMs: 500, firstTokenTimeoutMs: 300, idleTimeoutMs: 300";
  static final String MODELS = "models: { \"gpt-4o\": \"claude-sonnet-4-5\", \"*\": \"claude-haiku\" }";
  static final String CHAT = "/v1/chat/completions";

  private FailoverSetup() {
  }

  /** {@code openai} primary (OpenAI format) and {@code anthropic} fallback (Anthropic format, translated). */
  static String openAiThenAnthropic(UpstreamStub openai, String openaiExtra, UpstreamStub anthropic, String anthropicExtra) {
    return """
        gateway:
          providers:
            openai:    { apiKey: sk-openai, baseUrl: "%s/v1", isPrimary: true, %s }
            anthropic: { apiKey: sk-ant, baseUrl: "%s", isFallback: true, %s }
          middleware: { rateLimit: 0 }
        """.formatted(openai.baseUrl(), openaiExtra, anthropic.baseUrl(), anthropicExtra);
  }

  /** {@code openai} primary and {@code mistral} fallback, both OpenAI format (no translation). */
  static String openAiThenMistral(UpstreamStub openai, String openaiExtra, UpstreamStub mistral, String mistralExtra) {
    return """
        gateway:
          providers:
            openai:  { apiKey: sk-openai, baseUrl: "%s/v1", isPrimary: true, %s }
            mistral: { apiKey: sk-mistral, baseUrl: "%s/v1", isFallback: true, %s }
          middleware: { rateLimit: 0 }
        """.formatted(openai.baseUrl(), openaiExtra, mistral.baseUrl(), mistralExtra);
  }

  static JsonObject streamRequest(String model, String text) {
    return Http.chatRequest(model, text).put("stream", true);
  }

  static String content(JsonObject completion) {
    return completion.getJsonArray("choices").getJsonObject(0).getJsonObject("message").getString("content");
  }

  static long gapMs(UpstreamStub.Received first, UpstreamStub.Received second) {
    return (second.atNanos() - first.atNanos()) / 1_000_000;
  }

  /** {@code /_rivano/status} providers by name: {name → {circuit, attempts, failures, role}}. */
  static Map<String, JsonObject> providers(Http http, String statusUrl) {
    Http.Response status = http.get(statusUrl);
    assertEquals(200, status.status(), status.text());
    JsonArray list = status.json().getJsonArray("providers");
    return list.stream().map(JsonObject.class::cast)
        .collect(Collectors.toMap(p -> p.getString("name"), p -> p));
  }

  static String lastMessageRole(UpstreamStub.Received received) {
    JsonArray messages = received.json().getJsonArray("messages");
    return messages.getJsonObject(messages.size() - 1).getString("role");
  }

  static List<String> pieces(String... pieces) {
    return List.of(pieces);
  }

  /** One row of the fault table in docs/failover.md, printed from a real run. */
  static void table(String fault, String clientSees, String attempts, String timing) {
    System.out.println("FAULT-TABLE | " + fault + " | " + clientSees + " | " + attempts + " | " + timing + " |");
  }
}
