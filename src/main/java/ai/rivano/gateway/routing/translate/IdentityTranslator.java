package ai.rivano.gateway.routing.translate;

import ai.rivano.gateway.routing.sse.SseEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Client and upstream speak the same format. Bodies pass through except for the model name (model
 * mapping may still rename it); streams pass through, but are watched so the caller can still tell
 * a finished stream from a cut one.
 */
final class IdentityTranslator implements Translator {

  private static final IdentityTranslator OPENAI = new IdentityTranslator(WireFormat.OPENAI_CHAT);
  private static final IdentityTranslator ANTHROPIC = new IdentityTranslator(WireFormat.ANTHROPIC_MESSAGES);
  private static final IdentityTranslator GEMINI = new IdentityTranslator(WireFormat.GEMINI);

  private final WireFormat format;

  private IdentityTranslator(WireFormat format) {
    this.format = format;
  }

  static IdentityTranslator of(WireFormat format) {
    return switch (format) {
      case OPENAI_CHAT -> OPENAI;
      case ANTHROPIC_MESSAGES -> ANTHROPIC;
      case GEMINI -> GEMINI;
    };
  }

  @Override
  public WireFormat clientFormat() {
    return format;
  }

  @Override
  public WireFormat upstreamFormat() {
    return format;
  }

  @Override
  public JsonObject translateRequest(JsonObject clientBody, String targetModel) {
    if (format == WireFormat.GEMINI || targetModel == null) {
      return clientBody; // Gemini names the model in the path
    }
    return clientBody.copy().put("model", targetModel);
  }

  @Override
  public String upstreamPath(String clientPath, String targetModel, boolean stream) {
    if (format == WireFormat.GEMINI && targetModel != null) {
      return UpstreamPaths.gemini(targetModel, stream);
    }
    return clientPath;
  }

  @Override
  public JsonObject translateResponse(JsonObject upstreamBody, String upstreamModel) {
    return upstreamBody;
  }

  @Override
  public StreamTranslator newStreamTranslator(JsonObject clientRequest, String upstreamModel) {
    return new PassThroughStream(format);
  }

  @Override
  public JsonObject translateError(int status, JsonObject upstreamError) {
    if (upstreamError != null) {
      return upstreamError;
    }
    String message = "Upstream returned HTTP " + status;
    return format == WireFormat.ANTHROPIC_MESSAGES
        ? ErrorMapping.anthropicBody(status, message)
        : ErrorMapping.openAiBody(status, message, null);
  }

  /** Forwards events unchanged and notes when the format's "answer complete" signal passes. */
  private static final class PassThroughStream implements StreamTranslator {
    private final WireFormat format;
    private boolean finished;
    private boolean failed;
    private boolean doneSeen;

    PassThroughStream(WireFormat format) {
      this.format = format;
    }

    @Override
    public List<SseEvent> onEvent(SseEvent event) {
      if (event.isDone()) {
        finished = true;
        doneSeen = true;
      } else {
        inspect(event);
      }
      return List.of(event);
    }

    private void inspect(SseEvent event) {
      // Cheap substring checks first, so most events are never parsed twice.
      String data = event.data();
      if (!data.contains("finish_reason") && !data.contains("finishReason")
          && !data.contains("message_stop") && !data.contains("error")) {
        return;
      }
      JsonObject json = Json.parseObjectOrNull(data);
      if (json == null) {
        return;
      }
      if (json.getValue("error") instanceof JsonObject) {
        failed = true;
        return;
      }
      switch (format) {
        case OPENAI_CHAT -> finished |= firstString(json.getJsonArray("choices"), "finish_reason") != null;
        case ANTHROPIC_MESSAGES -> finished |= "message_stop".equals(json.getString("type"));
        case GEMINI -> finished |= firstString(json.getJsonArray("candidates"), "finishReason") != null;
      }
    }

    private static String firstString(JsonArray array, String key) {
      return array == null || array.isEmpty() ? null : array.getJsonObject(0).getString(key);
    }

    @Override
    public List<SseEvent> onEnd() {
      // An OpenAI upstream that finished but lost its [DONE] still gets one, as the translated
      // directions do; otherwise the upstream's own terminator already passed through.
      return format == WireFormat.OPENAI_CHAT && finished && !doneSeen ? List.of(SseEvent.done()) : List.of();
    }

    @Override
    public boolean upstreamFinished() {
      return finished;
    }

    @Override
    public boolean upstreamFailed() {
      return failed;
    }
  }
}
