package ai.rivano.gateway.middleware.policy;

import ai.rivano.gateway.audit.AuditRecord.PolicyFired;
import ai.rivano.gateway.middleware.content.StreamEventTexts;
import ai.rivano.gateway.middleware.pii.PiiDetector;
import ai.rivano.gateway.middleware.pii.PiiEntity;
import ai.rivano.gateway.middleware.pii.PiiMatch;
import ai.rivano.gateway.middleware.pii.PiiStreamWindow;
import ai.rivano.gateway.pipeline.Rejection;
import ai.rivano.gateway.pipeline.RequestContext;
import ai.rivano.gateway.pipeline.StreamStep;
import ai.rivano.gateway.routing.sse.SseEvent;
import io.vertx.core.json.JsonObject;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Steps 6 and 7 on a stream: response PII and response policies, applied to each event's text before it leaves.
 * They are one filter because a match can span events: the answer's text runs through a {@link PiiStreamWindow}
 * per text channel, which releases at once whatever cannot be the start of a match and holds only a suspicious tail
 * (never more than {@value PiiDetector#HOLD_BACK_LIMIT} characters) until the next event or the end. What it
 * releases is already redacted; a blocking policy ends the stream with an error event before the matched text
 * leaves.
 *
 * <ul>
 *   <li>{@code pii_detected} response policies decide, per entity, in policy order: block (the stream ends with an
 *       error event naming the policy), redact (mask or partial), or warn (recorded; the head is already out).</li>
 *   <li>Other response policies ({@code content_pattern} on the response, {@code token_count} on output tokens
 *       estimated as the text flows, {@code model_name}) are evaluated on each released stretch.</li>
 *   <li>With {@code pii: true} and no response policy about PII, text is not held: detection runs beside the stream
 *       only to tag the request.</li>
 * </ul>
 * Tool-call arguments being streamed (JSON fragments) are not rewritten: a replacement could break their JSON.
 */
public final class StreamGuardStep implements StreamStep {

  private final PiiDetector detector;

  /** @param detector the PII detector, or null when {@code middleware.pii} is off */
  public StreamGuardStep(PiiDetector detector) {
    this.detector = detector;
  }

  @Override
  public String id() {
    return "response-guard";
  }

  @Override
  public Filter newFilter(RequestContext ctx) {
    Map<PiiEntity, Policy> byEntity = new EnumMap<>(PiiEntity.class);
    boolean otherPolicies = false;
    for (Policy policy : ctx.policies().responsePolicies()) {
      if (!policy.enabled() || !policy.appliesTo(ctx.agent())) {
        continue;
      }
      if (policy.condition() instanceof Condition.PiiDetected pii) {
        for (PiiEntity entity : PiiEntity.values()) {
          if (pii.covers(entity)) {
            byEntity.putIfAbsent(entity, policy); // the first policy in order decides for an entity
          }
        }
      } else {
        otherPolicies = true;
      }
    }
    boolean detect = detector != null;
    if (!detect && !otherPolicies) {
      return null;
    }
    return new Guard(ctx, detect ? byEntity : Map.of(), detect, otherPolicies);
  }

  /** One stream's guard. */
  private final class Guard implements Filter {
    private final RequestContext ctx;
    private final Map<PiiEntity, Policy> byEntity;
    private final boolean detect;
    private final boolean holds;
    private final boolean otherPolicies;
    private final Map<String, Channel> channels = new LinkedHashMap<>();
    private final Set<PiiEntity> warned = EnumSet.noneOf(PiiEntity.class);
    private Rejection block;
    private long releasedChars;

    Guard(RequestContext ctx, Map<PiiEntity, Policy> byEntity, boolean detect, boolean otherPolicies) {
      this.ctx = ctx;
      this.byEntity = byEntity;
      this.detect = detect;
      this.holds = !byEntity.isEmpty();
      this.otherPolicies = otherPolicies;
    }

    /** One text channel of the answer (OpenAI choice content, an Anthropic text block, a Gemini candidate). */
    private final class Channel {
      final PiiStreamWindow window = new PiiStreamWindow(detector, EnumSet.allOf(PiiEntity.class), this::replace);
      StreamEventTexts template;
      int slot;

      /** Called by the window for each match it releases. */
      private String replace(PiiMatch match, String value) {
        Policy policy = byEntity.get(match.entity());
        if (policy == null) {
          return value;
        }
        switch (policy.action()) {
          case BLOCK -> {
            fire(policy);
            if (block == null) {
              block = Rejection.blocked("Response blocked by policy \"" + ConditionChecks.printable(policy.name())
                  + "\": " + match.entity().configName() + " detected in the answer");
            }
            return value; // never emitted: the stream ends before this text leaves
          }
          case WARN -> {
            if (warned.add(match.entity())) {
              fire(policy);
            }
            return value;
          }
          case REDACT -> {
            fire(policy);
            return Redactor.replacement(policy.redactionStrategy(), match.entity(), value, null);
          }
          default -> {
            return value;
          }
        }
      }
    }

    @Override
    public void onEvent(SseEvent event, JsonObject parsed, Emitter out) {
      if (block != null) {
        return;
      }
      StreamEventTexts texts = StreamEventTexts.read(ctx.clientFormat(), event, parsed);
      boolean guardedText = false;
      boolean allHeld = true; // every piece of text it carried is held back (and it carried some)
      boolean carried = false;
      boolean closes = false;
      for (int i = 0; i < texts.slots().size(); i++) {
        StreamEventTexts.Slot slot = texts.slots().get(i);
        if (slot.jsonFragment()) {
          allHeld = false;
          continue;
        }
        guardedText = true;
        closes |= slot.last();
        Channel channel = channels.computeIfAbsent(slot.channel(), c -> new Channel());
        String released = pass(channel, slot.text(), slot.last());
        if (slot.last()) {
          channels.remove(slot.channel());
        } else {
          channel.template = texts;
          channel.slot = i;
        }
        released = judge(released);
        if (block != null) {
          out.block(block);
          return;
        }
        texts.replace(i, released);
        carried |= !slot.text().isEmpty();
        allHeld &= released.isEmpty() || slot.text().isEmpty();
      }
      if (!guardedText) {
        if (!"ping".equals(event.event())) {
          releaseAll(out); // text held back goes out before whatever follows it
          if (block != null) {
            out.block(block);
            return;
          }
        }
        out.emit(event, parsed);
        return;
      }
      if (carried && allHeld && !closes) {
        return; // everything in it is held back; it leaves later, in a minimal event of the same channel
      }
      SseEvent rewritten = texts.toEvent();
      out.emit(rewritten, rewritten == event ? parsed : null);
    }

    @Override
    public void onEnd(Emitter out) {
      if (block == null) {
        releaseAll(out);
      }
      if (block != null) {
        out.block(block);
      }
    }

    /** Text through the channel's window: released now (redacted), the suspicious tail held. */
    private String pass(Channel channel, String text, boolean last) {
      if (!detect) {
        return text;
      }
      String released;
      if (holds) {
        released = channel.window.push(text);
        if (last) {
          released += channel.window.finish();
        }
      } else {
        channel.window.push(text); // tagging only: the text itself is not held
        if (last) {
          channel.window.finish();
        }
        released = text;
      }
      ctx.piiDetected().addAll(channel.window.seen());
      return released;
    }

    /** Releases what every channel still holds, as minimal events of its channel. */
    private void releaseAll(Emitter out) {
      for (Channel channel : channels.values()) {
        String rest = channel.window.finish();
        ctx.piiDetected().addAll(channel.window.seen());
        rest = judge(rest);
        if (block != null) {
          return;
        }
        if (holds && !rest.isEmpty() && channel.template != null) {
          out.emit(channel.template.eventWith(channel.slot, rest), null);
        }
      }
      channels.clear();
    }

    /** Non-PII response policies over a released stretch: may block, or rewrite it (content_pattern redact). */
    private String judge(String released) {
      if (!otherPolicies || released.isEmpty() || block != null) {
        return released;
      }
      releasedChars += released.length();
      ResponseVerdict verdict = PolicyEngine.evaluateResponse(ctx.policies(), ResponseFacts.ofText(ctx.agent(),
          ctx.servedModel(), released, List.of(), null, (releasedChars + 3) / 4));
      for (PolicyFired fired : verdict.fired()) {
        if (!ctx.policiesFired().contains(fired)) {
          ctx.policiesFired().add(fired);
        }
      }
      ctx.decide(verdict.decision());
      if (verdict.blocked()) {
        block = Rejection.blocked(verdict.block().orElseThrow().message());
        return "";
      }
      return verdict.redactions().isEmpty() ? released : verdict.rewrite(0, released);
    }

    private void fire(Policy policy) {
      PolicyFired fired = new PolicyFired(policy.name(), policy.action().configName());
      if (!ctx.policiesFired().contains(fired)) {
        ctx.policiesFired().add(fired);
      }
      ctx.decide(switch (policy.action()) {
        case BLOCK -> ai.rivano.gateway.audit.AuditRecord.Decision.BLOCKED;
        case REDACT -> ai.rivano.gateway.audit.AuditRecord.Decision.REDACTED;
        case WARN -> ai.rivano.gateway.audit.AuditRecord.Decision.WARNED;
      });
    }
  }
}
