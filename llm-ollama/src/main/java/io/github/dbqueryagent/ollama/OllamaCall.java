package io.github.dbqueryagent.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.dbqueryagent.ModelException;
import io.github.dbqueryagent.Stage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One non-streaming JSON call to an Ollama endpoint with retries, shared by {@link OllamaEmbeddingModel}
 * and {@link OllamaSummaryModel}. Immutable and thread-safe.
 *
 * <p>Each attempt is one HTTP exchange bounded by {@code timeout}. An attempt that fails with 429, a 5xx
 * status, a refused or timed-out connection, or a connection that broke off is tried again, up to {@code
 * maxRetries} more times, after a pause of {@code retryBackoff × 2^(retry−1)} (at most 30 seconds) with
 * "equal jitter": a random time between half the pause and the whole of it, so that clients that failed
 * together do not retry together. Other 4xx statuses, replies that are not JSON and a reply that did not
 * arrive within the timeout are not retried (a model still loading would only time out again).
 */
final class OllamaCall {
  /** The longest pause between two attempts. */
  static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  /** The longest connect timeout, whatever the call's timeout. */
  private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final Stage stage;
  private final String baseUrl;
  private final String model;
  private final Duration timeout;
  private final int maxRetries;
  private final Duration retryBackoff;
  private final HttpClient http;

  OllamaCall(Stage stage, String baseUrl, String model, Duration timeout, int maxRetries, Duration retryBackoff) {
    this.stage = stage;
    this.baseUrl = baseUrl;
    this.model = model;
    this.timeout = timeout;
    this.maxRetries = maxRetries;
    this.retryBackoff = retryBackoff;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(timeout.compareTo(MAX_CONNECT_TIMEOUT) < 0 ? timeout : MAX_CONNECT_TIMEOUT)
            .build();
  }

  /**
   * POSTs {@code body} to {@code endpoint} and returns the 200 reply as a JSON object, retrying as the
   * class comment says.
   *
   * @throws ModelException with this call's stage when every attempt failed, or the reply is not a JSON
   *     object; with the interrupt flag set again when the thread was interrupted
   */
  ObjectNode post(String endpoint, ObjectNode body) {
    byte[] bytes;
    try {
      bytes = OllamaSqlGenerator.JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + endpoint))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
            .build();
    for (int retry = 0; ; retry++) {
      Attempt attempt = once(endpoint, request);
      if (attempt.reply != null) {
        return attempt.reply;
      }
      if (!attempt.retry || retry >= maxRetries) {
        if (retry > 0) {
          ModelException last = attempt.error;
          throw new ModelException(stage, last.getMessage() + " (after " + (retry + 1) + " attempts)",
              last.retriable(), last.statusCode(), last.getCause() != null ? last.getCause() : last);
        }
        throw attempt.error;
      }
      pause(retry + 1, attempt.error);
    }
  }

  /** The outcome of one exchange: a reply, or an error and whether trying again may help. */
  private record Attempt(ObjectNode reply, ModelException error, boolean retry) {}

  private Attempt once(String endpoint, HttpRequest request) {
    CompletableFuture<HttpResponse<String>> call = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> response;
    try {
      response = call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      call.cancel(true);
      Thread.currentThread().interrupt();
      throw new ModelException(stage, "interrupted while calling Ollama at " + baseUrl + endpoint, false, 0, e);
    } catch (TimeoutException e) {
      call.cancel(true);
      return new Attempt(null, OllamaErrors.timeout(stage, baseUrl, timeout, e), false);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      ModelException error = OllamaErrors.forFailure(stage, cause, baseUrl, timeout);
      boolean timedOut = false;
      for (Throwable t = cause; t != null; t = t.getCause()) {
        if (t instanceof HttpTimeoutException && !(t instanceof java.net.http.HttpConnectTimeoutException)) {
          timedOut = true;
        }
      }
      return new Attempt(null, error, error.retriable() && !timedOut);
    }
    int status = response.statusCode();
    String text = response.body() == null ? "" : response.body();
    if (status != 200) {
      ModelException error = OllamaErrors.forStatus(stage, endpoint, status, text, baseUrl, model);
      return new Attempt(null, error, status == 429 || status >= 500);
    }
    JsonNode node;
    try {
      node = OllamaSqlGenerator.JSON.readTree(text);
    } catch (IOException e) {
      throw OllamaErrors.malformed(stage, "a reply that is not JSON", text, e);
    }
    if (node == null || !node.isObject()) {
      throw OllamaErrors.malformed(stage, "a reply that is not a JSON object", text, null);
    }
    return new Attempt((ObjectNode) node, null, false);
  }

  private void pause(int retry, ModelException cause) {
    long base = retryBackoff.toNanos();
    long max = MAX_BACKOFF.toNanos();
    long delay = base;
    for (int i = 1; i < retry && delay < max; i++) {
      delay = delay > max / 2 ? max : delay * 2;
    }
    delay = Math.min(delay, max);
    long jittered = delay / 2 + (delay / 2 > 0 ? ThreadLocalRandom.current().nextLong(delay - delay / 2 + 1) : 0);
    try {
      TimeUnit.NANOSECONDS.sleep(jittered);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ModelException(stage, "interrupted while waiting to retry Ollama after: " + cause.getMessage(),
          false, cause.statusCode(), e);
    }
  }
}
