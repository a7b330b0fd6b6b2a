package ai.rivano.gateway.routing.failover;

import ai.rivano.gateway.config.ConfigValidator;
import ai.rivano.gateway.config.GatewayConfig;
import ai.rivano.gateway.routing.translate.WireFormat;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Per-model capabilities: the {@code models:} entry that applies to a candidate decides whether that model takes an
 * assistant prefill; without one the provider's {@code supportsPrefill} does. Short and long forms map the model
 * alike.
 */
class ModelCapabilitiesTest {

  private static final GatewayConfig CONFIG = new ConfigValidator(Map.of()).validate(new JsonObject("""
      {"gateway": {"providers": {
        "openai": {"apiKey": "sk-o", "isPrimary": true},
        "anthropic": {"apiKey": "sk-a", "isFallback": true, "supportsPrefill": true,
          "models": {
            "gpt-4o": {"model": "claude-sonnet-4-5"},
            "o1": {"model": "claude-opus-4", "supportsPrefill": false},
            "o3": {"supportsPrefill": false},
            "*": "claude-haiku-4-5"}},
        "mistral": {"apiKey": "sk-m",
          "models": {"gpt-4o": {"model": "mistral-large", "supportsPrefill": true}}}}}}
      """), "t.yaml", new ArrayList<>());

  private static RoutePlan.Candidate fallbackFor(String requestedModel) {
    RoutePlan plan = RoutePlan.of(CONFIG, CONFIG.defaultProvider(), WireFormat.OPENAI_CHAT, requestedModel, true);
    assertEquals(2, plan.candidates().size(), plan.toString());
    return plan.candidates().get(1);
  }

  @Test
  void theMatchedEntryDecidesElseTheProvider() {
    RoutePlan.Candidate sonnet = fallbackFor("gpt-4o");
    assertEquals("claude-sonnet-4-5", sonnet.model());
    assertTrue(sonnet.supportsPrefill(), "entry without the key: the provider's true");

    RoutePlan.Candidate opus = fallbackFor("o1");
    assertEquals("claude-opus-4", opus.model());
    assertFalse(opus.supportsPrefill(), "the model's own false wins over the provider's true");

    RoutePlan.Candidate o3 = fallbackFor("o3");
    assertEquals("o3", o3.model(), "an entry without model keeps the requested one");
    assertFalse(o3.supportsPrefill());

    RoutePlan.Candidate haiku = fallbackFor("anything-else");
    assertEquals("claude-haiku-4-5", haiku.model(), "the catch-all's short form");
    assertTrue(haiku.supportsPrefill());
  }

  @Test
  void aModelCanTakeAPrefillOnAProviderThatDoesNot() {
    RoutePlan plan = RoutePlan.of(CONFIG, CONFIG.providers().get("mistral"), WireFormat.OPENAI_CHAT, "gpt-4o", true);
    RoutePlan.Candidate mistral = plan.candidates().get(0);
    assertEquals("mistral-large", mistral.model());
    assertTrue(mistral.supportsPrefill());
    RoutePlan other = RoutePlan.of(CONFIG, CONFIG.providers().get("mistral"), WireFormat.OPENAI_CHAT, "small", true);
    assertFalse(other.candidates().get(0).supportsPrefill(), "no entry: mistral's default false");
    assertFalse(RoutePlan.of(CONFIG, CONFIG.defaultProvider(), WireFormat.OPENAI_CHAT, "gpt-4o", true)
        .candidates().get(0).supportsPrefill(), "openai has no prefill");
  }
}
