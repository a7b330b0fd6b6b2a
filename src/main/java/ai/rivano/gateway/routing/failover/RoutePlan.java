package ai.rivano.gateway.routing.failover;

import ai.rivano.gateway.config.GatewayConfig;
import ai.rivano.gateway.config.ModelRoute;
import ai.rivano.gateway.config.ProviderConfig;
import ai.rivano.gateway.routing.providers.ProviderKind;
import ai.rivano.gateway.routing.translate.Translator;
import ai.rivano.gateway.routing.translate.Translators;
import ai.rivano.gateway.routing.translate.WireFormat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which providers may serve a request, in order, each with the model it should be asked for and the translator
 * between the client's dialect and the provider's. The provider the request was addressed to comes first; when
 * that is the default provider, the fallback follows. A fallback that would need translation is only planned
 * for chat requests (the only bodies we know how to translate).
 */
public record RoutePlan(List<Candidate> candidates) {

  /**
   * One provider of the plan. {@code model} is null when the request names no model. {@code supportsPrefill}: the
   * model can continue a trailing assistant turn (the matched {@code models:} entry's setting, else the provider's).
   */
  public record Candidate(ProviderConfig provider, String model, Translator translator, boolean addressed,
                          boolean supportsPrefill) {
    public boolean translates() {
      return translator.clientFormat() != translator.upstreamFormat();
    }

    public boolean isEcho() {
      return provider.kind() == ProviderKind.ECHO;
    }
  }

  /**
   * @param requestedModel the {@code model} of the client's body, or null
   * @param chat           the client called a chat endpoint with a JSON body (translation possible)
   */
  public static RoutePlan of(GatewayConfig config, ProviderConfig addressed, WireFormat clientFormat,
                             String requestedModel, boolean chat) {
    List<Candidate> list = new ArrayList<>();
    add(list, addressed, clientFormat, requestedModel, chat, true);
    if (addressed == config.defaultProvider()) {
      config.fallbackProvider().ifPresent(f -> add(list, f, clientFormat, requestedModel, chat, false));
    }
    return new RoutePlan(List.copyOf(list));
  }

  private static void add(List<Candidate> list, ProviderConfig provider, WireFormat clientFormat, String requestedModel,
                          boolean chat, boolean addressed) {
    WireFormat upstream = upstreamFormat(provider, clientFormat);
    boolean translates = upstream != clientFormat;
    if (translates && (!chat || !Translators.supports(clientFormat, upstream))) {
      return; // cannot serve this request in another dialect; never plan it
    }
    ModelRoute route = matchModel(provider.models(), requestedModel, !addressed || translates);
    String model = route == null || route.model() == null ? requestedModel : route.model();
    boolean prefill = route == null || route.supportsPrefill() == null ? provider.supportsPrefill() : route.supportsPrefill();
    list.add(new Candidate(provider, model, Translators.forPair(clientFormat, upstream), addressed, prefill));
  }

  static WireFormat upstreamFormat(ProviderConfig provider, WireFormat clientFormat) {
    return switch (provider.kind().nativeFormat()) {
      case OPENAI -> WireFormat.OPENAI_CHAT;
      case ANTHROPIC -> WireFormat.ANTHROPIC_MESSAGES;
      case GEMINI -> WireFormat.GEMINI;
      case ANY -> clientFormat;
    };
  }

  /**
   * An exact entry in {@code models} always applies (an alias the operator chose); the {@code "*"} catch-all
   * applies only when this provider serves a request not addressed to it natively (failover, translation).
   */
  static ModelRoute matchModel(Map<String, ModelRoute> models, String requested, boolean foreign) {
    if (requested != null && models.containsKey(requested)) {
      return models.get(requested);
    }
    if (foreign && models.containsKey("*")) {
      return models.get("*");
    }
    return null;
  }

  public boolean isEmpty() {
    return candidates.isEmpty();
  }
}
