package ai.rivano.gateway.routing;

import ai.rivano.gateway.config.ProviderConfig;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Removes the provider's configured key from what the provider sends back. Some upstreams (and proxies in front of
 * them) echo the credential in an error body ("invalid key sk-…") or a debug header; the client must never learn
 * the key the gateway holds for it. Applied to every answer the gateway reads whole and to relayed headers.
 */
final class SecretScrubber {

  static final String REPLACEMENT = "[REDACTED]";

  private SecretScrubber() {
  }

  static Buffer scrub(Buffer body, ProviderConfig provider) {
    if (!provider.hasApiKey() || body == null || body.length() < provider.apiKey().length()) {
      return body;
    }
    byte[] key = provider.apiKey().getBytes(StandardCharsets.UTF_8);
    byte[] bytes = body.getBytes();
    int at = indexOf(bytes, key, 0);
    if (at < 0) {
      return body;
    }
    Buffer out = Buffer.buffer(bytes.length);
    int from = 0;
    while (at >= 0) {
      out.appendBytes(bytes, from, at - from).appendString(REPLACEMENT);
      from = at + key.length;
      at = indexOf(bytes, key, from);
    }
    return out.appendBytes(bytes, from, bytes.length - from);
  }

  static MultiMap scrub(MultiMap headers, ProviderConfig provider) {
    if (!provider.hasApiKey()) {
      return headers;
    }
    String key = provider.apiKey();
    boolean found = false;
    for (Map.Entry<String, String> h : headers) {
      if (h.getValue().contains(key)) {
        found = true;
        break;
      }
    }
    if (!found) {
      return headers;
    }
    MultiMap out = MultiMap.caseInsensitiveMultiMap();
    for (Map.Entry<String, String> h : headers) {
      out.add(h.getKey(), h.getValue().replace(key, REPLACEMENT));
    }
    return out;
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
