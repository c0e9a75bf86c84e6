package io.github.dbqueryagent.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIRetryableException;
import com.openai.errors.OpenAIServiceException;
import io.github.dbqueryagent.ModelException;
import io.github.dbqueryagent.Stage;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Maps openai-java failures to {@link ModelException}s whose messages say what to do. Stateless. */
final class Errors {
  private static final int MAX_SERVER_MESSAGE = 300;

  private Errors() {}

  /**
   * Maps a failure of the chat-completions call of {@link OpenAiSqlGenerator} (stage {@link Stage#GENERATE}).
   *
   * @param failure what the future failed with, or what the client threw
   * @param baseUrl the base URL, named in connection errors
   * @param timeout the limit of the attempt, named in timeout errors
   */
  static ModelException map(Throwable failure, String baseUrl, Duration timeout, Secrets secrets) {
    return map(failure, baseUrl, timeout, secrets, Stage.GENERATE, OpenAiSqlGenerator.ENV_MODEL, "chat-completions",
        "attemptTimeout");
  }

  /**
   * Maps a failure of any call.
   *
   * @param failure what the future failed with, or what the client threw
   * @param baseUrl the base URL, named in connection errors
   * @param timeout the per-attempt timeout, named in timeout errors
   * @param stage the stage the exception names
   * @param modelVariable the environment variable holding the model, named in HTTP 404 messages
   * @param endpoint the endpoint's name in messages, for example {@code "embeddings"}
   */
  static ModelException map(Throwable failure, String baseUrl, Duration timeout, Secrets secrets, Stage stage,
      String modelVariable, String endpoint) {
    return map(failure, baseUrl, timeout, secrets, stage, modelVariable, endpoint, "timeout");
  }

  private static ModelException map(Throwable failure, String baseUrl, Duration timeout, Secrets secrets, Stage stage,
      String modelVariable, String endpoint, String timeoutSetting) {
    Throwable t = unwrap(failure);
    String where = Secrets.redactUrl(baseUrl);
    if (t instanceof ModelException) {
      return (ModelException) t;
    }
    if (t instanceof OpenAIServiceException) {
      return service((OpenAIServiceException) t, where, secrets, stage, modelVariable);
    }
    if (t instanceof OpenAIIoException || t instanceof java.io.IOException) {
      return io(t, where, timeout, secrets, stage, timeoutSetting);
    }
    if (t instanceof OpenAIRetryableException) {
      return new ModelException(stage, "the model call to " + where + " failed and may succeed later: "
          + secrets.redact(t.getMessage()), true, 0, safe(t, secrets));
    }
    if (t instanceof OpenAIInvalidDataException) {
      return new ModelException(stage, "the server at " + where + " did not reply in the OpenAI " + endpoint
          + " format: " + secrets.redact(t.getMessage()), false, 0, safe(t, secrets));
    }
    if (t instanceof OpenAIException) {
      return new ModelException(stage, "the model call to " + where + " failed: " + secrets.redact(t.getMessage()),
          false, 0, safe(t, secrets));
    }
    return new ModelException(stage, "the model call to " + where + " failed unexpectedly: " + t.getClass().getName()
        + (t.getMessage() == null ? "" : ": " + secrets.redact(t.getMessage())), false, 0, safe(t, secrets));
  }

  private static ModelException service(OpenAIServiceException e, String where, Secrets secrets, Stage stage,
      String modelVariable) {
    int status = e.statusCode();
    // Never quote the server's text for auth failures: OpenAI echoes part of the key there.
    if (status == 401) {
      return new ModelException(stage, "the model server at " + where + " rejected the API key (HTTP 401): check "
          + OpenAiSqlGenerator.ENV_API_KEY + " or the apiKey(...) setting", false, status, null);
    }
    if (status == 403) {
      return new ModelException(stage, "the model server at " + where + " denied access (HTTP 403): check "
          + OpenAiSqlGenerator.ENV_API_KEY + " and that the key may use this model", false, status, null);
    }
    String detail = serverMessage(e).map(m -> ": " + secrets.redact(m)).orElse("");
    String code = e.code().orElse("");
    if (status == 429 && (code.equals("insufficient_quota") || e.type().orElse("").equals("insufficient_quota"))) {
      return new ModelException(stage, "the account behind the API key has no quota left (HTTP 429 insufficient_quota)"
          + detail, false, status, safe(e, secrets));
    }
    if (status == 429) {
      return new ModelException(stage, "the model server at " + where + " is rate-limiting requests (HTTP 429); "
          + "try again later" + detail, true, status, safe(e, secrets));
    }
    if (status == 408 || status == 409) {
      return new ModelException(stage, "the model server at " + where + " asked to retry (HTTP " + status + ")" + detail,
          true, status, safe(e, secrets));
    }
    if (status >= 500) {
      return new ModelException(stage, "the model server at " + where + " failed (HTTP " + status + "); try again later"
          + detail, true, status, safe(e, secrets));
    }
    if (status == 404) {
      return new ModelException(stage, "the model server at " + where + " answered HTTP 404: check the model name ("
          + modelVariable + ") and the base URL (" + OpenAiSqlGenerator.ENV_BASE_URL
          + ", usually ending in /v1)" + detail, false, status, safe(e, secrets));
    }
    if (status == 400 || status == 422) {
      return new ModelException(stage, "the model server at " + where + " rejected the request (HTTP " + status + ")"
          + detail, false, status, safe(e, secrets));
    }
    return new ModelException(stage, "the model server at " + where + " answered HTTP " + status + detail, false, status, safe(e, secrets));
  }

