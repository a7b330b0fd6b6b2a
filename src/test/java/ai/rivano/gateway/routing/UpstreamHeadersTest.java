package ai.rivano.gateway.routing;

import ai.rivano.gateway.config.FailoverSettings;
import ai.rivano.gateway.config.ProviderConfig;
import ai.rivano.gateway.routing.providers.ProviderKind;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which headers cross the gateway, whatever case the client or the provider writes their names in. */
class UpstreamHeadersTest {

  private static final String KEY = "sk-configured-key";

  @Test
  void requestHeadersThatBelongToTheConnectionOrToTheGatewayStayBehindInAnyCase() {
    MultiMap client = MultiMap.caseInsensitiveMultiMap()
        .add("Content-Type", "application/json")
        .add("User-Agent", "OpenAI/Java 4.1.0")
        .add("X-Stainless-Lang", "java")
        .add("TE", "trailers")
        .add("Keep-Alive", "timeout=5")
        .add("Transfer-Encoding", "chunked")
        .add("HOST", "gateway.internal")
        .add("Content-Length", "959")
        .add("Accept-Encoding", "gzip")
        .add("X-Rivano-Agent", "billing-bot")
        .add("x-RIVANO-provider", "openai")
        .add("Connection", "keep-alive, X-Secret-Hop")
        .add("x-secret-hop", "1")
        .add("Authorization", "Bearer sk-client");

    MultiMap out = UpstreamHeaders.forUpstream(client, provider(KEY), null);

    assertEquals("application/json", out.get("content-type"));
    assertEquals("OpenAI/Java 4.1.0", out.get("user-agent"));
    assertEquals("java", out.get("x-stainless-lang"));
    assertTrue(out.names().contains("X-Stainless-Lang"), "names keep the client's spelling: " + out.names());
    for (String gone : new String[] {"te", "keep-alive", "transfer-encoding", "host", "content-length",
        "x-rivano-agent", "x-rivano-provider", "connection", "x-secret-hop"}) {
      assertNull(out.get(gone), gone + " must not be forwarded: " + out);
    }
    assertEquals("identity", out.get("accept-encoding"), "answers are asked for uncompressed");
    assertEquals("Bearer " + KEY, out.get("authorization"), "the configured key replaces the client's");
    assertEquals(1, out.getAll("authorization").size());
  }

  @Test
  void withoutAConfiguredKeyTheClientsCredentialPassesInAnyCase() {
    MultiMap client = MultiMap.caseInsensitiveMultiMap()
        .add("AUTHORIZATION", "Bearer sk-client")
        .add("X-Api-Key", "client-key");

    MultiMap out = UpstreamHeaders.forUpstream(client, provider(null), null);

    assertEquals("Bearer sk-client", out.get("authorization"));
    assertEquals("client-key", out.get("x-api-key"));
  }

  @Test
  void responseHeadersLoseOnlyHopByHopOnesAndThoseTheirConnectionHeaderNames() {
    MultiMap upstream = MultiMap.caseInsensitiveMultiMap()
        .add("Content-Type", "application/json")
        .add("OpenAI-Processing-Ms", "412")
        .add("X-Request-Id", "req_1")
        .add("Transfer-Encoding", "chunked")
        .add("CONNECTION", "close, X-Upstream-Hop")
        .add("X-UPSTREAM-HOP", "1")
        .add("Proxy-Authenticate", "Basic")
        .add("Content-Length", "120");
    MultiMap toClient = MultiMap.caseInsensitiveMultiMap();

    UpstreamHeaders.copyResponseHeaders(upstream, toClient);

    assertEquals("application/json", toClient.get("content-type"));
    assertEquals("412", toClient.get("openai-processing-ms"));
    assertEquals("req_1", toClient.get("x-request-id"));
    assertEquals("120", toClient.get("content-length"), "not hop-by-hop: the length of this very body");
    assertFalse(toClient.contains("transfer-encoding"));
    assertFalse(toClient.contains("connection"));
    assertFalse(toClient.contains("x-upstream-hop"), "named in Connection: hop-by-hop for this message");
    assertFalse(toClient.contains("proxy-authenticate"));
  }

  private static ProviderConfig provider(String apiKey) {
    return new ProviderConfig("openai", ProviderKind.OPENAI, apiKey, null, true, false, 30_000, 10_000, 30_000, 1,
        false, Map.of(), FailoverSettings.defaults());
  }
}
