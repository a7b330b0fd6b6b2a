package ai.rivano.gateway.routing.translate;

/**
 * An inline image taken from a {@code data:} URL. OpenAI carries images as URLs (remote or data),
 * Anthropic as a base64 or url source, Gemini as {@code inlineData}.
 */
record ImageData(String mediaType, String base64) {

  /** Null when {@code url} is not a base64 data URL. */
  static ImageData fromDataUrl(String url) {
    if (url == null || !url.startsWith("data:")) {
      return null;
    }
    int comma = url.indexOf(',');
    if (comma < 0) {
      return null;
    }
    String header = url.substring(5, comma); // e.g. "image/png;base64"
    if (!header.endsWith(";base64")) {
      return null; // percent-encoded data URLs are not images in practice; treated as unsupported
    }
    String mediaType = header.substring(0, header.length() - ";base64".length());
    return new ImageData(mediaType.isEmpty() ? "image/png" : mediaType, url.substring(comma + 1));
  }

  String toDataUrl() {
    return "data:" + mediaType + ";base64," + base64;
  }
}
