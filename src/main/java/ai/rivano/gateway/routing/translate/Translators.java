package ai.rivano.gateway.routing.translate;

/** Picks the translator for a (client format, upstream format) pair. */
public final class Translators {

  private Translators() {}

  /**
   * @throws UnsupportedOperationException for pairs the gateway does not translate (anything
   *     from a Gemini client, and Anthropic client to Gemini upstream)
   */
  public static Translator forPair(WireFormat client, WireFormat upstream) {
    if (client == upstream) {
      return IdentityTranslator.of(client);
    }
    if (client == WireFormat.OPENAI_CHAT && upstream == WireFormat.ANTHROPIC_MESSAGES) {
      return OpenAiClientOnAnthropicTranslator.INSTANCE;
    }
    if (client == WireFormat.OPENAI_CHAT && upstream == WireFormat.GEMINI) {
      return OpenAiClientOnGeminiTranslator.INSTANCE;
    }
    if (client == WireFormat.ANTHROPIC_MESSAGES && upstream == WireFormat.OPENAI_CHAT) {
      return AnthropicClientOnOpenAiTranslator.INSTANCE;
    }
    throw new UnsupportedOperationException("no translation from " + client + " to " + upstream);
  }

  public static boolean supports(WireFormat client, WireFormat upstream) {
    return client == upstream
        || (client == WireFormat.OPENAI_CHAT && upstream != WireFormat.OPENAI_CHAT)
        || (client == WireFormat.ANTHROPIC_MESSAGES && upstream == WireFormat.OPENAI_CHAT);
  }
}
