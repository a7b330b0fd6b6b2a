package ai.rivano.gateway.routing.providers;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The provider keys {@code rivano.yaml} accepts, with what the gateway needs to know to talk to each: the default
 * base URL, how the configured API key is sent upstream, and which wire format the provider speaks natively.
 */
public enum ProviderKind {
  OPENAI("openai", "https://api.openai.com/v1", AuthStyle.BEARER, NativeFormat.OPENAI),
  ANTHROPIC("anthropic", "https://api.anthropic.com", AuthStyle.X_API_KEY, NativeFormat.ANTHROPIC),
  GOOGLE("google", "https://generativelanguage.googleapis.com", AuthStyle.BEARER_OR_GOOG_KEY, NativeFormat.GEMINI),
  AZURE("azure", null, AuthStyle.BEARER, NativeFormat.OPENAI),
  BEDROCK("bedrock", null, AuthStyle.BEARER, NativeFormat.OPENAI),
  MISTRAL("mistral", "https://api.mistral.ai/v1", AuthStyle.BEARER, NativeFormat.OPENAI),
  COHERE("cohere", "https://api.cohere.com/v1", AuthStyle.BEARER, NativeFormat.OPENAI),
  OLLAMA("ollama", "http://localhost:11434", AuthStyle.NONE, NativeFormat.OPENAI),
  /** Built in, answers locally in the client's own wire format; lets a newcomer run with no API key. */
  ECHO("echo", null, AuthStyle.NONE, NativeFormat.ANY);

  /** How a configured API key travels upstream. */
  public enum AuthStyle { BEARER, X_API_KEY, BEARER_OR_GOOG_KEY, NONE }

  /** The request/response format a provider speaks without translation. */
  public enum NativeFormat { OPENAI, ANTHROPIC, GEMINI, ANY }

  private final String key;
  private final String defaultBaseUrl;
  private final AuthStyle authStyle;
  private final NativeFormat nativeFormat;

  ProviderKind(String key, String defaultBaseUrl, AuthStyle authStyle, NativeFormat nativeFormat) {
    this.key = key;
    this.defaultBaseUrl = defaultBaseUrl;
    this.authStyle = authStyle;
    this.nativeFormat = nativeFormat;
  }

  /** The key as written in {@code rivano.yaml} and in {@code X-Rivano-Provider}. */
  public String key() {
    return key;
  }

  /** Null when the operator must give {@code baseUrl} (azure, bedrock) or when there is no network (echo). */
  public String defaultBaseUrl() {
    return defaultBaseUrl;
  }

  public AuthStyle authStyle() {
    return authStyle;
  }

  public NativeFormat nativeFormat() {
    return nativeFormat;
  }

  public boolean requiresApiKey() {
    return this != OLLAMA && this != ECHO;
  }

  public boolean requiresBaseUrl() {
    return defaultBaseUrl == null && this != ECHO;
  }

  public static Optional<ProviderKind> byKey(String key) {
    return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
  }

  public static List<String> keys() {
    return Arrays.stream(values()).map(ProviderKind::key).toList();
  }
}
