package ai.rivano.gateway.routing.translate;

import io.vertx.core.json.JsonObject;

/** An OpenAI chat-completions client served by Anthropic Messages. */
final class OpenAiClientOnAnthropicTranslator implements Translator {

  static final OpenAiClientOnAnthropicTranslator INSTANCE = new OpenAiClientOnAnthropicTranslator();

  private OpenAiClientOnAnthropicTranslator() {}

  @Override
  public WireFormat clientFormat() {
    return WireFormat.OPENAI_CHAT;
  }

  @Override
  public WireFormat upstreamFormat() {
    return WireFormat.ANTHROPIC_MESSAGES;
  }

  @Override
  public JsonObject translateRequest(JsonObject clientBody, String targetModel) {
    return OpenAiToAnthropicRequest.convert(clientBody, targetModel);
  }

  @Override
  public String upstreamPath(String clientPath, String targetModel, boolean stream) {
    return UpstreamPaths.ANTHROPIC_MESSAGES;
  }

  @Override
  public JsonObject translateResponse(JsonObject upstreamBody, String upstreamModel) {
    return AnthropicToOpenAiResponse.convert(upstreamBody, upstreamModel);
  }

  @Override
  public StreamTranslator newStreamTranslator(JsonObject clientRequest, String upstreamModel) {
    return new AnthropicToOpenAiStream(clientRequest, upstreamModel);
  }

  @Override
  public JsonObject translateError(int status, JsonObject upstreamError) {
    return ErrorMapping.toOpenAi(status, upstreamError);
  }
}
