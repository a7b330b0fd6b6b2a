package ai.rivano.gateway.routing.translate;

import ai.rivano.gateway.routing.sse.SseEvent;
import java.util.List;

/**
 * What every stream translated into OpenAI chunks shares: it is finished once the upstream reported a stop
 * reason (then, and only then, the client gets {@code [DONE]}), and failed once the upstream sent an in-stream
 * error (already translated into an OpenAI error chunk).
 */
abstract class ToOpenAiStream implements StreamTranslator {

  protected boolean finished;
  protected boolean failed;

  @Override
  public List<SseEvent> onEnd() {
    return finished ? List.of(SseEvent.done()) : List.of();
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
