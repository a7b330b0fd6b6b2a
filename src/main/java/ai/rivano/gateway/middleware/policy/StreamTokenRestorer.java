package ai.rivano.gateway.middleware.policy;

import ai.rivano.gateway.middleware.content.StreamEventTexts;
import ai.rivano.gateway.routing.sse.SseEvent;
import ai.rivano.gateway.routing.translate.WireFormat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Puts tokenized values back into a stream in the client's dialect, event by event: each channel (a choice's text,
 * a tool call's argument fragments, an Anthropic content block) has its own {@link TokenRestorer}. Held-back text
 * is released as soon as its channel is continued, ends (a finish reason, {@code content_block_stop}), or another
 * event comes that does not continue it ({@code [DONE]}, {@code message_delta}, a new block); it then goes out as a
 * small event of its channel just before that event. Anthropic {@code ping}s do not release anything.
 *
 * <p>With an empty vault (nothing was tokenized) every event passes through untouched and unparsed.
 */
public final class StreamTokenRestorer {

  private final TokenVault vault;
  private final WireFormat format;
  private final Map<String, Channel> channels = new LinkedHashMap<>();

  private static final class Channel {
    final TokenRestorer restorer;
    StreamEventTexts lastEvent;
    int lastSlot;

    Channel(TokenRestorer restorer) {
      this.restorer = restorer;
    }
  }

  public StreamTokenRestorer(TokenVault vault, WireFormat format) {
    this.vault = vault;
    this.format = format;
  }

  /** The events to send in place of {@code event}, in order (usually just one). */
  public List<SseEvent> onEvent(SseEvent event) {
    if (vault.isEmpty() || "ping".equals(event.event())) {
      return List.of(event);
    }
    StreamEventTexts texts = StreamEventTexts.read(format, event);
    List<SseEvent> out = new ArrayList<>(2);
    Set<String> continued = new HashSet<>();
    texts.slots().forEach(slot -> continued.add(slot.channel()));
    releaseAllBut(continued, out);
    for (int i = 0; i < texts.slots().size(); i++) {
      StreamEventTexts.Slot slot = texts.slots().get(i);
      Channel channel = channels.computeIfAbsent(slot.channel(), c -> new Channel(vault.restorer(slot.jsonFragment())));
      String text = channel.restorer.next(slot.text());
      if (slot.last()) {
        text += channel.restorer.flush();
        channels.remove(slot.channel());
      } else {
        channel.lastEvent = texts;
        channel.lastSlot = i;
      }
      texts.replace(i, text);
    }
    out.add(texts.toEvent());
    return out;
  }

  /** Whatever is still held, as events, when the stream ends without a closing event (or is cut). */
  public List<SseEvent> finish() {
    List<SseEvent> out = new ArrayList<>();
    releaseAllBut(Set.of(), out);
    return out;
  }

  private void releaseAllBut(Set<String> continued, List<SseEvent> out) {
    var it = channels.entrySet().iterator();
    while (it.hasNext()) {
      var entry = it.next();
      if (continued.contains(entry.getKey())) {
        continue;
      }
      Channel channel = entry.getValue();
      String rest = channel.restorer.flush();
      if (!rest.isEmpty() && channel.lastEvent != null) {
        out.add(channel.lastEvent.eventWith(channel.lastSlot, rest));
      }
      it.remove();
    }
  }
}
