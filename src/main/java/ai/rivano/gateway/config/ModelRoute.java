package ai.rivano.gateway.config;

/**
 * One entry of a provider's {@code models:} map. The short form {@code "gpt-4o": "claude-sonnet-4-5"} sets only
 * the model; the long form {@code "gpt-4o": { model: claude-sonnet-4-5, supportsPrefill: true }} can also say
 * what that model accepts.
 *
 * @param model           the model to ask this provider for; null keeps the requested model
 * @param supportsPrefill whether this model continues a trailing assistant turn; null = the provider's setting
 */
public record ModelRoute(String model, Boolean supportsPrefill) {

  public static ModelRoute to(String model) {
    return new ModelRoute(model, null);
  }
}
