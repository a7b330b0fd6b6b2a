package ai.rivano.gateway.routing;

import ai.rivano.gateway.testing.Behaviors;
import ai.rivano.gateway.testing.Http;
import ai.rivano.gateway.testing.TestGateway;
import ai.rivano.gateway.testing.UpstreamStub;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static ai.rivano.gateway.routing.FailoverSetup.CHAT;
import static ai.rivano.gateway.routing.FailoverSetup.FAST;
import static ai.rivano.gateway.routing.FailoverSetup.MODELS;
import static ai.rivano.gateway.routing.FailoverSetup.content;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code models:} on a provider: an exact entry always applies, {@code "*"} only when the provider serves a request
 * not addressed to it natively (failover or translation); the response reports the model that answered, and
 * usage passes through (translated when the formats differ).
 */
@ExtendWith(VertxExtension.class)
class ModelMappingTest {

  private static final String ANTHROPIC_MODEL = "claude-haiku-4-5-20251001";

  private UpstreamStub openai;
  private UpstreamStub anthropic;
  private TestGateway gateway;
  private Http http;

  @BeforeEach
  void start(Vertx vertx) {
    openai = UpstreamStub.start(vertx, Behaviors.openAiChat("gpt-4o-mini-2024-07-18", "from openai"));
    anthropic = UpstreamStub.start(vertx, Behaviors.anthropicChat(ANTHROPIC_MODEL, "from claude"));
    gateway = TestGateway.start(vertx, FailoverSetup.openAiThenAnthropic(openai, FAST, anthropic, FAST + ", " + MODELS));
    http = new Http(vertx);
  }

  @Test
  void onFailoverTheCatchAllMapsAnUnlistedModelAndTheResponseReportsTheUpstreamModel() {
    openai.then(Behaviors.status(503, null), Behaviors.status(503, null));

    Http.Response response = http.postJson(gateway.url(CHAT), Http.chatRequest("gpt-4o-mini", "hi"));

    assertEquals(200, response.status(), response.text());
    assertEquals("anthropic", response.header("X-Rivano-Provider"));
    assertEquals("claude-haiku", anthropic.last().json().getString("model"), "\"*\" applies on failover");
    assertEquals(ANTHROPIC_MODEL, response.json().getString("model"), "never the requested alias");
    assertEquals("from claude", content(response.json()));
    JsonObject usage = response.json().getJsonObject("usage");
    assertEquals(10, usage.getInteger("prompt_tokens"));
    assertEquals(5, usage.getInteger("completion_tokens"));
    assertEquals(15, usage.getInteger("total_tokens"));
  }

  @Test
  void onFailoverAnExactEntryWins() {
    openai.then(Behaviors.status(503, null), Behaviors.status(503, null));

    http.postJson(gateway.url(CHAT), Http.chatRequest("gpt-4o", "hi"));

    assertEquals("claude-sonnet-4-5", anthropic.last().json().getString("model"));
  }

  @Test
  void aTranslatedRequestAddressedByHeaderIsMappedToo() {
    Http.Response response = http.postJson(gateway.url(CHAT), Http.chatRequest("gpt-4.1", "hi"),
        Http.headers("X-Rivano-Provider", "anthropic"));

    assertEquals(200, response.status(), response.text());
    assertEquals("claude-haiku", anthropic.last().json().getString("model"), "OpenAI body on Anthropic: \"*\" applies");
    assertEquals(ANTHROPIC_MODEL, response.json().getString("model"));
    assertEquals(0, openai.count());
  }

  @Test
  void aNativeRequestKeepsItsModelUnlessAnExactEntryNamesIt() {
    JsonObject body = new JsonObject().put("model", "claude-opus-4-1").put("max_tokens", 64)
        .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "hi")));
    Http.Response native1 = http.postJson(gateway.url("/anthropic/v1/messages"), body,
        Http.headers("anthropic-version", "2023-06-01"));
    assertEquals(200, native1.status(), native1.text());
    assertEquals("claude-opus-4-1", anthropic.last().json().getString("model"), "\"*\" does not apply natively");
    assertEquals(ANTHROPIC_MODEL, native1.json().getString("model"));

    http.postJson(gateway.url("/anthropic/v1/messages"), body.copy().put("model", "gpt-4o"),
        Http.headers("anthropic-version", "2023-06-01"));
    assertEquals("claude-sonnet-4-5", anthropic.last().json().getString("model"), "an exact entry always applies");
  }

  @Test
  void thePrimaryWithoutModelsForwardsTheRequestedModel() {
    Http.Response response = http.postJson(gateway.url(CHAT), Http.chatRequest("gpt-4o-mini", "hi"));

    assertEquals("openai", response.header("X-Rivano-Provider"));
    assertEquals("gpt-4o-mini", openai.last().json().getString("model"));
    assertEquals("gpt-4o-mini-2024-07-18", response.json().getString("model"));
    assertEquals(21, response.json().getJsonObject("usage").getInteger("total_tokens"), "usage passed through");
  }

  @Test
  void anOpenAiFormatFallbackGetsTheMappedModelWithoutTranslation(Vertx vertx) {
    UpstreamStub mistral = UpstreamStub.start(vertx, Behaviors.openAiChat("mistral-large-2411", "from mistral"));
    TestGateway withMistral = TestGateway.start(vertx, FailoverSetup.openAiThenMistral(openai, FAST, mistral,
        FAST + ", models: { \"*\": \"mistral-large-latest\" }"));
    openai.then(Behaviors.status(500, null), Behaviors.status(500, null));

    Http.Response response = http.postJson(withMistral.url(CHAT), Http.chatRequest("gpt-4o", "hi"));

    assertEquals(200, response.status());
    assertEquals("mistral", response.header("X-Rivano-Provider"));
    assertEquals("mistral-large-latest", mistral.last().json().getString("model"));
    assertEquals("/v1/chat/completions", mistral.last().uri());
    assertEquals("Bearer sk-mistral", mistral.last().headers().get("authorization"));
    assertEquals("mistral-large-2411", response.json().getString("model"));
  }
}
