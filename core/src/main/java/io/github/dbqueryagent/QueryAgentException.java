package io.github.dbqueryagent;

import java.util.Objects;

/**
 * The root of every exception the agent throws. Unchecked; each subtype says what the caller can do.
 *
 * <p>The {@link #stage()} names the pipeline stage that failed; the cause is kept. Messages never
 * contain credentials.
 */
public class QueryAgentException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final Stage stage;

  /**
   * Creates an exception.
   *
   * @param stage the stage that failed
   * @param message a one-line reason a person can act on
   * @param cause the underlying failure, or null
   */
  public QueryAgentException(Stage stage, String message, Throwable cause) {
    super(message, cause);
    this.stage = Objects.requireNonNull(stage, "stage");
  }

  /** Creates an exception without cause. */
  public QueryAgentException(Stage stage, String message) {
    this(stage, message, null);
  }

  /** Returns the pipeline stage that failed. */
  public Stage stage() {
    return stage;
  }
}
