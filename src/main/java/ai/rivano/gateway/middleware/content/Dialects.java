package ai.rivano.gateway.middleware.content;

import ai.rivano.gateway.routing.translate.WireFormat;

/** Runs the walk written for the client's dialect. */
final class Dialects {

  private Dialects() {}

  static void walk(WireFormat format, Runnable openAi, Runnable anthropic, Runnable gemini) {
    switch (format) {
      case OPENAI_CHAT -> openAi.run();
      case ANTHROPIC_MESSAGES -> anthropic.run();
      case GEMINI -> gemini.run();
      default -> throw new IllegalArgumentException("unknown format " + format);
    }
  }
}
