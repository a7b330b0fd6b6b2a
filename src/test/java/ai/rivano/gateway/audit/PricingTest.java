package ai.rivano.gateway.audit;

import ai.rivano.gateway.routing.translate.TokenUsage;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PricingTest {

  private final Pricing pricing = Pricing.builtIn();

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "gpt-4o, gpt-4o",
      "gpt-4o-2024-08-06, gpt-4o",
      "gpt-4o-2024-05-13, gpt-4o-2024-05-13",
      "gpt-4o-mini-2024-07-18, gpt-4o-mini",
      "GPT-4o-Mini, gpt-4o-mini",
      "gpt-4.1-2025-04-14, gpt-4.1",
      "gpt-4.1-nano-2025-04-14, gpt-4.1-nano",
      "gpt-5-2025-08-07, gpt-5",
      "gpt-5-mini-2025-08-07, gpt-5-mini",
      "gpt-5-chat-latest, gpt-5-chat",
      "gpt-5.1-2025-11-13, gpt-5.1",
      "o3-2025-04-16, o3",
      "o3-mini-2025-01-31, o3-mini",
      "o4-mini-2025-04-16, o4-mini",
      "o1-preview-2024-09-12, o1",
      "claude-sonnet-4-5-20250929, claude-sonnet-4-5",
      "claude-sonnet-4-5, claude-sonnet-4-5",
      "claude-sonnet-4-20250514, claude-sonnet-4",
      "claude-sonnet-4-0, claude-sonnet-4-0",
      "claude-opus-4-5-20251101, claude-opus-4-5",
      "claude-opus-4-1-20250805, claude-opus-4-1",
      "claude-opus-4-20250514, claude-opus-4",
      "claude-3-7-sonnet-latest, claude-3-7-sonnet",
      "claude-3-5-sonnet-20241022, claude-3-5-sonnet",
      "claude-3-5-haiku-20241022, claude-3-5-haiku",
      "claude-haiku-4-5-20251001, claude-haiku-4-5",
      "claude-sonnet-4-5@20250929, claude-sonnet-4-5",
      "us.anthropic.claude-sonnet-4-5-20250929-v1:0, claude-sonnet-4-5",
      "anthropic.claude-3-5-sonnet-20241022-v2:0, claude-3-5-sonnet",
      "gemini-2.5-pro, gemini-2.5-pro",
      "models/gemini-2.5-flash, gemini-2.5-flash",
      "gemini-2.5-flash-preview-05-20, gemini-2.5-flash",
      "gemini-2.5-flash-lite-preview-06-17, gemini-2.5-flash-lite",
      "gemini-2.0-flash-001, gemini-2.0-flash",
      "gemini-2.0-flash-lite-001, gemini-2.0-flash-lite",
      "mistral-large-latest, mistral-large",
      "mistral-large-2411, mistral-large",
      "mistral-medium-2505, mistral-medium",
      "mistral-small-2503, mistral-small",
      "mistral-small-2409, mistral-small-2409",
      "command-a-03-2025, command-a",
      "command-r-plus-08-2024, command-r-plus-08-2024",
      "command-r-plus, command-r-plus",
      "command-r-08-2024, command-r-08-2024",
      "command-r7b-12-2024, command-r7b",
  })
  void namesResolveToTheirFamilyByLongestKnownPrefix(String model, String family) {
    Pricing.ModelPrice price = pricing.lookup(model);
    assertNotNull(price, model);
    assertEquals(family, price.family());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "llama3.1:8b", "my-azure-deployment", "gpt-4o-realtime-preview", "gpt-4o-mini-search-preview",
      "claude-opus-4-6", "claude-opus-4-0-20250514", "gemini-2.5-flash-image", "gemini-3-pro-preview",
      "command-r-plus-12-2025", "command-a-vision-07-2025", "gpt-5.2", "gpt-4o-mini-tts", "o3-deep-research"})
  void unknownModelsAndNamedVariantsHaveNoPrice(String model) {
    assertNull(pricing.lookup(model), model);
    assertNull(pricing.costUsd(model, new TokenUsage(1000, 1000, 0, 0)), model);
  }

  @Test
  void rememberedResolutionsAreTheSameAndBounded() {
    Pricing fresh = Pricing.load();
    assertEquals(fresh.lookup("gpt-4o-2024-08-06"), fresh.lookup("gpt-4o-2024-08-06"));
    assertNull(fresh.lookup("no-such-model"));
    assertNull(fresh.lookup("no-such-model"));
    for (int i = 0; i < Pricing.REMEMBERED_NAMES * 2; i++) { // a client inventing model names
      assertNull(fresh.lookup("made-up-" + i));
    }
    assertEquals(Pricing.REMEMBERED_NAMES, fresh.rememberedNames());
    assertEquals(pricing.costUsd("gpt-4o", new TokenUsage(1000, 500, 0, 0)),
        fresh.costUsd("gpt-4o", new TokenUsage(1000, 500, 0, 0)));
  }

  @Test
  void nullModelHasNoPrice() {
    assertNull(pricing.costUsd(null, new TokenUsage(1, 1, 0, 0)));
  }

  @Test
  void costIsInputPlusOutputAtTheListRates() {
    // gpt-4o: $2.50 in, $10.00 out per 1M
    assertEquals(0.0025 + 0.005, pricing.costUsd("gpt-4o-2024-08-06", new TokenUsage(1000, 500, 0, 0)), 1e-12);
    // claude-sonnet-4-5: $3 / $15 (prompt under the 200k long-context threshold)
    assertEquals(0.3 + 1.5, pricing.costUsd("claude-sonnet-4-5-20250929", new TokenUsage(100_000, 100_000, 0, 0)),
        1e-12);
    assertEquals(0.0, pricing.costUsd("gpt-4o", TokenUsage.ZERO));
  }

  @Test
  void cachedPromptTokensArePricedAtTheCachedRateWhereThereIsOne() {
    // gpt-4.1: $2.00 in, $0.50 cached, $8.00 out. 10k prompt of which 8k cached, 1k out.
    double expected = (2_000 * 2.00 + 8_000 * 0.50 + 1_000 * 8.00) / 1_000_000;
    assertEquals(expected, pricing.costUsd("gpt-4.1", new TokenUsage(10_000, 1_000, 8_000, 0)), 1e-12);
    // mistral-large has no cached rate: cached tokens cost the input rate
    assertEquals(pricing.costUsd("mistral-large-latest", new TokenUsage(10_000, 1_000, 0, 0)),
        pricing.costUsd("mistral-large-latest", new TokenUsage(10_000, 1_000, 8_000, 0)));
  }

  @Test
  void aPromptOverTheLongContextThresholdIsPricedAtTheLongContextRates() {
    // gemini-2.5-pro: <= 200k: $1.25 / $10; > 200k: $2.50 / $15, for the whole request
    assertEquals((200_000 * 1.25 + 1_000 * 10.0) / 1_000_000,
        pricing.costUsd("gemini-2.5-pro", new TokenUsage(200_000, 1_000, 0, 0)), 1e-12);
    assertEquals((200_001 * 2.50 + 1_000 * 15.0) / 1_000_000,
        pricing.costUsd("gemini-2.5-pro", new TokenUsage(200_001, 1_000, 0, 0)), 1e-12);
  }

  @Test
  void costIsTheExactDecimalNotAFloatingPointSum() {
    // 3 tokens at $0.10/1M = 3e-7; summing doubles would give 2.9999999999999997E-7
    assertEquals("3.0E-7", String.valueOf(pricing.costUsd("gpt-4.1-nano", new TokenUsage(3, 0, 0, 0))));
  }

  @Test
  void theTableCarriesTheDateItsPricesWereTakenAndEveryProvider() {
    assertTrue(LocalDate.parse(pricing.pricesAsOf()).getYear() >= 2025);
    for (String model : new String[] {"gpt-4o", "claude-sonnet-4-5", "gemini-2.5-flash", "mistral-medium",
        "command-r-plus-08-2024"}) {
      assertNotNull(pricing.lookup(model), model);
    }
  }

  @Test
  void aBrokenTableIsRejectedByName() {
    JsonObject table = new JsonObject().put("prices_as_of", "2025-11-30")
        .put("models", new JsonObject().put("gpt-x", new JsonObject().put("input", 1).put("output", "free")));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Pricing.parse(table));
    assertEquals("price table: gpt-x.output must be a number >= 0", e.getMessage());
  }
}
