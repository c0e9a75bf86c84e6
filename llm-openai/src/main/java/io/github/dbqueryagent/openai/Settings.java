package io.github.dbqueryagent.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Checks and client construction shared by the builders of this package. Stateless. */
final class Settings {
  private Settings() {}

  /** Adds a problem for each invalid common setting: API key, base URL, model, timeout, retries. */
  static void check(List<String> problems, String apiKey, String baseUrl, String model, String defaultModel,
      Duration timeout, int maxRetries) {
    if (apiKey.isBlank()) {
      problems.add("apiKey is missing: call apiKey(...) or set " + OpenAiSqlGenerator.ENV_API_KEY);
    }
    String url = baseUrl.strip();
    if (!isHttpUrl(url)) {
      problems.add("baseUrl must be an absolute http or https URL such as " + OpenAiSqlGenerator.DEFAULT_BASE_URL
          + ", was '" + Secrets.redactUrl(url) + "'");
    }
    if (model.isBlank()) {
      problems.add("model must not be blank (for example " + defaultModel + ")");
    }
    if (timeout.isZero() || timeout.isNegative()) {
      problems.add("timeout must be positive, was " + timeout);
    }
    if (maxRetries < 0 || maxRetries > OpenAiSqlGenerator.MAX_RETRIES_LIMIT) {
      problems.add("maxRetries must be between 0 and " + OpenAiSqlGenerator.MAX_RETRIES_LIMIT + ", was " + maxRetries);
    }
  }

  /** Builds a blocking openai-java client; the caller owns it. */
  static OpenAIClient client(String apiKey, String baseUrl, Duration timeout, int maxRetries) {
    return OpenAIOkHttpClient.builder().apiKey(apiKey).baseUrl(baseUrl).timeout(timeout).maxRetries(maxRetries).build();
  }

  static String stripTrailingSlashes(String url) {
    String u = url;
    while (u.endsWith("/")) u = u.substring(0, u.length() - 1);
    return u;
  }

  static boolean isHttpUrl(String url) {
    if (url.isEmpty()) return false;
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme();
      return uri.isAbsolute() && uri.getHost() != null && scheme != null
          && (scheme.toLowerCase(Locale.ROOT).equals("http") || scheme.toLowerCase(Locale.ROOT).equals("https"));
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
