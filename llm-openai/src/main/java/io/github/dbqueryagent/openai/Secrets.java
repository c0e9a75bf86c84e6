package io.github.dbqueryagent.openai;

import java.net.URI;
import java.net.URISyntaxException;

/** Keeps the API key (and URL credentials) out of messages. Immutable, thread-safe. */
final class Secrets {
  private static final String MASK = "****";

  private final String apiKey;

  Secrets(String apiKey) {
    this.apiKey = apiKey == null ? "" : apiKey;
  }

  /** Returns {@code text} with every occurrence of the API key replaced by {@code ****}. */
  String redact(String text) {
    if (text == null) return "";
    if (apiKey.isEmpty()) return text;
    return text.replace(apiKey, MASK);
  }

  /** Returns {@code ****} for a set key and {@code <unset>} for a blank one; never any part of the key. */
  static String mask(String apiKey) {
    return apiKey == null || apiKey.isBlank() ? "<unset>" : MASK;
  }

  /** Returns the URL with any {@code user:password@} part replaced by {@code ****@}. */
  static String redactUrl(String url) {
    if (url == null) return "";
    try {
      URI uri = new URI(url);
      if (uri.getRawUserInfo() == null) return url;
      return url.replace(uri.getRawUserInfo() + "@", MASK + "@");
    } catch (URISyntaxException e) {
      int at = url.indexOf('@');
      int scheme = url.indexOf("://");
      return at > 0 && scheme >= 0 && at > scheme ? url.substring(0, scheme + 3) + MASK + url.substring(at) : url;
    }
  }
}
