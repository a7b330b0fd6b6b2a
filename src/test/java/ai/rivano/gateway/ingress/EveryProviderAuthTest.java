package ai.rivano.gateway.ingress;

import ai.rivano.gateway.routing.providers.ProviderKind;
import ai.rivano.gateway.testing.Behaviors;
import ai.rivano.gateway.testing.Http;
import ai.rivano.gateway.testing.TestGateway;
import ai.rivano.gateway.testing.UpstreamStub;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** SPEC §4's table: each provider's default base URL and the way its configured key travels upstream. */
@ExtendWith(VertxExtension.class)
class EveryProviderAuthTest {

  @Test
  void defaultBaseUrlsAreTheDocumentedOnes() {
    assertEquals("https://api.openai.com/v1", ProviderKind.OPENAI.defaultBaseUrl());
    assertEquals("https://api.anthropic.com", ProviderKind.ANTHROPIC.defaultBaseUrl());
    assertEquals("https://generativelanguage.googleapis.com", ProviderKind.GOOGLE.defaultBaseUrl());
    assertEquals("https://api.mistral.ai/v1", ProviderKind.MISTRAL.defaultBaseUrl());
    assertEquals("https://api.cohere.com/v1", ProviderKind.COHERE.defaultBaseUrl());
    assertEquals("http://localhost:11434", ProviderKind.OLLAMA.defaultBaseUrl());
    assertNull(ProviderKind.AZURE.defaultBaseUrl(), "azure needs baseUrl");
    assertNull(ProviderKind.BEDROCK.defaultBaseUrl(), "bedrock needs baseUrl");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      // provider, client path,                        header that must carry the key, value
      "openai,    /openai/v1/chat/completions,           authorization,  Bearer k-openai",
      "azure,     /azure/openai/deployments/d/chat/completions?api-version=2024-06-01, authorization, Bearer k-azure",
      "bedrock,   /bedrock/v1/chat/completions,          authorization,  Bearer k-bedrock",
      "mistral,   /mistral/v1/chat/completions,          authorization,  Bearer k-mistral",
      "cohere,    /cohere/v1/chat/completions,           authorization,  Bearer k-cohere",
      "anthropic, /anthropic/v1/messages,                x-api-key,      k-anthropic",
      "google,    /google/v1beta/models/gemini-2.5-flash:generateContent, authorization, Bearer k-google",
  })
  void theConfiguredKeyReplacesTheClientsTheProvidersWay(String provider, String path, String header, String value,
                                                         Vertx vertx) {
    UpstreamStub stub = UpstreamStub.start(vertx, Behaviors.json(200, new io.vertx.core.json.JsonObject().put("ok", true)));
    TestGateway gateway = TestGateway.start(vertx, """
        gateway:
          providers:
            %s: { apiKey: k-%s, baseUrl: "%s" }
          middleware: { rateLimit: 0 }
        """.formatted(provider, provider, stub.baseUrl()));

    Http.Response response = new Http(vertx).postJson(gateway.url(path), new io.vertx.core.json.JsonObject()
        .put("contents", new io.vertx.core.json.JsonArray()), Http.headers("Authorization", "Bearer client-secret"));

    assertEquals(200, response.status());
    assertEquals(value, stub.last().headers().get(header));
    assertEquals(1, stub.last().headers().getAll(header).size());
    if (!"authorization".equals(header)) {
      assertNull(stub.last().headers().get("authorization"), "the client's credential does not reach " + provider);
    }
    assertEquals(provider, response.header("X-Rivano-Provider"));
  }

  @Test
  void aGeminiClientUsingXGoogApiKeyKeepsThatHeader(Vertx vertx) {
    UpstreamStub stub = UpstreamStub.start(vertx, Behaviors.json(200, new io.vertx.core.json.JsonObject()));
    TestGateway gateway = TestGateway.start(vertx, """
        gateway:
          providers:
            google: { apiKey: k-google, baseUrl: "%s" }
          middleware: { rateLimit: 0 }
        """.formatted(stub.baseUrl()));
    new Http(vertx).postJson(gateway.url("/google/v1beta/models/gemini-2.5-flash:generateContent"),
        new io.vertx.core.json.JsonObject().put("contents", new io.vertx.core.json.JsonArray()),
        Http.headers("x-goog-api-key", "client-key"));
    assertEquals("k-google", stub.last().headers().get("x-goog-api-key"));
    assertNull(stub.last().headers().get("authorization"));
  }
}
