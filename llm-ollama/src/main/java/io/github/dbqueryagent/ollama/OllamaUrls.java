package io.github.dbqueryagent.ollama;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Parses and normalizes Ollama server addresses: the {@code baseUrl} a builder is given and the
 * {@code OLLAMA_HOST} environment variable. Stateless.
 */
final class OllamaUrls {
  /** Ollama's default port. */
  static final int DEFAULT_PORT = 11434;

  private OllamaUrls() {}

  /**
   * Checks and normalizes a base URL: an absolute {@code http} or {@code https} URL with a host, an
   * optional port and an optional path prefix (for a reverse proxy), without query, fragment or user
   * info. The scheme and host are lower-cased and a trailing {@code /} is removed.
   *
   * @return the normalized URL, for example {@code http://localhost:11434}
   * @throws IllegalArgumentException with a reason when the URL is not usable
   */
  static String normalizeBaseUrl(String raw) {
    String s = raw.strip();
    URI uri;
    try {
      uri = new URI(s);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("is not a valid URL (" + e.getReason() + ")", e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("must be an http:// or https:// URL such as http://localhost:11434");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("has no host name (host names may not contain '_')");
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("must not contain user info (user:password@)");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("must not contain a query or fragment");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    StringBuilder sb = new StringBuilder(scheme).append("://").append(uri.getHost().toLowerCase(Locale.ROOT));
    if (uri.getPort() != -1) {
      sb.append(':').append(uri.getPort());
    }
    return sb.append(path).toString();
  }

  /**
   * Reads {@code OLLAMA_HOST} the way the {@code ollama} command-line client does: {@code host},
   * {@code host:port}, {@code :port}, {@code [ipv6]:port}, {@code http://host:port} or {@code
   * https://host[:port][/path]}. Without a scheme the scheme is {@code http} and the default port 11434;
   * with {@code http://} or {@code https://} and no port the port is 80 or 443. An empty host means
   * {@code localhost}; the bind-all addresses {@code 0.0.0.0} and {@code ::} (often set so that the
   * server listens on every interface) are reached at {@code 127.0.0.1} and {@code ::1}.
   *
   * @param raw the variable's value, not blank
   * @return a normalized base URL
   * @throws IllegalArgumentException with a reason when the value cannot be used
   */
  static String fromOllamaHost(String raw) {
    String s = raw.strip();
    String scheme = "http";
    int defaultPort = DEFAULT_PORT;
    int sep = s.indexOf("://");
    if (sep >= 0) {
      scheme = s.substring(0, sep).toLowerCase(Locale.ROOT);
      s = s.substring(sep + 3);
      if (scheme.equals("http")) {
        defaultPort = 80;
      } else if (scheme.equals("https")) {
        defaultPort = 443;
      } else {
        throw new IllegalArgumentException("scheme must be http or https (got '" + scheme + "')");
      }
    }
    String path = "";
    int slash = s.indexOf('/');
    if (slash >= 0) {
      path = s.substring(slash);
      s = s.substring(0, slash);
    }
    String host;
    String port = null;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("has an IPv6 address without its closing ']'");
      }
      host = s.substring(1, close);
      String rest = s.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          throw new IllegalArgumentException("has unexpected text after the IPv6 address: '" + rest + "'");
        }
        port = rest.substring(1);
      }
    } else if (s.indexOf(':') != s.lastIndexOf(':')) {
      host = s; // a bare IPv6 address
    } else if (s.indexOf(':') >= 0) {
      host = s.substring(0, s.indexOf(':'));
      port = s.substring(s.indexOf(':') + 1);
    } else {
      host = s;
    }
    if (host.isEmpty()) {
      host = "localhost";
    } else if (host.equals("0.0.0.0")) {
      host = "127.0.0.1";
    } else if (host.equals("::") || host.equals("0:0:0:0:0:0:0:0")) {
      host = "::1";
    }
    int p = defaultPort;
    if (port != null) {
      if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
        throw new IllegalArgumentException("has an invalid port '" + port + "' (1 to 65535)");
      }
      p = Integer.parseInt(port);
    }
    String authority = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    return normalizeBaseUrl(scheme + "://" + authority + ":" + p + path);
  }
}
