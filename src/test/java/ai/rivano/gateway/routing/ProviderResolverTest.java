package ai.rivano.gateway.routing;

import ai.rivano.gateway.config.ConfigValidator;
import ai.rivano.gateway.config.GatewayConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProviderResolverTest {

  private static GatewayConfig config(String firstKey, JsonObject providers) {
    JsonObject root = new JsonObject().put("gateway", new JsonObject().put("providers", providers));
    return new ConfigValidator(Map.of()).validate(root, "rivano.yaml", new ArrayList<>());
  }

  private final ProviderResolver resolver = new ProviderResolver(config("openai", new JsonObject()
      .put("ollama", new JsonObject())
      .put("openai", new JsonObject().put("apiKey", "k").put("isPrimary", true))
      .put("anthropic", new JsonObject().put("apiKey", "k"))));

  @Test
  void headerThenPrefixThenDefault() {
    assertEquals("anthropic", resolver.resolve("anthropic", "/openai/v1/chat/completions").provider().name());
    assertEquals("/v1/chat/completions", resolver.resolve("anthropic", "/openai/v1/chat/completions").forwardPath());
    assertEquals("ollama", resolver.resolve(null, "/ollama/api/chat?x=1").provider().name());
    assertEquals("/api/chat?x=1", resolver.resolve(null, "/ollama/api/chat?x=1").forwardPath());
    assertEquals("openai", resolver.resolve(null, "/v1/chat/completions").provider().name(), "isPrimary wins over order");
    assertEquals("/v1/chat/completions", resolver.resolve("", "/v1/chat/completions").forwardPath());
  }

  @Test
  void aProviderNamedButNotConfiguredIsAnError() {
    ProviderResolver.Resolution byHeader = resolver.resolve("mistral", "/v1/chat/completions");
    assertFalse(byHeader.ok());
    assertTrue(byHeader.error().contains("\"mistral\"") && byHeader.error().contains("header"), byHeader.error());
    ProviderResolver.Resolution byPrefix = resolver.resolve(null, "/google/v1beta/models");
    assertFalse(byPrefix.ok());
    assertTrue(byPrefix.error().contains("path prefix /google"), byPrefix.error());
  }

  @Test
  void withoutPrimaryTheFirstConfiguredIsTheDefault() {
    ProviderResolver noPrimary = new ProviderResolver(config("ollama", new JsonObject()
        .put("ollama", new JsonObject()).put("openai", new JsonObject().put("apiKey", "k"))));
    assertEquals("ollama", noPrimary.resolve(null, "/v1/chat/completions").provider().name());
  }

  @Test
  void aClimbingPathIsRefusedWhateverChoseTheProvider() {
    for (String uri : new String[] {"/openai/../admin", "/v1/%2e%2E/x", "/v1/a%2fb", "/v1/./x"}) {
      assertFalse(resolver.resolve(null, uri).ok(), uri);
      assertFalse(resolver.resolve("openai", uri).ok(), uri);
    }
    assertTrue(resolver.resolve(null, "/v1/models?x=../..").ok(), "the query string is not a path");
  }
}
