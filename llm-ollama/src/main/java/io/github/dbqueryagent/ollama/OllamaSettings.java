package io.github.dbqueryagent.ollama;

import java.time.Duration;
import java.util.List;

/** Checks the settings the Ollama builders share and formats them for the wire. Stateless. */
final class OllamaSettings {
  /** The longest timeout accepted, one hour. */
  static final Duration MAX_TIMEOUT = Duration.ofHours(1);

  /** The longest retry backoff accepted, one minute. */
  static final Duration MAX_RETRY_BACKOFF = Duration.ofMinutes(1);

  private OllamaSettings() {}

  /**
   * Normalizes a base URL ({@code source} "OLLAMA_HOST" reads it as the {@code ollama} command does).
   *
   * @return the URL, or null after adding a problem
   */
  static String checkBaseUrl(String baseUrl, String source, List<String> problems) {
    try {
      return source.equals("OLLAMA_HOST") ? OllamaUrls.fromOllamaHost(baseUrl) : OllamaUrls.normalizeBaseUrl(baseUrl);
    } catch (IllegalArgumentException e) {
      problems.add(source + " '" + baseUrl.strip() + "' " + e.getMessage());
      return null;
    }
  }

  static void checkModel(String model, String source, String example, List<String> problems) {
    if (model.isBlank()) {
      problems.add(source + " must not be blank (for example \"" + example + "\")");
    } else if (!model.strip().codePoints().noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      problems.add(source + " '" + model + "' must not contain whitespace or control characters");
    }
  }

  static void checkTimeout(Duration timeout, List<String> problems) {
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
      problems.add("timeout must be positive and at most 1 hour (got " + timeout + ")");
    }
  }

  static void checkRetries(int maxRetries, int max, Duration retryBackoff, List<String> problems) {
    if (maxRetries < 0 || maxRetries > max) {
      problems.add("maxRetries must be between 0 and " + max + " (got " + maxRetries + ")");
    }
    if (retryBackoff.isNegative() || retryBackoff.compareTo(MAX_RETRY_BACKOFF) > 0) {
      problems.add("retryBackoff must be zero or positive and at most 1 minute (got " + retryBackoff + ")");
    }
  }

  /**
   * Formats a duration as Ollama's {@code keep_alive} accepts it (a Go duration string): {@code "300000ms"};
   * a negative duration becomes {@code "-1s"}, which keeps the model loaded indefinitely.
   */
  static String goDuration(Duration d) {
    return d.isNegative() ? "-1s" : d.toMillis() + "ms";
  }
}
