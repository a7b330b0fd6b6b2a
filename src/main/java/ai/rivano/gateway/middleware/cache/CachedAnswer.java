package ai.rivano.gateway.middleware.cache;

/**
 * One cached non-streaming answer, as the provider gave it (already in the client's dialect, before response
 * guardrails: those run again on every hit with the policies in force then).
 *
 * @param body        the JSON body bytes
 * @param contentType the response content type
 * @param provider    the provider that produced it ({@code X-Rivano-Provider} on a hit)
 * @param model       the model that answered
 * @param inputTokens / outputTokens the provider's usage, for the audit record of a hit
 */
public record CachedAnswer(int status, byte[] body, String contentType, String provider, String model,
                           long inputTokens, long outputTokens) {
}
