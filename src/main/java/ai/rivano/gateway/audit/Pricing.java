package ai.rivano.gateway.audit;

import ai.rivano.gateway.routing.translate.TokenUsage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The built-in price table ({@code model-prices.json} next to this class, with the date the prices were taken)
 * and the cost of one request from its token usage.
 *
 * <p>A model name resolves to the longest known name it starts with, provided what follows is only a version
 * tag: a date ({@code -2024-08-06}, {@code -20250929}, {@code @20250929}, {@code -08-2024}), a revision
 * ({@code -001}, {@code -2411}, {@code -v1:0}) or {@code -latest}/{@code -preview}/{@code -exp}. So
 * {@code gpt-4o-2024-08-06} is {@code gpt-4o} and {@code claude-sonnet-4-5-20250929} is
 * {@code claude-sonnet-4-5}, but {@code gpt-4o-realtime-preview} or {@code claude-opus-4-6} are unknown: a
 * variant with a name of its own may have a price of its own, and an unknown cost is reported as null, never
 * guessed. Provider namespaces are removed first ({@code models/…}, {@code publishers/…/models/…}, Bedrock's
 * {@code [region.]anthropic.…}).
 */
public final class Pricing {

  private static final String RESOURCE = "model-prices.json";
  private static final Pattern VERSION_TAG = Pattern.compile(
      "(?:[-@](?:\\d{8}|\\d{4}-\\d{2}-\\d{2}|\\d{2}-\\d{4}|\\d{2}-\\d{2}|\\d{3,4}|latest|preview|exp|v\\d+(?::\\d+)?))+");
  private static final Pattern BEDROCK_ANTHROPIC = Pattern.compile("^(?:(?:us|eu|apac|global|us-gov)\\.)?anthropic\\.");

  private static final class BuiltIn {
    static final Pricing TABLE = load();
  }

  /** USD per 1M tokens; {@code cachedInput} null when the provider has no cached rate (cached tokens = input). */
  public record Rates(BigDecimal input, BigDecimal cachedInput, BigDecimal output) {
    BigDecimal cached() {
      return cachedInput == null ? input : cachedInput;
    }
  }

  /**
   * One table entry. {@code longContext} (may be null) replaces {@code rates} for the whole request when the
   * prompt has more than {@code longContextAbove} tokens (Gemini 2.5 Pro, Claude Sonnet 4/4.5 1M context).
   */
  public record ModelPrice(String family, Rates rates, long longContextAbove, Rates longContext, boolean exact) {
    Rates ratesFor(long promptTokens) {
      return longContext != null && promptTokens > longContextAbove ? longContext : rates;
    }
  }

  private final String pricesAsOf;
  private final List<ModelPrice> longestFirst;

  /** Most model names whose resolution {@link #lookup} remembers. */
  static final int REMEMBERED_NAMES = 1024;
  private final Map<String, Optional<ModelPrice>> resolved = new ConcurrentHashMap<>();

  Pricing(String pricesAsOf, List<ModelPrice> prices) {
    this.pricesAsOf = pricesAsOf;
    this.longestFirst = new ArrayList<>(prices);
    this.longestFirst.sort(Comparator.comparingInt((ModelPrice p) -> p.family().length()).reversed());
  }

  /** The table shipped with the gateway, loaded once. */
  public static Pricing builtIn() {
    return BuiltIn.TABLE;
  }

  /** The date the built-in prices were taken from the providers' pricing pages (ISO, e.g. 2025-11-30). */
  public String pricesAsOf() {
    return pricesAsOf;
  }

  /**
   * The entry {@code model} resolves to, or null when it is not in the table. Remembered per name (every request
   * prices its model; resolving lower-cases, strips a namespace with a regex and walks the table), for at most
   * {@link #REMEMBERED_NAMES} names: model names come from clients and upstreams, so the memory stays bounded.
   */
  public ModelPrice lookup(String model) {
    if (model == null) {
      return null;
    }
    Optional<ModelPrice> known = resolved.get(model);
    if (known != null) {
      return known.orElse(null);
    }
    ModelPrice price = resolve(model);
    if (resolved.size() < REMEMBERED_NAMES) {
      resolved.put(model, Optional.ofNullable(price));
    }
    return price;
  }

  /** For tests: how many names {@link #lookup} remembers now. */
  int rememberedNames() {
    return resolved.size();
  }

  private ModelPrice resolve(String model) {
    if (model.isBlank()) {
      return null;
    }
    String name = withoutNamespace(model.trim().toLowerCase(Locale.ROOT));
    for (ModelPrice price : longestFirst) {
      String family = price.family();
      if (!name.startsWith(family)) {
        continue;
      }
      if (name.length() == family.length()) {
        return price;
      }
      if (!price.exact() && VERSION_TAG.matcher(name).region(family.length(), name.length()).matches()) {
        return price;
      }
    }
    return null;
  }

  /**
   * The cost in USD of {@code usage} on {@code model}: uncached prompt tokens at the input rate, cached ones at
   * the cached rate, completion tokens (reasoning included) at the output rate. Null when the model is unknown.
   * Anthropic cache writes are inside {@code promptTokens} and priced at the input rate (the provider charges
   * 1.25x for them), so a request that writes a prompt cache is slightly under-priced.
   */
  public Double costUsd(String model, TokenUsage usage) {
    ModelPrice price = lookup(model);
    if (price == null || usage == null) {
      return null;
    }
    Rates rates = price.ratesFor(usage.promptTokens());
    long cached = Math.min(Math.max(usage.cachedPromptTokens(), 0), usage.promptTokens());
    BigDecimal perMillion = rates.input().multiply(BigDecimal.valueOf(usage.promptTokens() - cached))
        .add(rates.cached().multiply(BigDecimal.valueOf(cached)))
        .add(rates.output().multiply(BigDecimal.valueOf(usage.completionTokens())));
    return perMillion.movePointLeft(6).doubleValue();
  }

  static String withoutNamespace(String name) {
    int slash = name.lastIndexOf('/');
    String bare = slash >= 0 ? name.substring(slash + 1) : name;
    return BEDROCK_ANTHROPIC.matcher(bare).replaceFirst("");
  }

  static Pricing load() {
    try (InputStream in = Pricing.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the price table " + RESOURCE + " is missing from the jar");
      }
      return parse(new JsonObject(Buffer.buffer(in.readAllBytes())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Pricing parse(JsonObject table) {
    List<ModelPrice> prices = new ArrayList<>();
    JsonObject models = table.getJsonObject("models");
    for (String family : models.fieldNames()) {
      JsonObject entry = models.getJsonObject(family);
      JsonObject longContext = entry.getJsonObject("long_context");
      prices.add(new ModelPrice(family.toLowerCase(Locale.ROOT), rates(family, entry),
          longContext == null ? Long.MAX_VALUE : longContext.getLong("above_input_tokens"),
          longContext == null ? null : rates(family, longContext), entry.getBoolean("exact", false)));
    }
    return new Pricing(table.getString("prices_as_of"), prices);
  }

  private static Rates rates(String family, JsonObject entry) {
    return new Rates(decimal(family, entry, "input"), entry.containsKey("cached_input")
        ? decimal(family, entry, "cached_input") : null, decimal(family, entry, "output"));
  }

  private static BigDecimal decimal(String family, JsonObject entry, String key) {
    if (!(entry.getValue(key) instanceof Number number) || number.doubleValue() < 0) {
      throw new IllegalStateException("price table: " + family + "." + key + " must be a number >= 0");
    }
    return new BigDecimal(number.toString());
  }
}
