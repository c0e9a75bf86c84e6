package io.github.dbqueryagent.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.dbqueryagent.ModelException;
import io.github.dbqueryagent.Stage;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Locale;

/** Turns what went wrong talking to Ollama into {@link ModelException}s a person can act on. Stateless. */
final class OllamaErrors {
  private OllamaErrors() {}

  /** The server answered with a status other than 200; {@code body} is what it sent (possibly cut). */
  static ModelException forStatus(int status, String body, String baseUrl, String model) {
    return forStatus(Stage.GENERATE, "/api/chat", status, body, baseUrl, model);
  }

  /**
   * The server answered {@code endpoint} (for example {@code /api/embed}) with a status other than 200;
   * the exception names {@code stage}.
   */
  static ModelException forStatus(
      Stage stage, String endpoint, int status, String body, String baseUrl, String model) {
    String error = errorText(body);
    String lower = error.toLowerCase(Locale.ROOT);
    if (status == 404 && lower.contains("model") && lower.contains("not found")) {
      return new ModelException(stage,
          "Ollama at " + baseUrl + " has no model '" + model + "' (HTTP 404: " + error + "): run `ollama pull "
              + model + "`, or choose an installed model (see `ollama list`)",
          false, status, null);
    }
    if (status == 404) {
      return new ModelException(stage,
          "no Ollama API at " + baseUrl + endpoint + " (HTTP 404: " + error + "): baseUrl must be the Ollama server's"
              + " root, such as http://localhost:11434",
          false, status, null);
    }
    boolean retriable = status == 408 || status == 429 || status >= 500;
    return new ModelException(stage,
        "Ollama at " + baseUrl + (retriable ? " failed" : " rejected the request") + " (HTTP " + status + "): "
            + error,
        retriable, status, null);
  }

  /** The call failed before or while the reply arrived. */
  static ModelException forFailure(Throwable failure, String baseUrl, Duration timeout) {
    return forFailure(Stage.GENERATE, failure, baseUrl, timeout);
  }

  /** The call failed before or while the reply arrived; the exception names {@code stage}. */
  static ModelException forFailure(Stage stage, Throwable failure, String baseUrl, Duration timeout) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ModelException) {
        return (ModelException) t;
      }
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof HttpConnectTimeoutException) {
        return new ModelException(stage,
            "could not connect to Ollama at " + baseUrl + " within " + seconds(timeout) + ": is the server up and"
                + " reachable from here?",
            true, 0, failure);
      }
      if (t instanceof HttpTimeoutException) {
        return timeout(stage, baseUrl, timeout, failure);
      }
      if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
        return new ModelException(stage,
            "the host of Ollama's baseUrl " + baseUrl + " cannot be resolved: check baseUrl or OLLAMA_HOST",
            false, 0, failure);
      }
      if (t instanceof ConnectException) {
        return new ModelException(stage,
            "Ollama is not running at " + baseUrl + " (connection refused): start it with `ollama serve` (or the"
                + " Ollama app), or point OLLAMA_HOST / baseUrl(...) at the server where it runs",
            true, 0, failure);
      }
    }
    if (failure instanceof IOException) {
      return new ModelException(stage,
          "the connection to Ollama at " + baseUrl + " failed: " + failure.getMessage(), true, 0, failure);
    }
    return new ModelException(stage,
        "calling Ollama at " + baseUrl + " failed: " + failure, false, 0, failure);
  }

  /** The whole call took longer than the generator's timeout. */
  static ModelException timeout(String baseUrl, Duration timeout, Throwable cause) {
    return timeout(Stage.GENERATE, baseUrl, timeout, cause);
  }

  /** The whole call took longer than the timeout; the exception names {@code stage}. */
  static ModelException timeout(Stage stage, String baseUrl, Duration timeout, Throwable cause) {
    return new ModelException(stage,
        "Ollama at " + baseUrl + " did not finish its reply within " + seconds(timeout) + ": loading a large model"
            + " can take a while; try again or raise timeout(...)",
        true, 0, cause);
  }

  /** The server sent something that is not its protocol. */
  static ModelException malformed(String what, String sample, Throwable cause) {
    return malformed(Stage.GENERATE, what, sample, cause);
  }

  /** The server sent something that is not its protocol; the exception names {@code stage}. */
  static ModelException malformed(Stage stage, String what, String sample, Throwable cause) {
    return new ModelException(stage,
        "Ollama sent " + what + ": \"" + snippet(sample) + "\"", false, 200, cause);
  }

  private static String errorText(String body) {
    String b = body.strip();
    if (b.startsWith("{")) {
      try {
        JsonNode node = OllamaSqlGenerator.JSON.readTree(b);
        JsonNode error = node.get("error");
        if (error != null && error.isTextual()) {
          return error.asText();
        }
      } catch (IOException e) {
        // not JSON after all: show the text
      }
    }
    return b.isEmpty() ? "no message" : snippet(b);
  }

  /** Returns the start of a text on one line, at most 200 characters. */
  private static String snippet(String text) {
    String s = text.replaceAll("\\s+", " ").strip();
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }

  static String seconds(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
  }
}