  private static ModelException io(Throwable e, String where, Duration timeout, Secrets secrets, Stage stage,
      String timeoutSetting) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof ConnectException || c instanceof NoRouteToHostException) {
        return new ModelException(stage, "cannot connect to the model server at " + where + ": " + c.getMessage()
            + "; is it running and is the base URL (" + OpenAiSqlGenerator.ENV_BASE_URL + ") right?", true, 0, safe(e, secrets));
      }
      if (c instanceof UnknownHostException) {
        return new ModelException(stage, "cannot resolve the host of the model server at " + where + " ("
            + c.getMessage() + "); check the base URL (" + OpenAiSqlGenerator.ENV_BASE_URL + ")", true, 0, safe(e, secrets));
      }
      if (c instanceof SocketTimeoutException
          || (c instanceof InterruptedIOException && "timeout".equalsIgnoreCase(String.valueOf(c.getMessage())))) {
        return new ModelException(stage, "the model server at " + where + " did not answer within " + timeout
            + " (timeout); try again or raise " + timeoutSetting + "(...)", true, 0, safe(e, secrets));
      }
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    return new ModelException(stage, "I/O error talking to the model server at " + where + ": "
        + secrets.redact(String.valueOf(root.getMessage())), true, 0, safe(e, secrets));
  }

  private static Optional<String> serverMessage(OpenAIServiceException e) {
    try {
      JsonNode body = e.body().convert(JsonNode.class);
      if (body == null || body.isNull() || body.isMissingNode()) return Optional.empty();
      if (body.isTextual()) return nonBlank(body.asText());
      JsonNode error = body.path("error");
      if (error.isTextual()) return nonBlank(error.asText());
      JsonNode message = error.isObject() ? error.path("message") : body.path("message");
      return message.isTextual() ? nonBlank(message.asText()) : Optional.empty();
    } catch (RuntimeException ignored) {
      return Optional.empty();
    }
  }

  private static Optional<String> nonBlank(String s) {
    return s == null || s.isBlank() ? Optional.empty() : Optional.of(shorten(s));
  }

  private static String shorten(String s) {
    String one = s.replaceAll("\\s+", " ").strip();
    return one.length() <= MAX_SERVER_MESSAGE ? one : one.substring(0, MAX_SERVER_MESSAGE - 3) + "...";
  }

  private static Throwable unwrap(Throwable t) {
    Throwable x = t;
    while ((x instanceof CompletionException || x instanceof ExecutionException) && x.getCause() != null) {
      x = x.getCause();
    }
    return x;
  }

  /**
   * The cause a {@link ModelException} keeps: a copy of the client's exception (and of its causes) whose
   * messages are redacted like the exception's own, with the same stack traces. The client's exceptions
   * quote the server's reply, which some servers fill with the API key they were sent.
   */
  static Throwable safe(Throwable t, Secrets secrets) {
    return safe(t, secrets, 0);
  }

  private static Throwable safe(Throwable t, Secrets secrets, int depth) {
    if (t == null || depth > 8) return null;
    String message = t.getMessage() == null ? t.getClass().getName() : t.getClass().getName() + ": " + secrets.redact(t.getMessage());
    RedactedCause copy = new RedactedCause(message, safe(t.getCause(), secrets, depth + 1), t);
    copy.setStackTrace(t.getStackTrace());
    return copy;
  }

  /**
   * Returns the client's own exception behind a cause made by {@link #safe}, for this module's use (its
   * response headers, such as {@code Retry-After}); any other throwable as it is.
   */
  static Throwable original(Throwable cause) {
    return cause instanceof RedactedCause ? ((RedactedCause) cause).original : cause;
  }

  /**
   * A redacted stand-in for a client exception in a cause chain. The original is kept for this module only
   * (never serialized, no public accessor).
   */
  static final class RedactedCause extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Throwable original;

    RedactedCause(String message, Throwable cause, Throwable original) {
      super(message, cause);
      this.original = original;
    }
  }
}
