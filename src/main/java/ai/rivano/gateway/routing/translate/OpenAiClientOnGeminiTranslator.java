package ai.rivano.gateway.routing.translate;

import io.vertx.core.json.JsonObject;

/** An OpenAI chat-completions client served by Google Gemini. */
final class OpenAiClientOnGeminiTranslator implements Translator {

  static final OpenAiClientOnGeminiTranslator INSTANCE = new OpenAiClientOnGeminiTranslator();

  private OpenAiClientOnGeminiTranslator() {}

  @Override
  public WireFormat clientFormat() {
    return WireFormat.OPENAI_CHAT;
  }

  @Override
  public WireFormat upstreamFormat() {
    return WireFormat.GEMINI;
  }

  /** The model is not part of a Gemini body; it is in {@link #upstreamPath}. */
  @Override
  public JsonObject translateRequest(JsonObject clientBody, String targetModel) {
    return OpenAiToGeminiRequest.convert(clientBody);
  }

  @Override
  public String upstreamPath(String clientPath, String targetModel, boolean stream) {
    return UpstreamPaths.gemini(targetModel, stream);
  }

  @Override
  public JsonObject translateResponse(JsonObject upstreamBody, String upstreamModel) {
    return GeminiToOpenAiResponse.convert(upstreamBody, upstreamModel);
  }

  @Override
  public StreamTranslator newStreamTranslator(JsonObject clientRequest, String upstreamModel) {
    return new GeminiToOpenAiStream(clientRequest, upstreamModel);
  }

  @Override
  public JsonObject translateError(int status, JsonObject upstreamError) {
    return ErrorMapping.toOpenAi(status, upstreamError);
  }
}
