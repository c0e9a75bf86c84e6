package io.github.dbqueryagent;

/**
 * The language model failed: unreachable, rate-limited, timed out, refused the request, or replied
 * with something that is not usable. {@link #retriable()} says whether the same call may succeed later.
 */
public class ModelException extends QueryAgentException {
  private static final long serialVersionUID = 1L;
  private final boolean retriable;
  private final int statusCode;

  /**
   * Creates the exception.
   *
   * @param message a one-line reason (never containing an API key)
   * @param retriable whether retrying may succeed (rate limit, timeout, server error)
   * @param statusCode the HTTP status, or 0 when there was none
   * @param cause the underlying failure, or null
   */
  public ModelException(String message, boolean retriable, int statusCode, Throwable cause) {
    this(Stage.GENERATE, message, retriable, statusCode, cause);
  }

  /**
   * Creates the exception for a model call in another stage (for example {@link Stage#SUMMARIZE}).
   *
   * @param stage the stage whose model call failed
   * @param message a one-line reason (never containing an API key)
   * @param retriable whether retrying may succeed
   * @param statusCode the HTTP status, or 0
   * @param cause the underlying failure, or null
   */
  public ModelException(Stage stage, String message, boolean retriable, int statusCode, Throwable cause) {
    super(stage, message, cause);
    this.retriable = retriable;
    this.statusCode = statusCode;
  }

  /** Returns whether the same call may succeed later. */
  public boolean retriable() {
    return retriable;
  }

  /** Returns the HTTP status code, or 0 when there was none. */
  public int statusCode() {
    return statusCode;
  }
}
