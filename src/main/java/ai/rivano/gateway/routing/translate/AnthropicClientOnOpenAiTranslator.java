package ai.rivano.gateway.routing.translate;

import io.vertx.core.json.JsonObject;

/** An Anthropic Messages client served by an OpenAI-compatible provider. */
final class AnthropicClientOnOpenAiTranslator implements Translator {

  static final AnthropicClientOnOpenAiTranslator INSTANCE = new AnthropicClientOnOpenAiTranslator();

  private AnthropicClientOnOpenAiTranslator() {}

  @Override
  public WireFormat clientFormat() {
    return WireFormat.ANTHROPIC_MESSAGES;
  }

  @Override
  public WireFormat upstreamFormat() {
    return WireFormat.OPENAI_CHAT;
  }

  @Override
  public JsonObject translateRequest(JsonObject clientBody, String targetModel) {
    return AnthropicToOpenAiRequest.convert(clientBody, targetModel);
  }

  @Override
  public String upstreamPath(String clientPath, String targetModel, boolean stream) {
    return UpstreamPaths.OPENAI_CHAT;
  }

  @Override
  public JsonObject translateResponse(JsonObject upstreamBody, String upstreamModel) {
    return OpenAiToAnthropicResponse.convert(upstreamBody, upstreamModel);
  }

  @Override
  public StreamTranslator newStreamTranslator(JsonObject clientRequest, String upstreamModel) {
    return new OpenAiToAnthropicStream(upstreamModel);
  }

  @Override
  public JsonObject translateError(int status, JsonObject upstreamError) {
    return ErrorMapping.toAnthropic(status, upstreamError);
  }
}
