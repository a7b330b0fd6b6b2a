package ai.rivano.gateway.middleware.content;

import io.vertx.core.json.JsonObject;

import java.util.List;

/** A JSON body walked for its texts: the texts in body order, each replaceable where it sits. */
abstract sealed class WalkedTexts permits RequestTexts, ResponseTexts {

  final JsonObject body;
  final PartList parts = new PartList();

  WalkedTexts(JsonObject body) {
    this.body = body == null ? new JsonObject() : body;
  }

  /** The texts in body order. {@link TextPart#index()} is the position in this list. */
  public List<TextPart> parts() {
    return parts.parts();
  }

  /** Replaces one text where it sits (a tool-call argument string stays valid JSON). */
  public void replace(int part, String text) {
    parts.replace(part, text);
  }
}
